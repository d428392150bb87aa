/**
 * The canonical formatter (spec §1, "Canonical format").
 *
 * Layout: two-space indentation; header lines, `channels`, `customer`, events, segments, then
 * enroll/goal/exit/reentry/holdout, then stages in source order; a blank line between those
 * groups and between stages; field types aligned in `customer` and `event` blocks (by display width, so Hangul
 * names line up on screen). Inside a
 * stage, items keep their order and a blank line the author left between two of them.
 * A block or variant with a single non-split action and no comment inside prints on one line.
 *
 * Comments are re-attached by position: a comment alone on its line goes above the printed
 * line of the first construct that started after it in the source; a comment after code goes
 * at the end of the printed line of the last construct that started before it.
 */
import type * as A from "./ast.js";
import { parse, type ParseOptions } from "./parse.js";
import type { Diagnostic } from "./diagnostics/diagnostic.js";
import {
  displayWidth,
  printCondition,
  printDuration,
  printFieldType,
  printLiteral,
  printName,
  printNumber,
  printPercent,
  printSimpleAction,
  printString,
  printTransition,
  printTrigger,
} from "./printer-expressions.js";

/** Widest line for which a one-action block is kept on one line. */
const ONE_LINE_WIDTH = 100;

export interface FormatOptions {
  /** The source text the AST came from: lets the formatter keep blank lines between stage items. */
  readonly text?: string;
}

interface Line {
  readonly indent: number;
  readonly text: string;
  /** Source offset of the construct this line prints (for placing comments). */
  readonly offset: number;
  /** True for a closing `}`: comments above it are indented one level deeper. */
  readonly closing: boolean;
  blankBefore: boolean;
  readonly leading: string[];
  readonly trailing: string[];
}

class Printer {
  readonly lines: Line[] = [];
  readonly footer: string[] = [];
  private readonly commentStarts: number[];
  private readonly comments: readonly A.Comment[];

  constructor(
    comments: readonly A.Comment[],
    private readonly text: string | undefined,
  ) {
    this.comments = [...comments].sort((a, b) => a.loc.start - b.loc.start);
    this.commentStarts = this.comments.map((c) => c.loc.start);
  }

  emit(indent: number, text: string, offset: number, closing = false): Line {
    const line: Line = { indent, text, offset, closing, blankBefore: false, leading: [], trailing: [] };
    this.lines.push(line);
    return line;
  }

  /** Marks the next emitted line as following a blank line. */
  blank(): void {
    this.pendingBlank = true;
  }
  pendingBlank = false;

  emitLine(indent: number, text: string, offset: number, closing = false): Line {
    const line = this.emit(indent, text, offset, closing);
    if (this.pendingBlank && this.lines.length > 1) line.blankBefore = true;
    this.pendingBlank = false;
    return line;
  }

  hasCommentIn(span: A.Span): boolean {
    let lo = 0;
    let hi = this.commentStarts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.commentStarts[mid]! < span.start) lo = mid + 1;
      else hi = mid;
    }
    const first = this.commentStarts[lo];
    return first !== undefined && first < span.end;
  }

  blankLineBetween(a: A.Span, b: A.Span): boolean {
    if (!this.text || b.start <= a.end) return false;
    return /\n[ \t\r\f\v]*\r?\n/.test(this.text.slice(a.end, b.start));
  }

  // -------------------------------------------------------------------------------------------

  journey(j: A.Journey): void {
    const name = j.name ? printString(j.name.value) : '""';
    this.emitLine(0, `journey ${name} {`, j.name?.loc.start ?? 0);
    const groups: Array<() => void> = [];
    const header = j.items.filter((i) => i.kind === "VersionDecl" || i.kind === "DescriptionDecl");
    const versionItem = j.items.find((i) => i.kind === "VersionDecl");
    const descriptionItem = j.items.find((i) => i.kind === "DescriptionDecl");
    if (header.length > 0 || j.version || j.description) {
      groups.push(() => {
        if (j.version) this.emitLine(1, `version ${printNumber(j.version.value)}`, versionItem?.loc.start ?? j.version.loc.start);
        if (j.description) this.emitLine(1, `description ${printString(j.description.value)}`, descriptionItem?.loc.start ?? j.description.loc.start);
      });
    }
    const channelDecls = j.items.filter((i): i is A.ChannelsDecl => i.kind === "ChannelsDecl");
    if (j.channels.length > 0) {
      groups.push(() => this.emitLine(1, `channels ${j.channels.map((c) => c.name).join(", ")}`, channelDecls[0]?.loc.start ?? j.channels[0]!.loc.start));
    }
    const customerDecls = j.items.filter((i): i is A.CustomerDecl => i.kind === "CustomerDecl");
    if (customerDecls.length > 0 || j.customer.length > 0) {
      groups.push(() => this.fieldBlock(1, "customer", j.customer, spanOfAll(customerDecls, j.customer)));
    }
    if (j.events.length > 0) {
      groups.push(() => {
        for (const e of j.events) {
          const head = `event ${printName(e.name)}`;
          if (e.hasBody || e.properties.length > 0) this.fieldBlock(1, head, e.properties, e.loc);
          else this.emitLine(1, head, e.loc.start);
        }
      });
    }
    if (j.segments.length > 0) {
      groups.push(() => {
        for (const s of j.segments) this.emitLine(1, `segment ${printName(s.name)} = ${printCondition(s.condition)}`, s.loc.start);
      });
    }
    if (j.enroll || j.goals.length > 0 || j.exits.length > 0 || j.reentry || j.holdout) {
      groups.push(() => {
        if (j.enroll) this.emitLine(1, `enroll when ${printCondition(j.enroll.condition)}`, j.enroll.loc.start);
        for (const g of j.goals) {
          const text = g.stage ? `goal stage ${g.stage.name}` : `goal when ${printCondition(g.condition)}`;
          this.emitLine(1, text, g.loc.start);
        }
        for (const x of j.exits) this.emitLine(1, `exit when ${printCondition(x.condition)}`, x.loc.start);
        if (j.reentry) {
          const r = j.reentry;
          const text = r.policy === "after" ? `reentry after ${printDuration(r.duration)}` : `reentry ${r.policy ?? "never"}`;
          this.emitLine(1, text, r.loc.start);
        }
        if (j.holdout) this.emitLine(1, `holdout ${printPercent(j.holdout.percent)}`, j.holdout.loc.start);
      });
    }
    for (const s of j.stages) groups.push(() => this.stage(s));
    groups.forEach((group, index) => {
      if (index > 0) this.blank();
      group();
    });
    this.pendingBlank = false;
    this.emitLine(0, "}", this.closingBraceOffset(j), true);
  }

  /** Offset of the journey's final `}` (comments after it stay after it). */
  private closingBraceOffset(j: A.Journey): number {
    const fallback = Math.max(0, j.loc.end - 1);
    if (!this.text) return fallback;
    let end = this.text.length;
    for (let i = this.comments.length - 1; i >= 0; i--) {
      const c = this.comments[i]!;
      const brace = this.text.lastIndexOf("}", end - 1);
      if (brace >= c.loc.end) return brace;
      end = Math.min(end, c.loc.start);
    }
    const brace = this.text.lastIndexOf("}", end - 1);
    return brace >= 0 ? brace : fallback;
  }

  private fieldBlock(indent: number, head: string, fields: readonly A.FieldDecl[], span: A.Span): void {
    if (fields.length === 0 && !this.hasCommentIn(span)) {
      this.emitLine(indent, `${head} {}`, span.start);
      return;
    }
    this.emitLine(indent, `${head} {`, span.start);
    const width = Math.max(0, ...fields.map((f) => displayWidth(f.name.name)));
    for (const f of fields) {
      const pad = " ".repeat(width - displayWidth(f.name.name) + 1);
      const type = printFieldType(f.type);
      this.emitLine(indent + 1, `${f.name.name}${pad}${type}${f.required ? " required" : ""}`.trimEnd(), f.loc.start);
    }
    this.emitLine(indent, "}", Math.max(span.start, span.end - 1), true);
  }

  private stage(s: A.Stage): void {
    const head = `stage ${printName(s.name)}${s.initial ? " initial" : ""}${s.terminal ? " terminal" : ""}`;
    if (s.items.length === 0 && !this.hasCommentIn(s.loc)) {
      this.emitLine(1, head, s.loc.start);
      return;
    }
    this.emitLine(1, `${head} {`, s.loc.start);
    let previous: A.StageItem | undefined;
    for (const item of s.items) {
      if (previous && this.blankLineBetween(previous.loc, item.loc)) this.blank();
      previous = item;
      switch (item.kind) {
        case "StageLabel":
          this.emitLine(2, `label ${item.value ? printString(item.value.value) : '""'}`, item.loc.start);
          break;
        case "StageDescription":
          this.emitLine(2, `description ${item.value ? printString(item.value.value) : '""'}`, item.loc.start);
          break;
        case "Transition":
          this.emitLine(2, printTransition(item), item.loc.start);
          break;
        case "Block":
          this.actionBlock(2, printTrigger(item.trigger), item.actions, item.loc);
          break;
      }
    }
    this.pendingBlank = false;
    this.emitLine(1, "}", Math.max(s.loc.start, s.loc.end - 1), true);
  }

  /** `head { actions }` on one line when that is short and simple, else one action per line. */
  private actionBlock(indent: number, head: string, actions: readonly A.Action[], span: A.Span): void {
    if (!this.hasCommentIn(span)) {
      if (actions.length === 0) {
        this.emitLine(indent, `${head} {}`, span.start);
        return;
      }
      const only = actions[0]!;
      if (actions.length === 1 && only.kind !== "Split") {
        const text = `${head} { ${printSimpleAction(only)} }`;
        if (indent * 2 + displayWidth(text) <= ONE_LINE_WIDTH) {
          this.emitLine(indent, text, span.start);
          return;
        }
      }
    }
    this.emitLine(indent, `${head} {`, span.start);
    for (const a of actions) this.action(indent + 1, a);
    this.emitLine(indent, "}", Math.max(span.start, span.end - 1), true);
  }

  private action(indent: number, a: A.Action): void {
    if (a.kind !== "Split") {
      this.emitLine(indent, printSimpleAction(a), a.loc.start);
      return;
    }
    this.emitLine(indent, `split ${printName(a.name)} {`, a.loc.start);
    for (const arm of a.arms) {
      if (arm.kind === "Control") this.emitLine(indent + 1, `control ${printPercent(arm.weight)}`, arm.loc.start);
      else this.actionBlock(indent + 1, `variant ${printName(arm.name)} ${printPercent(arm.weight)}`, arm.actions, arm.loc);
    }
    this.emitLine(indent, "}", Math.max(a.loc.start, a.loc.end - 1), true);
  }

  // -------------------------------------------------------------------------------------------

  attachComments(comments: readonly A.Comment[]): void {
    if (comments.length === 0 || this.lines.length === 0) return;
    const byOffset = this.lines.map((_, i) => i).sort((a, b) => this.lines[a]!.offset - this.lines[b]!.offset);
    const offsets = byOffset.map((i) => this.lines[i]!.offset);
    for (const c of comments) {
      const ownLine = this.text === undefined ? true : isOwnLine(this.text, c.loc.start);
      // First printed line whose construct starts at or after the comment.
      let lo = 0;
      let hi = offsets.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (offsets[mid]! <= c.loc.start) lo = mid + 1;
        else hi = mid;
      }
      if (ownLine) {
        const target = byOffset[lo];
        if (target === undefined) this.footer.push(c.text);
        else this.lines[target]!.leading.push(c.text);
      } else {
        const target = byOffset[Math.max(0, lo - 1)]!;
        this.lines[target]!.trailing.push(c.text);
      }
    }
  }

  render(): string {
    let out = "";
    for (const line of this.lines) {
      if (line.blankBefore) out += "\n";
      const commentIndent = "  ".repeat(line.indent + (line.closing ? 1 : 0));
      for (const c of line.leading) out += `${commentIndent}${c}\n`;
      const trailing = line.trailing.length > 0 ? ` ${line.trailing.join(" ")}` : "";
      out += `${"  ".repeat(line.indent)}${line.text}${trailing}\n`;
    }
    for (const c of this.footer) out += `${c}\n`;
    return out;
  }
}

function isOwnLine(text: string, offset: number): boolean {
  for (let i = offset - 1; i >= 0; i--) {
    const c = text[i];
    if (c === "\n" || c === "\r") return true;
    if (c !== " " && c !== "\t" && c !== "\f" && c !== "\v" && c !== "\u00a0" && c !== "\ufeff") return false;
  }
  return true;
}

function spanOfAll(decls: readonly A.CustomerDecl[], fields: readonly A.FieldDecl[]): A.Span {
  const spans = decls.length > 0 ? decls.map((d) => d.loc) : fields.map((f) => f.loc);
  if (spans.length === 0) return { start: 0, end: 0 };
  return { start: spans[0]!.start, end: spans[spans.length - 1]!.end };
}

/**
 * Prints a journey in canonical form, with its comments put back.
 *
 * @example
 * ```ts
 * const { ast, comments, source } = parse(text);
 * const pretty = format(ast!, comments, { text: source.text });
 * ```
 */
export function format(ast: A.Journey, comments: readonly A.Comment[] = [], options: FormatOptions = {}): string {
  const printer = new Printer(comments, options.text);
  printer.journey(ast);
  printer.attachComments(comments);
  return printer.render();
}

export interface FormatTextResult {
  /** The canonical text, or `undefined` when the file has errors (it is then left alone). */
  readonly formatted: string | undefined;
  readonly diagnostics: Diagnostic[];
}

/**
 * Parses and formats a `.journey` text. A file with syntax errors is not formatted.
 *
 * @example
 * ```ts
 * const { formatted } = formatText('journey "x" { stage a initial terminal }');
 * // 'journey "x" {\n  stage a initial terminal\n}\n'
 * ```
 */
export function formatText(text: string, options: ParseOptions = {}): FormatTextResult {
  const result = parse(text, options);
  if (!result.ast || result.diagnostics.some((d) => d.severity === "error")) {
    return { formatted: undefined, diagnostics: result.diagnostics };
  }
  return { formatted: format(result.ast, result.comments, { text: result.source.text }), diagnostics: result.diagnostics };
}

export { printCondition, printLiteral };
