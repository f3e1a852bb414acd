/** Number formatting and small helpers shared by the report's builders and renderers. */
import type { Figure } from "../core/analytics/index.ts";
import { decimal, fixed, money, percent, points, PRINT, type NumberStyle } from "../views/format.ts";
import type { Cell, FigureFormat } from "./types.ts";

export const NA = "n/a";

const finite = (x: number | null | undefined): x is number => x !== null && x !== undefined && Number.isFinite(x);

/** The report's number styles (src/views/format.ts): typeset minus, "+" on gains, "n/a" when missing. */
const ASCII: NumberStyle = { missing: NA, minus: "-", plus: "never" };
const TYPESET: NumberStyle = { missing: NA, minus: "−", plus: "never" };

export function formatValue(x: number | null | undefined, format: FigureFormat, digits?: number): string {
  if (!finite(x)) return NA;
  switch (format) {
    case "pct":
      return percent(x, digits ?? 1, ASCII);
    case "pctSigned":
      return percent(x, digits ?? 1, PRINT);
    case "pp":
      return points(x, digits ?? 1, PRINT);
    case "ppAbs":
      return points(Math.abs(x), digits ?? 1, ASCII);
    case "num0":
      return decimal(Math.round(x), 0, ASCII);
    case "num2":
      return decimal(x, digits ?? 2, TYPESET);
    case "num3":
      return fixed(x, digits ?? 3, TYPESET);
    case "rate":
      return fixed(x, digits ?? 2, TYPESET, "%");
    case "points":
      return points(x, digits ?? 2, PRINT, false);
    case "ratio":
      return fixed(x, digits ?? 2, TYPESET, "×");
    case "level":
      return decimal(x, digits ?? 2, TYPESET);
    case "percentile":
      return ordinal(Math.round(x * 100));
    case "days":
      return `${decimal(Math.round(x), 0, ASCII)} days`;
    case "money":
      return money(x, TYPESET);
  }
}

export function ordinal(n: number): string {
  const mod100 = n % 100;
  const suffix = mod100 >= 11 && mod100 <= 13 ? "th" : n % 10 === 1 ? "st" : n % 10 === 2 ? "nd" : n % 10 === 3 ? "rd" : "th";
  return `${n}${suffix}`;
}

export function formatFigure(f: Figure | null | undefined, format: FigureFormat, digits?: number): string {
  return formatValue(f?.value, format, digits);
}

const SIGNED: FigureFormat[] = ["pctSigned", "pp", "points"];

/** A table cell for a figure (n/a with the figure's reason when it has no value). */
export function figureCell(f: Figure | null | undefined, format: FigureFormat, digits?: number): Cell {
  if (!f) return { text: NA, numeric: true };
  const cell: Cell = { text: formatFigure(f, format, digits), figure: f, numeric: true };
  if (SIGNED.includes(format) && finite(f.value) && f.value !== 0) cell.sign = f.value > 0 ? "pos" : "neg";
  return cell;
}

export const textCell = (text: string | number | null | undefined): Cell => ({ text: text === null || text === undefined ? "" : String(text) });
export const numCell = (text: string): Cell => ({ text, numeric: true });

/** A figure built by the report itself (not by the snapshot), with explicit provenance. */
export function derived(value: number | null, unit: Figure["unit"], prov: { asOf: string | null; window: { from: string; to: string } | null; sources: string[] }, reason?: string): Figure {
  if (value === null || !Number.isFinite(value)) {
    return { value: null, unit, asOf: prov.asOf, window: prov.window, sources: [...prov.sources], reason: reason ?? "not defined for this data" };
  }
  return { value: value + 0, unit, asOf: prov.asOf, window: prov.window, sources: [...prov.sources] };
}

/** Union of several figures' provenance: latest as-of, widest window, all sources. */
export function mergeProvenance(figs: (Figure | null | undefined)[]): { asOf: string | null; window: { from: string; to: string } | null; sources: string[] } {
  let asOf: string | null = null;
  let from: string | null = null;
  let to: string | null = null;
  const sources = new Set<string>();
  for (const f of figs) {
    if (!f) continue;
    if (f.asOf && (asOf === null || f.asOf > asOf)) asOf = f.asOf;
    if (f.window) {
      if (from === null || f.window.from < from) from = f.window.from;
      if (to === null || f.window.to > to) to = f.window.to;
    }
    for (const s of f.sources) sources.add(s);
  }
  return { asOf, window: from !== null && to !== null ? { from, to } : null, sources: [...sources].sort() };
}

/** Whether any source tag names the synthetic demo market ("^RUT:demo", "IWM holdings 2015-06-30:demo"). */
export function isSynthetic(sources: readonly string[]): boolean {
  return sources.some((s) => s === "demo" || s.endsWith(":demo"));
}


/** "no data stored" -> "No data stored." (reasons are clauses; a block shows them as sentences). */
export function sentenceCase(t: string): string {
  if (!t) return t;
  return `${t.charAt(0).toUpperCase()}${t.slice(1)}${/[.!?)]$/.test(t) ? "" : "."}`;
}
