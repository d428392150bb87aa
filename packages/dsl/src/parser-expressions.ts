/**
 * The expression half of the `.journey` grammar: values, conditions, tests, literals and
 * durations (spec §1, from `value` down), and the parser's error messages.
 *
 * `JourneyParser` (parser.ts) extends this class with the declarations, stages and actions;
 * Chevrotain grammars compose by inheritance, and the self-analysis runs once, in the subclass.
 */
import { CstParser, EOF, type IParserErrorMessageProvider, type IToken, type TokenType } from "chevrotain";
import * as T from "./lexer.js";

const RULE_DESCRIPTIONS: Record<string, string> = {
  journeyItem: "a declaration or a stage",
  strayStageItem: "a declaration or a stage",
  stageItem: 'a label, a description, a block ("on enter", "after 2 days", ...) or "go to"',
  trigger: '"on enter", "on exit", "on event", "after" or "every"',
  onTrigger: '"enter", "exit" or "event"',
  transitionTail: '"when" or "after"',
  action: 'an action ("send", "tag", "untag", "set", "add", "go to" or "split")',
  splitArm: '"variant" or "control"',
  fieldType: 'a type ("text", "number", "yes/no", "datetime", "one of" or "list of text")',
  goalTail: '"when" or "stage"',
  reentryTail: '"never", "always" or "after"',
  notCond: "a condition",
  atom: "a condition",
  propCond: 'a property test (such as `value > 0`) or "("',
  test: 'a test ("==", "!=", "<", "<=", ">", ">=", "in", "contains", "is set", "more than", "less than")',
  value: "a value",
  literal: 'a value (a string, a number, "yes", "no" or "date")',
  guardKeyword: '"if" or "unless"',
  agoTail: '"more" or "less"',
};

function tokenLabel(type: TokenType): string {
  return type.LABEL ?? type.name;
}

function afterPhrase(previous: IToken | undefined): string {
  if (!previous || previous.tokenType === EOF || !previous.image) return "";
  return ` after "${previous.image.length > 30 ? `${previous.image.slice(0, 30)}…` : previous.image}"`;
}

/** Messages without the "found ..." part; `parse` appends it from the offending token. */
export const errorMessageProvider: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, previous }) {
    // Recovery at the end of a run of items expects the end of the input: say what could go there.
    if (expected === EOF) return "Expected a declaration or a stage";
    return `Expected ${tokenLabel(expected)}${afterPhrase(previous)}`;
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    return `Unexpected "${firstRedundant.image}" after the end of the journey`;
  },
  buildNoViableAltMessage({ previous, ruleName }) {
    return `Expected ${RULE_DESCRIPTIONS[ruleName] ?? "something else"}${afterPhrase(previous)}`;
  },
  buildEarlyExitMessage({ expectedIterationPaths, previous, ruleName }) {
    const first = expectedIterationPaths[0]?.[0];
    const what = RULE_DESCRIPTIONS[ruleName] ?? (first ? tokenLabel(first) : "more input");
    return `Expected ${what}${afterPhrase(previous)}`;
  },
};

/** Conditions and values; abstract in spirit: only `JourneyParser` is ever instantiated. */
export class ExpressionGrammar extends CstParser {
  constructor() {
    super(T.allTokens as TokenType[], {
      recoveryEnabled: true,
      nodeLocationTracking: "onlyOffset",
      maxLookahead: 3,
      errorMessageProvider,
    });
  }

  value = this.RULE("value", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.literal) },
      { ALT: () => this.CONSUME(T.Identifier) },
      { ALT: () => this.SUBRULE(this.eventProp) },
    ]);
  });

  eventProp = this.RULE("eventProp", () => {
    this.CONSUME(T.Event);
    this.CONSUME(T.Dot);
    this.CONSUME(T.Identifier, { ERR_MSG: 'Expected a property name after "event."' });
  });

  condition = this.RULE("condition", () => {
    this.SUBRULE(this.andCond);
    this.MANY(() => {
      this.CONSUME(T.Or);
      this.SUBRULE2(this.andCond);
    });
  });

  andCond = this.RULE("andCond", () => {
    this.SUBRULE(this.notCond);
    this.MANY(() => {
      this.CONSUME(T.And);
      this.SUBRULE2(this.notCond);
    });
  });

  notCond = this.RULE("notCond", () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Not);
          this.SUBRULE(this.notCond);
        },
      },
      { ALT: () => this.SUBRULE(this.atom) },
    ]);
  });

  atom = this.RULE("atom", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.parenCond) },
      {
        ALT: () => {
          this.CONSUME(T.Event);
          this.CONSUME(T.Identifier, { ERR_MSG: 'Expected the event name after "event"' });
          this.OPTION(() => {
            this.CONSUME(T.With);
            this.SUBRULE(this.propCond);
          });
        },
      },
      {
        ALT: () => {
          this.SUBRULE(this.eventProp);
          this.SUBRULE(this.test);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Inactive);
          this.CONSUME(T.For, { ERR_MSG: 'Expected "for" after "inactive"' });
          this.SUBRULE(this.duration);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.In);
          this.CONSUME(T.Stage, { ERR_MSG: 'Expected "stage for" after "in"' });
          this.CONSUME2(T.For, { ERR_MSG: 'Expected "for" after "in stage"' });
          this.SUBRULE2(this.duration);
        },
      },
      {
        ALT: () => {
          this.CONSUME2(T.Identifier);
          this.OPTION2(() => this.SUBRULE2(this.test));
        },
      },
    ]);
  });

  parenCond = this.RULE("parenCond", () => {
    this.CONSUME(T.LParen);
    this.SUBRULE(this.condition);
    this.CONSUME(T.RParen, { ERR_MSG: 'Expected ")" to close the condition' });
  });

  propCond = this.RULE("propCond", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.parenCond) },
      {
        ALT: () => {
          this.CONSUME(T.Identifier);
          this.SUBRULE(this.test);
        },
      },
    ]);
  });

  test = this.RULE("test", () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.CompareOperator);
          this.SUBRULE(this.literal);
        },
      },
      {
        ALT: () => {
          this.OPTION(() => this.CONSUME(T.Not));
          this.CONSUME(T.In);
          this.CONSUME(T.LParen, { ERR_MSG: 'Expected "(" after "in"' });
          this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE2(this.literal) });
          this.CONSUME(T.RParen, { ERR_MSG: 'Expected ")" to close the list, or ","' });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Contains);
          this.SUBRULE3(this.literal);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Is);
          this.OPTION2(() => this.CONSUME2(T.Not));
          this.CONSUME(T.SetKw, { ERR_MSG: 'Expected "set" after "is" (as in "is set" or "is not set")' });
        },
      },
      {
        ALT: () => {
          this.SUBRULE(this.agoTail);
          this.CONSUME(T.Than, { ERR_MSG: 'Expected "than" (as in "more than 30 days ago")' });
          this.SUBRULE(this.duration);
          this.CONSUME(T.Ago, { ERR_MSG: 'Expected "ago" after the duration' });
        },
      },
    ]);
  });

  agoTail = this.RULE("agoTail", () => {
    this.OR([{ ALT: () => this.CONSUME(T.More) }, { ALT: () => this.CONSUME(T.Less) }]);
  });

  literal = this.RULE("literal", () => {
    this.OR([
      { ALT: () => this.CONSUME(T.StringLiteral) },
      { ALT: () => this.CONSUME(T.NumberLiteral) },
      { ALT: () => this.CONSUME(T.Yes) },
      { ALT: () => this.CONSUME(T.No) },
      {
        ALT: () => {
          this.CONSUME(T.DateKw);
          this.CONSUME2(T.StringLiteral, { ERR_MSG: 'Expected a date string (such as "2025-01-31") after "date"' });
        },
      },
    ]);
  });

  duration = this.RULE("duration", () => {
    this.CONSUME(T.NumberLiteral, { ERR_MSG: "Expected a duration (such as 3 days)" });
    this.CONSUME(T.DurationUnit, { ERR_MSG: 'Expected a time unit ("seconds", "minutes", "hours", "days" or "weeks")' });
  });
}
