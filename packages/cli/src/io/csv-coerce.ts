/**
 * Coercing the text cells of a CSV row by the journey's declared field types (CSV has no types
 * of its own): numbers, yes/no fields and `list of text` cells; empty cells are left out.
 */

/** The declared type of a customer field, as the IR names it (`text`, `number`, `boolean`, ...). */
export interface DeclaredField {
  readonly type: string;
}

/**
 * Coerces the text cells of one CSV row by the declared field types. Cells that do not look like
 * their declared type are kept as text so the runtime's schema check reports them by field name.
 *
 * @example
 * ```ts
 * coerceRecord({ orders: "3", opted_in: "yes", interests: "shoes|hats", nps: "" },
 *   { orders: { type: "number" }, opted_in: { type: "boolean" }, interests: { type: "list" }, nps: { type: "number" } });
 * // → { orders: 3, opted_in: true, interests: ["shoes", "hats"] }
 * ```
 */
export function coerceRecord(
  cells: Readonly<Record<string, string>>,
  fields: Readonly<Record<string, DeclaredField>>,
): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const [column, cell] of Object.entries(cells)) {
    if (cell === "") continue;
    const declared = Object.hasOwn(fields, column) ? fields[column] : undefined;
    record[column] = coerceCell(cell, declared?.type);
  }
  return record;
}

/**
 * A plain decimal number: an optional sign, digits, an optional fraction (a point and digits)
 * and an optional exponent (`e` or `E`, an optional sign, digits), with spaces or tabs around
 * it, as a spreadsheet pads them: `12`, `-3.5`, `+5`, `007`, `1e3`, `2.5E-3`, ` 12 `. Not hex,
 * binary or octal (`0x10`, `0b1111`, `0o20`), `Infinity`, `NaN`, `1_000`, `.5`, `5.` or an
 * empty exponent: `Number()` takes some of these, and NDJSON would not take them as numbers.
 */
const DECIMAL_NUMBER = /^[ \t]*[+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?[ \t]*$/;

/**
 * One cell by its declared type: a `number` cell that is a {@link DECIMAL_NUMBER} of finite value
 * becomes that number (`1e999` stays text), a `boolean` cell one of yes/no/true/false/1/0 in any
 * case, a `list` cell the trimmed, non-empty items between its `|`s; anything else stays text.
 */
function coerceCell(cell: string, type: string | undefined): unknown {
  switch (type) {
    case "number": {
      const n = DECIMAL_NUMBER.test(cell) ? Number(cell) : Number.NaN;
      return Number.isFinite(n) ? n : cell;
    }
    case "boolean": {
      const lower = cell.trim().toLowerCase();
      if (lower === "yes" || lower === "true" || lower === "1") return true;
      if (lower === "no" || lower === "false" || lower === "0") return false;
      return cell;
    }
    case "list":
      return cell
        .split("|")
        .map((item) => item.trim())
        .filter((item) => item !== "");
    default:
      return cell;
  }
}
