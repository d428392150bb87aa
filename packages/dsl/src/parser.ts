/**
 * The `.journey` grammar as a Chevrotain `CstParser` (spec §1, EBNF).
 *
 * One instance is built at module load (grammar analysis is the costly part) and reused:
 * `parseCst` assigns `parser.input`, which resets its state. Recovery is on, so a file with
 * several mistakes yields one error per mistake and a partial CST. Node locations are tracked
 * as offsets only: lines and columns come from `Source` on demand, and "full" tracking doubled
 * the parse time on a 10,000-line file.
 *
 * Deviation from the EBNF, for better errors: the journey body accepts stage items (`go to`,
 * `on ...`, `after`, `every`, `label`) at the top level as `strayStageItem`; the AST builder
 * reports them ("Expected "{" after the stage name") and attaches them to the body-less stage
 * before them, so one missing brace does not cascade into a dozen errors.
 */
import type { AtLeastOneSepMethodOpts, CstNode, IOrAlt, IRecognitionException, IToken, OrMethodOpts } from "chevrotain";
import * as T from "./lexer.js";
import { StageGrammar } from "./parser-stages.js";
import { PREVIOUS_TOKEN, quotePrevious } from "./parser-expressions.js";
import { isRealToken } from "./cst-access.js";

/**
 * The grammar: the file, its items and the declarations here, stages and actions in
 * `StageGrammar` (parser-stages.ts), conditions and values in `ExpressionGrammar`
 * (parser-expressions.ts). Rule names are the CST node names the AST builder reads.
 */
export class JourneyParser extends StageGrammar {
  // Alternatives and options built once, on first use, instead of on every rule call (the
  // parser's main source of garbage besides the CST itself). They capture nothing but `this`.
  private journeyItemAlts?: IOrAlt<unknown>[];
  private channelsDeclSep?: AtLeastOneSepMethodOpts<unknown>;
  private fieldTypeAlts?: IOrAlt<unknown>[];
  private goalTailAlts?: IOrAlt<unknown>[];
  private reentryTailAlts?: IOrAlt<unknown>[];
  private holdoutDeclAlts?: OrMethodOpts<unknown>;
  private fieldTypeSep?: AtLeastOneSepMethodOpts<unknown>;

  constructor() {
    super();
    this.performSelfAnalysis();
  }

  journeyFile = this.RULE("journeyFile", () => {
    this.CONSUME(T.Journey, { ERR_MSG: 'Expected "journey" at the start of the file' });
    this.CONSUME(T.StringLiteral, { ERR_MSG: 'Expected the journey name (a string) after "journey"' });
    this.CONSUME(T.LBrace, { ERR_MSG: 'Expected "{" after the journey name' });
    this.MANY(() => this.SUBRULE(this.journeyItem));
    this.CONSUME(T.RBrace, { ERR_MSG: 'Expected "}" to close the journey, or a declaration or stage' });
  });

  /** The opening of a file and the items before the first stage (see `parseChunked`). */
  journeyHead = this.RULE("journeyHead", () => {
    this.CONSUME(T.Journey, { ERR_MSG: 'Expected "journey" at the start of the file' });
    this.CONSUME(T.StringLiteral, { ERR_MSG: 'Expected the journey name (a string) after "journey"' });
    this.CONSUME(T.LBrace, { ERR_MSG: 'Expected "{" after the journey name' });
    this.MANY(() => this.SUBRULE(this.journeyItem));
  });

  /** A run of items starting at a stage (see `parseChunked`). */
  journeyItems = this.RULE("journeyItems", () => {
    this.MANY(() => this.SUBRULE(this.journeyItem));
  });

  journeyItem = this.RULE("journeyItem", () => {
    this.OR((this.journeyItemAlts ??= [
      { ALT: () => this.SUBRULE(this.versionDecl) },
      { ALT: () => this.SUBRULE(this.descriptionDecl) },
      { ALT: () => this.SUBRULE(this.channelsDecl) },
      { ALT: () => this.SUBRULE(this.customerDecl) },
      { ALT: () => this.SUBRULE(this.eventDecl) },
      { ALT: () => this.SUBRULE(this.segmentDecl) },
      { ALT: () => this.SUBRULE(this.enrollDecl) },
      { ALT: () => this.SUBRULE(this.goalDecl) },
      { ALT: () => this.SUBRULE(this.exitDecl) },
      { ALT: () => this.SUBRULE(this.reentryDecl) },
      { ALT: () => this.SUBRULE(this.holdoutDecl) },
      { ALT: () => this.SUBRULE(this.stage) },
      { ALT: () => this.SUBRULE(this.strayStageItem) },
    ]));
  });

  versionDecl = this.RULE("versionDecl", () => {
    this.CONSUME(T.Version);
    this.CONSUME(T.NumberLiteral, { ERR_MSG: 'Expected a whole number after "version"' });
  });

  descriptionDecl = this.RULE("descriptionDecl", () => {
    this.CONSUME(T.Description);
    this.CONSUME(T.StringLiteral, { ERR_MSG: 'Expected a string after "description"' });
  });

  channelsDecl = this.RULE("channelsDecl", () => {
    this.CONSUME(T.Channels);
    this.AT_LEAST_ONE_SEP((this.channelsDeclSep ??= { SEP: T.Comma, DEF: () => this.CONSUME(T.Identifier) }));
  });

  customerDecl = this.RULE("customerDecl", () => {
    this.CONSUME(T.Customer);
    this.CONSUME(T.LBrace, { ERR_MSG: 'Expected "{" after "customer"' });
    this.MANY(() => this.SUBRULE(this.field));
    this.CONSUME(T.RBrace, { ERR_MSG: 'Expected "}" to close "customer", or a field' });
  });

  eventDecl = this.RULE("eventDecl", () => {
    this.CONSUME(T.Event);
    this.CONSUME(T.Identifier, { ERR_MSG: 'Expected the event name after "event"' });
    this.OPTION(() => {
      this.CONSUME(T.LBrace);
      this.MANY(() => this.SUBRULE(this.field));
      this.CONSUME(T.RBrace, { ERR_MSG: 'Expected "}" to close the event, or a property' });
    });
  });

  field = this.RULE("field", () => {
    this.CONSUME(T.Identifier);
    // `name: type` (a JSON habit) is read and reported by the AST builder.
    this.OPTION2(() => this.CONSUME(T.Colon));
    this.SUBRULE(this.fieldType);
    this.OPTION(() => this.CONSUME(T.Required));
  });

  fieldType = this.RULE("fieldType", () => {
    this.OR((this.fieldTypeAlts ??= [
      { ALT: () => this.CONSUME(T.Text) },
      { ALT: () => this.CONSUME(T.NumberType) },
      { ALT: () => this.CONSUME(T.YesNo) },
      { ALT: () => this.CONSUME(T.Datetime) },
      {
        ALT: () => {
          this.CONSUME(T.List);
          this.CONSUME(T.Of);
          this.CONSUME2(T.Text, { ERR_MSG: 'Expected "text" after "list of" (only lists of text exist)' });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.One);
          this.CONSUME2(T.Of);
          this.AT_LEAST_ONE_SEP((this.fieldTypeSep ??= { SEP: T.Comma, DEF: () => this.CONSUME(T.StringLiteral) }));
        },
      },
    ]));
  });

  segmentDecl = this.RULE("segmentDecl", () => {
    this.CONSUME(T.Segment);
    this.CONSUME(T.Identifier, { ERR_MSG: 'Expected the segment name after "segment"' });
    this.CONSUME(T.Equals, { ERR_MSG: 'Expected "=" after the segment name' });
    this.SUBRULE(this.condition);
  });

  enrollDecl = this.RULE("enrollDecl", () => {
    this.CONSUME(T.Enroll);
    this.CONSUME(T.When, { ERR_MSG: 'Expected "when" after "enroll"' });
    this.SUBRULE(this.condition);
  });

  goalDecl = this.RULE("goalDecl", () => {
    this.CONSUME(T.Goal);
    this.SUBRULE(this.goalTail);
  });

  goalTail = this.RULE("goalTail", () => {
    this.OR((this.goalTailAlts ??= [
      {
        ALT: () => {
          this.CONSUME(T.When);
          this.SUBRULE(this.condition);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Stage);
          this.CONSUME(T.Identifier, { ERR_MSG: 'Expected a stage name after "goal stage"' });
        },
      },
    ]));
  });

  exitDecl = this.RULE("exitDecl", () => {
    this.CONSUME(T.Exit);
    this.CONSUME(T.When, { ERR_MSG: 'Expected "when" after "exit"' });
    this.SUBRULE(this.condition);
  });

  reentryDecl = this.RULE("reentryDecl", () => {
    this.CONSUME(T.Reentry);
    this.SUBRULE(this.reentryTail);
  });

  reentryTail = this.RULE("reentryTail", () => {
    this.OR((this.reentryTailAlts ??= [
      { ALT: () => this.CONSUME(T.Never) },
      { ALT: () => this.CONSUME(T.Always) },
      {
        ALT: () => {
          this.CONSUME(T.After);
          this.SUBRULE(this.duration);
        },
      },
    ]));
  });

  holdoutDecl = this.RULE("holdoutDecl", () => {
    this.CONSUME(T.Holdout);
    // A bare number is read too (and reported by the AST builder): one mistake, one message.
    this.OR((this.holdoutDeclAlts ??= {
      DEF: [{ ALT: () => this.CONSUME(T.PercentLiteral) }, { ALT: () => this.CONSUME(T.NumberLiteral) }],
      ERR_MSG: 'Expected a percentage (such as 5%) after "holdout"',
    }));
  });
}

/** The single shared parser. */
export const journeyParser = new JourneyParser();

export interface CstParseResult {
  readonly cst: CstNode | undefined;
  readonly errors: readonly IRecognitionException[];
}

/** The rules that can start a parse. */
export type EntryRule = "journeyFile" | "journeyHead" | "journeyItems";

/**
 * Parses tokens into a CST with the shared parser, starting at `rule` (not re-entrant:
 * parsing is synchronous).
 *
 * @example
 * ```ts
 * const { cst, errors } = parseCst(lex(text).tokens);
 * ```
 */
export function parseCst(tokens: IToken[], rule: EntryRule = "journeyFile"): CstParseResult {
  journeyParser.input = tokens;
  const cst =
    rule === "journeyFile" ? journeyParser.journeyFile() : rule === "journeyHead" ? journeyParser.journeyHead() : journeyParser.journeyItems();
  const errors = journeyParser.errors;
  // Release the token array so a large file is not kept alive by the shared parser.
  journeyParser.input = [];
  for (const error of errors) {
    if (!error.message.includes(PREVIOUS_TOKEN)) continue;
    const previous = tokenBefore(tokens, error.token);
    error.message = previous
      ? error.message.replace(PREVIOUS_TOKEN, quotePrevious(previous))
      : error.message.replace(` after ${PREVIOUS_TOKEN}`, "");
  }
  return { cst, errors };
}

/** The token before `token` in `tokens` (by offset: binary search), or the last one for the end of input. */
function tokenBefore(tokens: readonly IToken[], token: IToken): IToken | undefined {
  if (!isRealToken(token)) return tokens[tokens.length - 1];
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (tokens[mid]!.startOffset < token.startOffset) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? tokens[lo - 1] : undefined;
}
