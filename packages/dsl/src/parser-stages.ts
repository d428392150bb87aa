/**
 * The stage half of the `.journey` grammar: stages, their items (labels, blocks, transitions)
 * and actions (spec §1). `JourneyParser` (parser.ts) extends it with the file and the
 * declarations; Chevrotain grammars compose by inheritance, and the self-analysis runs once,
 * in that subclass.
 */
import type { AtLeastOneSepMethodOpts, IOrAlt, OrMethodOpts } from "chevrotain";
import * as T from "./lexer.js";
import { ExpressionGrammar } from "./parser-expressions.js";

/** Stages and actions; abstract in spirit: only `JourneyParser` is ever instantiated. */
export class StageGrammar extends ExpressionGrammar {
  // Alternatives and options built once, on first use, instead of on every rule call (the
  // parser's main source of garbage besides the CST itself). They capture nothing but `this`.
  private strayStageItemAlts?: IOrAlt<unknown>[];
  private stageItemAlts?: IOrAlt<unknown>[];
  private triggerAlts?: IOrAlt<unknown>[];
  private onTriggerAlts?: IOrAlt<unknown>[];
  private transitionTailAlts?: IOrAlt<unknown>[];
  private actionAlts?: IOrAlt<unknown>[];
  private guardAlts?: OrMethodOpts<unknown>;
  private splitArmAlts?: IOrAlt<unknown>[];
  private actionSep?: AtLeastOneSepMethodOpts<unknown>;
  private splitArmAlts2?: OrMethodOpts<unknown>;
  private splitArmAlts3?: OrMethodOpts<unknown>;

  stage = this.RULE("stage", () => {
    this.CONSUME(T.Stage);
    this.CONSUME(T.Identifier, { ERR_MSG: 'Expected the stage name after "stage"' });
    this.OPTION(() => this.CONSUME(T.Initial));
    this.OPTION2(() => this.CONSUME(T.Terminal));
    this.OPTION3(() => {
      this.CONSUME(T.LBrace);
      this.MANY(() => this.SUBRULE(this.stageItem));
      this.CONSUME(T.RBrace, { ERR_MSG: 'Expected "}" to close the stage, or a stage item' });
    });
  });

  /** Stage items found at the top level (see the file comment). */
  strayStageItem = this.RULE("strayStageItem", () => {
    this.OR((this.strayStageItemAlts ??= [
      { ALT: () => this.SUBRULE(this.labelItem) },
      { ALT: () => this.SUBRULE(this.block) },
      { ALT: () => this.SUBRULE(this.transition) },
    ]));
  });

  stageItem = this.RULE("stageItem", () => {
    this.OR((this.stageItemAlts ??= [
      { ALT: () => this.SUBRULE(this.labelItem) },
      { ALT: () => this.SUBRULE(this.stageDescription) },
      { ALT: () => this.SUBRULE(this.block) },
      { ALT: () => this.SUBRULE(this.transition) },
    ]));
  });

  labelItem = this.RULE("labelItem", () => {
    this.CONSUME(T.Label);
    this.CONSUME(T.StringLiteral, { ERR_MSG: 'Expected a string after "label"' });
  });

  stageDescription = this.RULE("stageDescription", () => {
    this.CONSUME(T.Description);
    this.CONSUME(T.StringLiteral, { ERR_MSG: 'Expected a string after "description"' });
  });

  block = this.RULE("block", () => {
    this.SUBRULE(this.trigger);
    this.CONSUME(T.LBrace, { ERR_MSG: 'Expected "{" to open the block' });
    this.MANY(() => this.SUBRULE(this.action));
    this.CONSUME(T.RBrace, { ERR_MSG: 'Expected "}" to close the block, or an action' });
  });

  trigger = this.RULE("trigger", () => {
    this.OR((this.triggerAlts ??= [
      {
        ALT: () => {
          this.CONSUME(T.On);
          this.SUBRULE(this.onTrigger);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.After);
          this.SUBRULE(this.duration);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Every);
          this.SUBRULE2(this.duration);
        },
      },
    ]));
  });

  onTrigger = this.RULE("onTrigger", () => {
    this.OR((this.onTriggerAlts ??= [
      { ALT: () => this.CONSUME(T.Enter) },
      { ALT: () => this.CONSUME(T.Exit) },
      {
        ALT: () => {
          this.CONSUME(T.Event);
          this.CONSUME(T.Identifier, { ERR_MSG: 'Expected the event name after "on event"' });
          this.OPTION(() => {
            this.CONSUME(T.With);
            this.SUBRULE(this.propCond);
          });
        },
      },
    ]));
  });

  transition = this.RULE("transition", () => {
    this.CONSUME(T.Go);
    this.CONSUME(T.To, { ERR_MSG: 'Expected "to" after "go"' });
    this.CONSUME(T.Identifier, { ERR_MSG: 'Expected the target stage name after "go to"' });
    this.SUBRULE(this.transitionTail);
  });

  transitionTail = this.RULE("transitionTail", () => {
    this.OR((this.transitionTailAlts ??= [
      {
        ALT: () => {
          this.CONSUME(T.When);
          this.SUBRULE(this.condition);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.After);
          this.SUBRULE(this.duration);
        },
      },
    ]));
  });

  /**
   * One node per action (no per-kind sub-rule): CST nodes are the parser's main cost, and a
   * long block is mostly actions. Each non-split form takes an optional `if` / `unless` guard.
   */
  action = this.RULE("action", () => {
    this.OR((this.actionAlts ??= [
      {
        ALT: () => {
          this.CONSUME(T.Send);
          this.CONSUME(T.Identifier, { ERR_MSG: 'Expected a channel name after "send"' });
          this.CONSUME(T.StringLiteral, { ERR_MSG: "Expected the template name (a string) after the channel" });
          this.OPTION(() => {
            this.CONSUME(T.With);
            this.CONSUME(T.LBrace, { ERR_MSG: 'Expected "{" after "with"' });
            this.MANY_SEP((this.actionSep ??= { SEP: T.Comma, DEF: () => this.SUBRULE(this.pair) }));
            this.CONSUME(T.RBrace, { ERR_MSG: 'Expected "}" to close the data, or ","' });
          });
          this.OPTION2(() => this.SUBRULE(this.guard));
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Tag);
          this.CONSUME2(T.StringLiteral, { ERR_MSG: 'Expected the tag (a string) after "tag"' });
          this.OPTION3(() => this.SUBRULE2(this.guard));
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Untag);
          this.CONSUME3(T.StringLiteral, { ERR_MSG: 'Expected the tag (a string) after "untag"' });
          this.OPTION4(() => this.SUBRULE3(this.guard));
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.SetKw);
          this.CONSUME2(T.Identifier, { ERR_MSG: 'Expected a field name after "set"' });
          this.CONSUME(T.Equals, { ERR_MSG: 'Expected "=" after the field name' });
          this.SUBRULE(this.value);
          this.OPTION5(() => this.SUBRULE4(this.guard));
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Add);
          this.CONSUME(T.NumberLiteral, { ERR_MSG: 'Expected a number after "add"' });
          this.CONSUME(T.To, { ERR_MSG: 'Expected "to" after the amount' });
          this.CONSUME3(T.Identifier, { ERR_MSG: 'Expected a field name after "add ... to"' });
          this.OPTION6(() => this.SUBRULE5(this.guard));
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Go);
          this.CONSUME2(T.To, { ERR_MSG: 'Expected "to" after "go"' });
          this.CONSUME4(T.Identifier, { ERR_MSG: 'Expected the target stage name after "go to"' });
          this.OPTION7(() => this.SUBRULE6(this.guard));
        },
      },
      { ALT: () => this.SUBRULE(this.split) },
    ]));
  });

  pair = this.RULE("pair", () => {
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Colon, { ERR_MSG: 'Expected ":" after the data key' });
    this.SUBRULE(this.value);
  });

  guard = this.RULE("guard", () => {
    this.OR((this.guardAlts ??= { DEF: [{ ALT: () => this.CONSUME(T.If) }, { ALT: () => this.CONSUME(T.Unless) }], ERR_MSG: 'Expected "if" or "unless"' }));
    this.SUBRULE(this.condition);
  });

  split = this.RULE("split", () => {
    this.CONSUME(T.Split);
    this.CONSUME(T.Identifier, { ERR_MSG: 'Expected the split name after "split"' });
    this.CONSUME(T.LBrace, { ERR_MSG: 'Expected "{" after the split name' });
    this.MANY(() => this.SUBRULE(this.splitArm));
    this.CONSUME(T.RBrace, { ERR_MSG: 'Expected "}" to close the split, or "variant" or "control"' });
  });

  splitArm = this.RULE("splitArm", () => {
    this.OR((this.splitArmAlts ??= [
      {
        ALT: () => {
          this.CONSUME(T.Variant);
          this.CONSUME(T.Identifier, { ERR_MSG: 'Expected the variant name after "variant"' });
          this.OR2((this.splitArmAlts2 ??= {
            DEF: [{ ALT: () => this.CONSUME(T.PercentLiteral) }, { ALT: () => this.CONSUME(T.NumberLiteral) }],
            ERR_MSG: "Expected the variant's weight (such as 50%)",
          }));
          this.CONSUME(T.LBrace, { ERR_MSG: "Expected \"{\" after the variant's weight" });
          this.MANY(() => this.SUBRULE(this.action));
          this.CONSUME(T.RBrace, { ERR_MSG: 'Expected "}" to close the variant, or an action' });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Control);
          this.OR3((this.splitArmAlts3 ??= {
            DEF: [{ ALT: () => this.CONSUME2(T.PercentLiteral) }, { ALT: () => this.CONSUME2(T.NumberLiteral) }],
            ERR_MSG: 'Expected the control weight (such as 10%) after "control"',
          }));
        },
      },
    ]));
  });
}
