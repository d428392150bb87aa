/**
 * The expression half of the `.journey` grammar: values, conditions, tests, literals and
 * durations (spec §1, from `value` down), and the parser's error messages.
 *
 * `StageGrammar` (parser-stages.ts) extends this class with stages and actions, and
 * `JourneyParser` (parser.ts) with the file and the declarations; Chevrotain grammars compose
 * by inheritance, and the self-analysis runs once, in `JourneyParser`.
 */
import { type AtLeastOneSepMethodOpts, CstParser, EOF, type IOrAlt, type IParserErrorMessageProvider, type IToken, type OrMethodOpts, type TokenType } from "chevrotain";
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
  atom: "a condition",
  propCond: 'a property test (such as `value > 0`) or "("',
  test: 'a test ("==", "!=", "<", "<=", ">", ">=", "in", "contains", "is set", "more than", "less than")',
  value: "a value",
  literal: 'a value (a string, a number, "yes", "no" or "date")',
  agoTail: '"more" or "less"',
};

const ACTION_FORMS =
  'Actions are `send CHANNEL "template" [with { key: value }]`, `tag "t"`, `untag "t"`, `set field = value`, `add 1 to field`, `go to stage` (each optionally followed by `if` or `unless` and a condition) and `split`.';
const CONDITION_FORMS =
  "A condition combines tests such as `orders >= 2`, `event purchase`, `inactive for 7 days` or a segment name with `and`, `or`, `not` and parentheses.";
const FIELD_FORMS = 'A field is `name type [required]`; types are text, number, yes/no, datetime, list of text and one of "a", "b".';
const VALUE_FORMS = 'A value is a string ("x"), a number, yes, no or date "2025-01-31".';

/** A hint for a syntax error, by the innermost grammar rule it happened in. */
export const RULE_HINTS: Record<string, string> = {
  journeyFile: 'A file holds one journey: `journey "Name" { ... }`.',
  journeyHead: 'A file holds one journey: `journey "Name" { ... }`.',
  journeyItems: "Declarations and stages go between the journey's braces.",
  journeyItem: "Declarations and stages go between the journey's braces.",
  versionDecl: "Write `version 2`.",
  descriptionDecl: 'Write `description "..."`.',
  channelsDecl: "List the channels separated by commas: `channels email, sms`.",
  customerDecl: FIELD_FORMS,
  eventDecl: `Write \`event NAME\` or \`event NAME { fields }\`. ${FIELD_FORMS}`,
  field: FIELD_FORMS,
  fieldType: FIELD_FORMS,
  segmentDecl: "Write `segment NAME = CONDITION`.",
  enrollDecl: "Write `enroll when CONDITION`.",
  goalDecl: "Write `goal when CONDITION` or `goal stage STAGE`.",
  goalTail: "Write `goal when CONDITION` or `goal stage STAGE`.",
  exitDecl: "Write `exit when CONDITION`.",
  reentryDecl: "Write `reentry never`, `reentry always` or `reentry after 90 days`.",
  reentryTail: "Write `reentry never`, `reentry always` or `reentry after 90 days`.",
  holdoutDecl: "Write `holdout 5%`.",
  stage: "A stage is `stage NAME [initial] [terminal] { ... }`; the body is optional.",
  stageItem: "A stage holds `label`, `description`, blocks and `go to` transitions.",
  strayStageItem: "A stage holds `label`, `description`, blocks and `go to` transitions.",
  labelItem: 'Write `label "..."`.',
  stageDescription: 'Write `description "..."`.',
  block: `Blocks are \`on enter\`, \`on exit\`, \`on event NAME\`, \`after 2 days\` or \`every 1 week\`, then \`{ actions }\`.`,
  trigger: "Blocks are `on enter`, `on exit`, `on event NAME`, `after 2 days` or `every 1 week`, then `{ actions }`.",
  onTrigger: "Write `on enter`, `on exit` or `on event NAME`.",
  transition: "Write `go to STAGE when CONDITION` or `go to STAGE after 3 days`.",
  transitionTail: "Write `go to STAGE when CONDITION` or `go to STAGE after 3 days`.",
  action: ACTION_FORMS,
  pair: "Data is written `with { key: value, other: event.prop }`.",
  guard: CONDITION_FORMS,
  split: "A split is `split NAME { variant A 50% { actions } control 50% }`.",
  splitArm: "A split is `split NAME { variant A 50% { actions } control 50% }`.",
  value: VALUE_FORMS,
  literal: VALUE_FORMS,
  eventProp: "Event properties are written `event.name`.",
  condition: CONDITION_FORMS,
  atom: CONDITION_FORMS,
  parenCond: CONDITION_FORMS,
  propCond: "After `with`, write a property test such as `value > 0`, or a condition in parentheses.",
  test: "Tests are `== != < <= > >=` VALUE, `[not] in (A, B)`, `contains` VALUE, `is [not] set` and `more/less than 3 days ago`.",
  agoTail: "Write `more than 30 days ago` or `less than 7 days ago`.",
  duration: "Durations are a whole number and a unit, as in `3 days` or `1 hour`.",
};

function tokenLabel(type: TokenType): string {
  return type.LABEL ?? type.name;
}

/**
 * Stands for the token before the offending one in a message; `parseCst` fills it in. Chevrotain's
 * `previous` is the token before wherever recovery had got to, not before the token reported, so
 * messages read 'Expected "}" after "date", found "date"'.
 */
export const PREVIOUS_TOKEN = "\u0001";

function afterPhrase(previous: IToken | undefined): string {
  if (!previous || previous.tokenType === EOF || !previous.image) return "";
  return ` after ${PREVIOUS_TOKEN}`;
}

/** How a message quotes the token before the offending one. */
export function quotePrevious(previous: IToken): string {
  return `"${previous.image.length > 30 ? `${previous.image.slice(0, 30)}…` : previous.image}"`;
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
  buildNoViableAltMessage({ previous, ruleName, customUserDescription }) {
    if (customUserDescription) return customUserDescription;
    return `Expected ${RULE_DESCRIPTIONS[ruleName] ?? "something else"}${afterPhrase(previous)}`;
  },
  buildEarlyExitMessage({ expectedIterationPaths, previous, ruleName, customUserDescription }) {
    if (customUserDescription) return customUserDescription;
    const first = expectedIterationPaths[0]?.[0];
    const what = RULE_DESCRIPTIONS[ruleName] ?? (first ? tokenLabel(first) : "more input");
    return `Expected ${what}${afterPhrase(previous)}`;
  },
};

/** Conditions and values; abstract in spirit: only `JourneyParser` is ever instantiated. */
export class ExpressionGrammar extends CstParser {
  // Alternatives and options built once, on first use, instead of on every rule call (the
  // parser's main source of garbage besides the CST itself). They capture nothing but `this`.
  private valueAlts?: IOrAlt<unknown>[];
  private conditionAlts?: IOrAlt<unknown>[];
  private atomAlts?: IOrAlt<unknown>[];
  private propCondAlts?: IOrAlt<unknown>[];
  private testAlts?: IOrAlt<unknown>[];
  private agoTailAlts?: IOrAlt<unknown>[];
  private literalAlts?: IOrAlt<unknown>[];
  private atomAlts2?: OrMethodOpts<unknown>;
  private testSep?: AtLeastOneSepMethodOpts<unknown>;

  constructor() {
    super(T.allTokens as TokenType[], {
      recoveryEnabled: true,
      nodeLocationTracking: "onlyOffset",
      maxLookahead: 3,
      errorMessageProvider,
    });
  }

  value = this.RULE("value", () => {
    this.OR((this.valueAlts ??= [
      { ALT: () => this.SUBRULE(this.literal) },
      { ALT: () => this.CONSUME(T.Identifier) },
      { ALT: () => this.SUBRULE(this.eventProp) },
    ]));
  });

  eventProp = this.RULE("eventProp", () => {
    this.CONSUME(T.Event);
    this.CONSUME(T.Dot);
    this.CONSUME(T.Identifier, { ERR_MSG: 'Expected a property name after "event."' });
  });

  /**
   * `[not]* atom ((and | or) [not]* atom)*` as one flat node: the AST builder restores the
   * precedence (`not` over `and` over `or`) from token offsets. Flat is cheaper than one node
   * per precedence level, and `not not not ...` costs no recursion.
   */
  condition = this.RULE("condition", () => {
    this.MANY(() => this.CONSUME(T.Not));
    this.SUBRULE(this.atom);
    this.MANY2(() => {
      this.OR((this.conditionAlts ??= [{ ALT: () => this.CONSUME(T.And) }, { ALT: () => this.CONSUME(T.Or) }]));
      this.MANY3(() => this.CONSUME2(T.Not));
      this.SUBRULE2(this.atom);
    });
  });

  atom = this.RULE("atom", () => {
    this.OR((this.atomAlts ??= [
      { ALT: () => this.SUBRULE(this.parenCond) },
      {
        // `event NAME [with ...]` or `event.prop test`, decided after `event` so that a
        // missing name is reported there ("after "event"") rather than at `event`.
        ALT: () => {
          this.CONSUME(T.Event);
          this.OR2((this.atomAlts2 ??= {
            DEF: [
              {
                ALT: () => {
                  this.CONSUME(T.Dot);
                  this.CONSUME(T.Identifier, { ERR_MSG: 'Expected a property name after "event."' });
                  this.SUBRULE(this.test);
                },
              },
              {
                ALT: () => {
                  this.CONSUME3(T.Identifier);
                  this.OPTION(() => {
                    this.CONSUME(T.With);
                    this.SUBRULE(this.propCond);
                  });
                },
              },
            ],
            ERR_MSG: 'Expected an event name (or "." and a property) after "event"',
          }));
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
    ]));
  });

  parenCond = this.RULE("parenCond", () => {
    this.CONSUME(T.LParen);
    this.SUBRULE(this.condition);
    this.CONSUME(T.RParen, { ERR_MSG: 'Expected ")" to close the condition' });
  });

  propCond = this.RULE("propCond", () => {
    this.OR((this.propCondAlts ??= [
      { ALT: () => this.SUBRULE(this.parenCond) },
      {
        ALT: () => {
          this.CONSUME(T.Identifier);
          this.SUBRULE(this.test);
        },
      },
    ]));
  });

  test = this.RULE("test", () => {
    this.OR((this.testAlts ??= [
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
          this.AT_LEAST_ONE_SEP((this.testSep ??= { SEP: T.Comma, DEF: () => this.SUBRULE2(this.literal) }));
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
    ]));
  });

  agoTail = this.RULE("agoTail", () => {
    this.OR((this.agoTailAlts ??= [{ ALT: () => this.CONSUME(T.More) }, { ALT: () => this.CONSUME(T.Less) }]));
  });

  literal = this.RULE("literal", () => {
    this.OR((this.literalAlts ??= [
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
    ]));
  });

  duration = this.RULE("duration", () => {
    this.CONSUME(T.NumberLiteral, { ERR_MSG: "Expected a duration (such as 3 days)" });
    this.CONSUME(T.DurationUnit, { ERR_MSG: 'Expected a time unit ("seconds", "minutes", "hours", "days" or "weeks")' });
  });
}
