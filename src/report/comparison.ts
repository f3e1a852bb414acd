/**
 * The measured comparison table: the small-cap index next to the S&P 500 and the Nasdaq
 * Composite, every cell a figure with provenance, every column measured over the same window
 * (the window rule of src/core/analytics/window.ts). Used by the report (section 2) and by
 * `r2k summary` (renderComparisonText).
 */
import Table from "cli-table3";
import type { Figure, HorizonRow, Measurement, PairReport, SymbolReport } from "../core/analytics/index.ts";
import { laggingSeries } from "../core/analytics/index.ts";
import { listSeries, type Store } from "../store/index.ts";
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
  /** The window every column is measured over, and why. */
  window: { from: string | null; to: string | null; text: string };
  basis: "price" | "total";
  columns: ComparisonColumn[];
  rows: ComparisonRow[];
  notes: string[];
  synthetic: boolean;
}

function horizon(r: SymbolReport, h: string): HorizonRow | undefined {
  return r.returns.find((x) => x.horizon === h);
}

/** Display names: the stored series name without the demo suffix (the table says synthetic once). */
export function displayName(id: string, names: ReadonlyMap<string, string>): string {
  const n = names.get(id);
  return n ? n.replace(/\s*\(synthetic demo\)\s*$/i, "") : id;
}

/** A return on the measurement's basis: total where asked for and stored, else price. */
export function onBasis(r: SymbolReport, row: HorizonRow | undefined, annualized: boolean): Figure | null {
  if (!row) return null;
  if (r.basis === "total") return (annualized ? row.totalAnnualized : row.total) ?? null;
  return annualized ? row.priceAnnualized : row.price;
}

/** Rows of measures x columns of indices; `symbols` are the columns (unavailable ones are named in the notes). */
export function comparisonTable(
  m: Measurement,
  symbols: string[],
  names: ReadonlyMap<string, string>,
  stored: readonly { id: string; last: string }[] = [],
): ComparisonTable {
  const snap = m.snapshot;
  const notes: string[] = [];
  const reps: SymbolReport[] = [];
  for (const s of symbols) {
    const r = snap.symbols.find((x) => x.symbol === s);
    if (!r) continue;
    if (r.available) reps.push(r);
    else notes.push(`${s}: ${r.reason}`);
  }
  const bench = snap.request.benchmark;
  const pair = (sym: string): PairReport | null => {
    const p = snap.pairs.find((x) => x.symbol === sym);
    return p && p.available ? p : null;
  };
  const rows: ComparisonRow[] = [];
  const row = (id: string, label: string, cell: (r: SymbolReport) => Cell) => rows.push({ id, label, cells: reps.map(cell) });
  const fig = (format: FigureFormat, get: (r: SymbolReport) => Figure | null | undefined, digits?: number) => (r: SymbolReport) => figureCell(get(r), format, digits);
  const benchOnly = (get: (p: PairReport) => Figure, format: FigureFormat) => (r: SymbolReport) =>
    r.symbol === bench ? { text: "benchmark", numeric: true } : figureCell(pair(r.symbol) ? get(pair(r.symbol) as PairReport) : null, format);
  const kind = m.basis === "total" ? "total return" : "price";
  row("lastClose", "Last close", fig("level", (r) => r.lastClose));
  row("ytd", `Return YTD (${kind})`, fig("pctSigned", (r) => onBasis(r, horizon(r, "YTD"), false)));
  row("1y", `Return 1 year (${kind})`, fig("pctSigned", (r) => onBasis(r, horizon(r, "1Y"), false)));
  row("3y", "Return 3 years, % a year", fig("pctSigned", (r) => onBasis(r, horizon(r, "3Y"), true)));
  row("5y", "Return 5 years, % a year", fig("pctSigned", (r) => onBasis(r, horizon(r, "5Y"), true)));
  row("10y", "Return 10 years, % a year", fig("pctSigned", (r) => onBasis(r, horizon(r, "10Y"), true)));
  row("cagr", "Growth over the window, % a year", fig("pctSigned", (r) => (r.basis === "total" && r.cagr.total ? r.cagr.total : r.cagr.price)));
  row("vol", "Volatility, % a year", fig("pct", (r) => r.risk.volatility));
  row("vol63", "Volatility, last 63 sessions", fig("pct", (r) => r.risk.rollingVolatility.find((x) => x.window === 63)?.latest));
  row("sharpe", "Sharpe ratio", fig("num2", (r) => r.risk.sharpe));
  row("maxdd", "Maximum drawdown", fig("pctSigned", (r) => r.drawdowns.max));
  row("curdd", "Below the window's high at its end", fig("pctSigned", (r) => r.drawdowns.current));
  row("loss10", "10-year holding periods with a loss", fig("pct", (r) => r.risk.probabilityOfLoss.find((p) => p.years === 10)?.figure));
  row("beta", `Beta vs ${bench}`, benchOnly((p) => p.beta, "num2"));
  row("corr", `Correlation vs ${bench}`, benchOnly((p) => p.correlation, "num2"));
  row("up", "Up-market capture (monthly)", benchOnly((p) => p.upCapture, "num2"));
  row("down", "Down-market capture (monthly)", benchOnly((p) => p.downCapture, "num2"));

  notes.push(`Window: ${m.window.text}.`);
  const priceOnly = reps.filter((r) => r.basis === "price").map((r) => r.symbol);
  if (m.basis === "price") notes.push("Returns are price returns (no dividends): the indices are stored as price indices.");
  else if (priceOnly.length) notes.push(`Returns are total returns where adjusted closes are stored; ${priceOnly.join(", ")} ${priceOnly.length > 1 ? "have" : "has"} none and ${priceOnly.length > 1 ? "are" : "is"} shown on price.`);
  else notes.push("Returns are total returns (adjusted closes).");
  const rf = reps.find((r) => r.risk.sharpe.riskFree)?.risk.sharpe.riskFree;
  notes.push(rf ? `Sharpe ratios use ${rf} as the risk-free rate.` : "Sharpe ratios use a zero risk-free rate (no short-rate series stored).");
  if (m.window.mode === "common") {
    // The stored series end on different days: the window ends at the earliest, and says why.
    const lasts = stored.filter((s) => m.window.series.includes(s.id));
    const later = lasts.filter((s) => !m.window.endSetBy.includes(s.id) && s.last > (m.window.lastClose ?? ""));
    if (later.length && !m.window.requested.to && laggingSeries(lasts).length) {
      notes.push(
        `The window ends ${m.window.lastClose}, where ${m.window.endSetBy.join(" and ")} ${m.window.endSetBy.length > 1 ? "end" : "ends"} (${later.map((s) => `${s.id} runs to ${s.last}`).join(", ")}); later closes are not used.`,
      );
    }
  }
  const columns = reps.map((r) => ({ symbol: r.symbol, name: displayName(r.symbol, names), asOf: r.lastClose.asOf, synthetic: isSynthetic(r.sources) }));
  return {
    benchmark: bench,
    window: { from: m.window.firstClose, to: m.window.lastClose, text: m.window.text },
    basis: m.basis,
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
    caption: `Measured comparison, ${t.window.text}`,
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
  out.push(paint(1, `Measured comparison vs ${t.benchmark}: ${t.window.text}`));
  out.push(table.toString());
  for (const n of t.notes) out.push(paint(2, n));
  return out.join("\n");
}

/**
 * Loads what the comparison needs and builds it; null when the store has no ^RUT (or no
 * benchmark) to compare. For `r2k summary`: `const t = await loadComparison(store);
 * if (t) io.out(renderComparisonText(t, io));`.
 */
export async function loadComparison(store: Store, req: Pick<ReportRequest, "asof" | "from" | "benchmark" | "basis" | "span"> = {}): Promise<ComparisonTable | null> {
  const stored = (await listSeries(store)).filter((s) => s.table === "bars");
  if (!stored.some((s) => s.id === "^RUT") || !stored.some((s) => s.id === (req.benchmark ?? "^GSPC"))) return null;
  const data = await loadReportData(store, {
    ...req,
    includeSeries: false,
    breadth: false,
    load: { macro: ["DFF"], holdings: false, fundamentals: false },
    sections: { leadership: false, leadLag: false, rates: false, regionalBanks: false, composition: false, valuation: false, breadth: false, tracking: false, caseStudies: false },
  });
  return comparisonTable(data.measurement, data.indices, new Map(data.catalog.map((s) => [s.id, s.name])), stored);
}
