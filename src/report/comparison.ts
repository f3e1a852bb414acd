/**
 * The measured comparison table: the small-cap index next to the S&P 500 and the Nasdaq
 * Composite, every cell a figure with provenance, every column measured over the same window.
 * Used by the report (section 2) and by `r2k summary` (renderComparisonText).
 */
import Table from "cli-table3";
import type { Figure, HorizonRow, PairReport, Snapshot, SymbolReport } from "../core/analytics/index.ts";
import { isoToDay } from "../model/index.ts";
import type { Store } from "../store/index.ts";
import { figureCell, isSynthetic, mergeProvenance, textCell } from "./format.ts";
import { loadReportData, type ReportRequest } from "./load.ts";
import type { Cell, FigureFormat, TableBlock } from "./types.ts";

export interface ComparisonColumn {
  symbol: string;
  name: string;
  asOf: string | null;
  synthetic: boolean;
}

export interface ComparisonRow {
  id: string;
  label: string;
  cells: Cell[];
}

export interface ComparisonTable {
  benchmark: string;
  window: { from: string; to: string } | null;
  basis: "price" | "total";
  columns: ComparisonColumn[];
  rows: ComparisonRow[];
  notes: string[];
  synthetic: boolean;
}

/** Days a column may end before the others without a warning (weekends, holidays). */
const STALE_DAYS = 7;

function horizon(r: SymbolReport, h: string): HorizonRow | undefined {
  return r.returns.find((x) => x.horizon === h);
}

/** Display names: the stored series name without the demo suffix (the table says synthetic once). */
export function displayName(id: string, names: ReadonlyMap<string, string>): string {
  const n = names.get(id);
  return n ? n.replace(/\s*\(synthetic demo\)\s*$/i, "") : id;
}

/**
 * Rows of measures x columns of indices. `symbols` are the columns (unavailable ones are left out
 * and named in the notes); `reportAsOf` is the date a column is compared with for staleness.
 */
export function comparisonTable(snap: Snapshot, symbols: string[], names: ReadonlyMap<string, string>, reportAsOf?: string): ComparisonTable {
  const notes: string[] = [];
  const reps: SymbolReport[] = [];
  for (const s of symbols) {
    const r = snap.symbols.find((x) => x.symbol === s);
    if (!r) continue;
    if (r.available) reps.push(r);
    else notes.push(`${s}: ${r.reason}`);
  }
  const bench = snap.request.benchmark;
  const basis: "price" | "total" = reps.length > 0 && reps.every((r) => r.totalReturnAvailable) ? "total" : "price";
  const pick = (row: HorizonRow | undefined, annualized: boolean): Figure | null => {
    if (!row) return null;
    if (basis === "total") return (annualized ? row.totalAnnualized : row.total) ?? null;
    return annualized ? row.priceAnnualized : row.price;
  };
  const pair = (sym: string): PairReport | null => {
    const p = snap.pairs.find((x) => x.symbol === sym);
    return p && p.available ? p : null;
  };
  const rows: ComparisonRow[] = [];
  const row = (id: string, label: string, cell: (r: SymbolReport) => Cell) => rows.push({ id, label, cells: reps.map(cell) });
  const fig = (format: FigureFormat, get: (r: SymbolReport) => Figure | null | undefined, digits?: number) => (r: SymbolReport) => figureCell(get(r), format, digits);
  const benchOnly = (get: (p: PairReport) => Figure, format: FigureFormat) => (r: SymbolReport) =>
    r.symbol === bench ? { text: "benchmark", numeric: true } : figureCell(pair(r.symbol) ? get(pair(r.symbol) as PairReport) : null, format);

  row("lastClose", "Last close", fig("level", (r) => r.lastClose));
  row("asOf", "As of", (r) => ({ text: r.lastClose.asOf ?? "", numeric: true }));
  const kind = basis === "total" ? "total return" : "price";
  row("ytd", `Return YTD (${kind})`, fig("pctSigned", (r) => pick(horizon(r, "YTD"), false)));
  row("1y", `Return 1 year (${kind})`, fig("pctSigned", (r) => pick(horizon(r, "1Y"), false)));
  row("3y", "Return 3 years (annualized)", fig("pctSigned", (r) => pick(horizon(r, "3Y"), true)));
  row("5y", "Return 5 years (annualized)", fig("pctSigned", (r) => pick(horizon(r, "5Y"), true)));
  row("10y", "Return 10 years (annualized)", fig("pctSigned", (r) => pick(horizon(r, "10Y"), true)));
  row("cagr", "Annual growth rate over the window", fig("pctSigned", (r) => (basis === "total" ? r.cagr.total : r.cagr.price)));
  row("vol", "Volatility (annualized, window)", fig("pct", (r) => r.risk.volatility));
  row("vol63", "Volatility, last 63 sessions", fig("pct", (r) => r.risk.rollingVolatility.find((x) => x.window === 63)?.latest));
  row("sharpe", "Sharpe ratio", fig("num2", (r) => r.risk.sharpe));
  row("maxdd", "Maximum drawdown", fig("pctSigned", (r) => r.drawdowns.max));
  row("curdd", "Below the record close now", fig("pctSigned", (r) => r.drawdowns.current));
  row("beta", `Beta vs ${bench}`, benchOnly((p) => p.beta, "num2"));
  row("corr", `Correlation vs ${bench}`, benchOnly((p) => p.correlation, "num2"));
  row("up", "Up-market capture (monthly)", benchOnly((p) => p.upCapture, "num2"));
  row("down", "Down-market capture (monthly)", benchOnly((p) => p.downCapture, "num2"));

  const windows = [...new Set(reps.map((r) => `${r.window.from}..${r.window.to}`))];
  const from = snap.request.from;
  if (from) notes.push(`Every column is measured from ${from} (the first date all of them have) to its last close.`);
  else if (windows.length === 1) notes.push(`Every column is measured over ${windows[0]}.`);
  notes.push(`Returns are ${kind} returns${basis === "price" ? " (no dividends): the indices are stored as price indices" : ""}.`);
  const rf = reps.find((r) => r.risk.sharpe.riskFree)?.risk.sharpe.riskFree;
  notes.push(rf ? `Sharpe ratios use ${rf} as the risk-free rate.` : "Sharpe ratios use a zero risk-free rate (no short-rate series stored).");
  const ref = reportAsOf ?? reps.map((r) => r.lastClose.asOf).filter((x): x is string => !!x).sort().at(-1);
  if (ref) {
    for (const r of reps) {
      const a = r.lastClose.asOf;
      if (a && isoToDay(ref) - isoToDay(a) > STALE_DAYS) {
        notes.push(`${r.symbol}: data ends ${a}, ${isoToDay(ref) - isoToDay(a)} days before ${ref}; its figures end there.`);
      }
    }
  }
  const columns = reps.map((r) => ({ symbol: r.symbol, name: displayName(r.symbol, names), asOf: r.lastClose.asOf, synthetic: isSynthetic(r.sources) }));
  return {
    benchmark: bench,
    window: from ? { from, to: snap.request.to ?? ref ?? from } : null,
    basis,
    columns,
    rows,
    notes,
    synthetic: columns.some((c) => c.synthetic),
  };
}

/** The table as a report block. */
export function comparisonBlock(t: ComparisonTable): TableBlock {
  const figs = t.rows.flatMap((r) => r.cells.map((c) => c.figure));
  const prov = mergeProvenance(figs);
  return {
    kind: "table",
    id: "comparison-table",
    caption: "Measured comparison: every cell computed from stored closes",
    head: ["", ...t.columns.map((c) => `${c.name} (${c.symbol})`)],
    rows: t.rows.map((r) => [textCell(r.label), ...r.cells]),
    asOf: prov.asOf,
    sources: prov.sources,
    note: t.notes.join(" "),
    synthetic: t.synthetic,
  };
}

export interface TextStyle {
  /** ANSI colours (green/red for signed returns). */
  color: boolean;
  /** Box-drawing borders (on a terminal); plain aligned columns otherwise. */
  isTTY: boolean;
}

const PLAIN_CHARS = {
  top: "", "top-mid": "", "top-left": "", "top-right": "", bottom: "", "bottom-mid": "", "bottom-left": "", "bottom-right": "",
  left: "", "left-mid": "", mid: "", "mid-mid": "", right: "", "right-mid": "", middle: "  ",
};

/** The table for a terminal: coloured and boxed on a TTY, plain text otherwise. */
export function renderComparisonText(t: ComparisonTable, style: TextStyle): string {
  const paint = (code: number, s: string) => (style.color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const table = new Table({
    head: ["measured", ...t.columns.map((c) => c.symbol)],
    colAligns: ["left", ...t.columns.map(() => "right" as const)],
    style: { head: style.color ? ["cyan"] : [], border: style.color ? ["grey"] : [], compact: true },
    chars: style.isTTY ? {} : PLAIN_CHARS,
  });
  for (const r of t.rows) {
    table.push([r.label, ...r.cells.map((c) => (c.sign === "pos" ? paint(32, c.text) : c.sign === "neg" ? paint(31, c.text) : c.text))]);
  }
  const out: string[] = [];
  if (t.synthetic) out.push(paint(33, "! SYNTHETIC DEMO DATA: these figures describe the r2k demo market, not real prices"));
  out.push(paint(1, `Measured comparison vs ${t.benchmark}${t.window ? ` (${t.window.from}..${t.window.to})` : ""}`));
  out.push(table.toString());
  for (const n of t.notes) out.push(paint(2, n));
  return out.join("\n");
}

/**
 * Loads what the comparison needs and builds it; null when the store has no ^RUT (or no
 * benchmark) to compare. For `r2k summary`: `const t = await loadComparison(store);
 * if (t) io.out(renderComparisonText(t, io));`.
 */
export async function loadComparison(store: Store, req: Pick<ReportRequest, "asof" | "benchmark"> = {}): Promise<ComparisonTable | null> {
  const have = new Set((await store.rows<{ symbol: string }>(`select distinct symbol from bars where symbol in ('^RUT', $1)`, [req.benchmark ?? "^GSPC"])).map((r) => r.symbol));
  if (!have.has("^RUT") || !have.has(req.benchmark ?? "^GSPC")) return null;
  const data = await loadReportData(store, {
    ...req,
    includeSeries: false,
    breadth: false,
    load: { macro: ["DFF"], holdings: false, fundamentals: false },
    sections: { leadership: false, leadLag: false, rates: false, regionalBanks: false, composition: false, valuation: false, breadth: false, tracking: false, caseStudies: false },
  });
  const names = new Map(data.catalog.map((s) => [s.id, s.name]));
  return comparisonTable(data.snapshot, data.indices, names, data.asOf);
}

