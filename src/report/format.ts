/** Number formatting and small helpers shared by the report's builders and renderers. */
import type { Figure } from "../core/analytics/index.ts";
import type { Cell, FigureFormat } from "./types.ts";

export const NA = "n/a";

const finite = (x: number | null | undefined): x is number => x !== null && x !== undefined && Number.isFinite(x);

export function formatValue(x: number | null | undefined, format: FigureFormat, digits?: number): string {
  if (!finite(x)) return NA;
  switch (format) {
    case "pct":
      return `${(x * 100).toFixed(digits ?? 1)}%`;
    case "pctSigned":
      return `${x > 0 ? "+" : x < 0 ? "−" : ""}${Math.abs(x * 100).toFixed(digits ?? 1)}%`;
    case "pp":
      return `${x > 0 ? "+" : x < 0 ? "−" : ""}${Math.abs(x * 100).toFixed(digits ?? 1)} pp`;
    case "ppAbs":
      return `${Math.abs(x * 100).toFixed(digits ?? 1)} pp`;
    case "num0":
      return Math.round(x).toLocaleString("en-US");
    case "num2":
      return minus(x.toLocaleString("en-US", { minimumFractionDigits: digits ?? 2, maximumFractionDigits: digits ?? 2 }));
    case "num3":
      return minus(x.toFixed(digits ?? 3));
    case "rate":
      return `${minus(x.toFixed(digits ?? 2))}%`;
    case "points":
      return `${x > 0 ? "+" : x < 0 ? "−" : ""}${Math.abs(x).toFixed(digits ?? 2)} pp`;
    case "ratio":
      return `${minus(x.toFixed(digits ?? 2))}×`;
    case "level":
      return minus(x.toLocaleString("en-US", { minimumFractionDigits: digits ?? 2, maximumFractionDigits: digits ?? 2 }));
    case "percentile":
      return ordinal(Math.round(x * 100));
    case "days":
      return `${Math.round(x).toLocaleString("en-US")} days`;
    case "money":
      return money(x);
  }
}

/** A dollar amount in short scale with three significant digits: $3.55T, $6.21B, $186M. */
export function money(x: number): string {
  const a = Math.abs(x);
  const [div, unit] = a >= 1e12 ? [1e12, "T"] : a >= 1e9 ? [1e9, "B"] : a >= 1e6 ? [1e6, "M"] : a >= 1e3 ? [1e3, "K"] : [1, ""];
  const v = a / div;
  return `${x < 0 ? "−" : ""}$${v.toFixed(v >= 100 ? 0 : v >= 10 ? 1 : 2)}${unit}`;
}

/** Negative numbers with a typographic minus, like the signed percentages. */
const minus = (s: string) => (s.startsWith("-") ? `−${s.slice(1)}` : s);

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
