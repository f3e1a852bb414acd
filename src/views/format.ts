/**
 * Numbers as text, one formatter per unit, shared by every face. Each face keeps its own style
 * (what a missing value reads as, ASCII or typographic minus, whether a gain gets a "+"), passed
 * in as options, so the terminal, the dashboard and the report each stay consistent with
 * themselves while the arithmetic of formatting lives here once.
 */
export interface NumberStyle {
  /** Text for a missing or non-finite value ("n/a", "–", "-"). */
  missing: string;
  /** "−" (U+2212, typeset) or "-" (ASCII, terminals and CSV). */
  minus: "−" | "-";
  /**
   * When a "+" is written: "never"; "positive" (above zero only); "nonnegative" (zero too, the
   * terminal's habit of +0.00%).
   */
  plus: "never" | "positive" | "nonnegative";
}

const finite = (x: number | null | undefined): x is number => x !== null && x !== undefined && Number.isFinite(x);

function signed(x: number, body: string, s: NumberStyle): string {
  if (x < 0) return `${s.minus}${body}`;
  if ((s.plus === "positive" && x > 0) || (s.plus === "nonnegative" && x >= 0)) return `+${body}`;
  return body;
}

/** A fraction as a percentage: 0.0123 -> "1.23%" (with the style's sign). */
export function percent(x: number | null | undefined, digits: number, s: NumberStyle): string {
  if (!finite(x)) return s.missing;
  return signed(x, `${Math.abs(x * 100).toFixed(digits)}%`, s);
}

/**
 * A difference in percentage points: a difference of fractions (-0.0147 -> "−1.47 pp"), or with
 * `fraction` false a difference of values already in percent (yields: -0.44 -> "−0.44 pp").
 */
export function points(x: number | null | undefined, digits: number, s: NumberStyle, fraction = true): string {
  if (!finite(x)) return s.missing;
  return signed(x, `${Math.abs(fraction ? x * 100 : x).toFixed(digits)} pp`, s);
}

/** A number with a fixed count of decimals and no grouping (ratios, rates): 0.42491 -> "0.4249". */
export function fixed(x: number | null | undefined, digits: number, s: NumberStyle, suffix = ""): string {
  if (!finite(x)) return s.missing;
  return signed(x, `${Math.abs(x).toFixed(digits)}${suffix}`, s);
}

/** A plain number with thousands separators: 2109.31 -> "2,109.31". */
export function decimal(x: number | null | undefined, digits: number, s: NumberStyle): string {
  if (!finite(x)) return s.missing;
  return signed(x, Math.abs(x).toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits }), s);
}

/**
 * Dollars in short scale. "significant": three significant digits ($3.55T, $6.21B, $186M);
 * "fixed": two decimals for T and B, one for M and K ($1.23B, $45.6M).
 */
export function money(x: number | null | undefined, s: NumberStyle, precision: "significant" | "fixed" = "significant"): string {
  if (!finite(x)) return s.missing;
  const a = Math.abs(x);
  const [div, unit] = a >= 1e12 ? [1e12, "T"] : a >= 1e9 ? [1e9, "B"] : a >= 1e6 ? [1e6, "M"] : a >= 1e3 ? [1e3, "K"] : [1, ""];
  const v = a / div;
  const digits = precision === "significant" ? (v >= 100 ? 0 : v >= 10 ? 1 : 2) : unit === "T" || unit === "B" ? 2 : unit === "" ? 0 : 1;
  return signed(x, `$${v.toFixed(digits)}${unit}`, s);
}

/** The terminal's style: "n/a", ASCII minus, "+" on gains and zero. */
export const TERMINAL: NumberStyle = { missing: "n/a", minus: "-", plus: "nonnegative" };
/** The report's style: "n/a", typographic minus, "+" on gains only. */
export const PRINT: NumberStyle = { missing: "n/a", minus: "−", plus: "positive" };
/** The dashboard's style: an en dash for missing, ASCII minus, no "+". */
export const SCREEN: NumberStyle = { missing: "–", minus: "-", plus: "never" };
