import { createRequire } from "node:module";
import type TableType from "cli-table3";
import { decimal, money, percent, TERMINAL, type NumberStyle } from "../views/format.ts";
import type { Io } from "./context.ts";

/** Unsigned terminal numbers: "n/a" when missing, ASCII minus. */
const UNSIGNED: NumberStyle = { ...TERMINAL, plus: "never" };

// Loaded by the first table, not with this module: a command printing JSON (compare --json) draws
// none, and cli-table3 with its dependencies is ~4 ms of a start.
let Table: typeof TableType | undefined;

/** A plain table (no colors off a TTY) whose numeric columns are right-aligned. */
export function renderTable(io: Io, head: string[], rows: (string | number)[][], align?: ("left" | "right")[]): string {
  Table ??= createRequire(import.meta.url)("cli-table3") as typeof TableType;
  const table = new Table({
    head,
    colAligns: align ?? head.map((_, i) => (rows.every((r) => typeof r[i] === "number" || /^[-+]?[\d.,%]+$/.test(String(r[i]))) ? "right" : "left")),
    style: { head: io.color ? ["cyan"] : [], border: io.color ? ["grey"] : [], compact: true },
    chars: io.isTTY
      ? {}
      : { top: "", "top-mid": "", "top-left": "", "top-right": "", bottom: "", "bottom-mid": "", "bottom-left": "",
          "bottom-right": "", left: "", "left-mid": "", mid: "", "mid-mid": "", right: "", "right-mid": "", middle: "  " },
  });
  for (const r of rows) table.push(r.map(String));
  return table.toString();
}

/**
 * Thousands separators as toLocaleString("en-US") writes them. Integers are grouped by hand: the
 * first toLocaleString of a process loads the locale data (~10 ms), which `r2k status` would
 * otherwise pay for its row counts alone.
 */
export const fmtInt = (n: number) =>
  Number.isSafeInteger(n) && !Object.is(n, -0) ? String(n).replace(/\B(?=(\d{3})+$)/g, ",") : n.toLocaleString("en-US");

export function fmtPct(x: number | null | undefined, digits = 2): string {
  return percent(x, digits, TERMINAL);
}

/** A share or magnitude in percent without a sign (volatility, probabilities, VaR as a loss). */
export function fmtShare(x: number | null | undefined, digits = 2): string {
  return percent(x, digits, UNSIGNED);
}

export function fmtNum(x: number | null | undefined, digits = 2): string {
  return decimal(x, digits, UNSIGNED);
}

/** Dollars in short scale ($1.23B, $45.6M), "-" when missing. */
export function fmtMoney(x: number | null | undefined): string {
  return money(x, { ...UNSIGNED, missing: "-" }, "fixed");
}

export function paint(io: Io, code: "red" | "green" | "yellow" | "bold" | "dim", text: string): string {
  if (!io.color) return text;
  const codes = { red: 31, green: 32, yellow: 33, bold: 1, dim: 2 } as const;
  return `\u001b[${codes[code]}m${text}\u001b[0m`;
}

/** The label every output that shows synthetic data carries. */
export const DEMO_BANNER = "SYNTHETIC DEMO DATA (r2k demo market, not real prices); import real files or run `r2k update`";
