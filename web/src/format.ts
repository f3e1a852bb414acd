/** Number and provenance formatting for tables and chart footers. */
import { decimal, money as moneyText, percent, points, SCREEN, type NumberStyle } from "../../src/views/format.ts";
import type { Figure } from "./api.ts";

/** The dashboard's number styles (src/views/format.ts): an en dash when missing. */
const SIGNED: NumberStyle = { missing: "–", minus: "−", plus: "positive" };
const TYPESET: NumberStyle = { missing: "–", minus: "−", plus: "never" };

export const pct = (x: number | null | undefined, digits = 1) => percent(x, digits, SCREEN);
/** A difference of fractions in percentage points: −0.05 pp. */
export const pp = (x: number | null | undefined, digits = 2) => points(x, digits, SIGNED);
export const num = (x: number | null | undefined, digits = 2) => decimal(x, digits, SCREEN);

export function fig(f: Figure | null | undefined, kind: "pct" | "num" | "int" = "pct", digits?: number): string {
  if (!f || f.value === null) return "–";
  if (kind === "pct") return pct(f.value, digits ?? 1);
  if (kind === "int") return num(f.value, 0);
  return num(f.value, digits ?? 2);
}

/** "^RUT:demo" -> "^RUT (demo)"; several series from one source grouped. */
export function sourceText(sources: readonly string[]): string {
  const bySource = new Map<string, string[]>();
  for (const s of sources) {
    const i = s.lastIndexOf(":");
    const id = i > 0 ? s.slice(0, i) : s;
    const src = i > 0 ? s.slice(i + 1) : "";
    bySource.set(src, [...(bySource.get(src) ?? []), id]);
  }
  const parts = [...bySource].map(([src, ids]) => `${ids.slice(0, 6).join(", ")}${ids.length > 6 ? ` +${ids.length - 6}` : ""}${src ? ` (${src === "demo" ? "synthetic demo" : src})` : ""}`);
  return parts.join("; ") || "–";
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string);
}

/** Tooltip text of a figure: its window and sources, or why it is missing. */
export function figTitle(f: Figure | null | undefined): string {
  if (!f) return "";
  if (f.value === null) return f.reason ?? "not available";
  const w = f.window ? `${f.window.from} .. ${f.window.to}` : "";
  return `${w}${w ? "; " : ""}as of ${f.asOf ?? "–"}; ${sourceText(f.sources)}`;
}

/** A dollar amount in short scale with three significant digits: $3.55T, $6.21B, $186M. */
export function money(x: number | null | undefined): string {
  return moneyText(x, TYPESET);
}
