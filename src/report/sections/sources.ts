/** Section 12: the stored data the report read, and its as-of dates. */
import { dayToIso } from "../../model/index.ts";
import { text } from "../blocks.ts";
import type { ReportContext } from "../context.ts";
import { numCell, textCell } from "../format.ts";
import type { Block, Section, SourceRow } from "../types.ts";

export function sourceRows(ctx: ReportContext): SourceRow[] {
  const meta = new Map(ctx.data.catalog.map((s) => [s.id, s]));
  const rows: SourceRow[] = [];
  const span = (dates: Int32Array) => ({ first: dates.length ? dayToIso(dates[0]) : null, last: dates.length ? dayToIso(dates[dates.length - 1]) : null });
  for (const b of ctx.inputs.bars) {
    const m = meta.get(b.symbol);
    rows.push({ id: b.symbol, name: m?.name ?? b.symbol, kind: m?.kind ?? "unknown", source: b.sources.join(", "), ...span(b.dates), rows: b.dates.length, synthetic: b.sources.includes("demo") });
  }
  for (const x of ctx.inputs.macro ?? []) {
    const m = meta.get(x.id);
    const src = x.sources ?? m?.sources ?? [];
    rows.push({ id: x.id, name: m?.name ?? x.id, kind: "macro", source: src.join(", "), ...span(x.dates), rows: x.dates.length, synthetic: src.includes("demo") });
  }
  for (const h of ctx.inputs.holdings ?? []) {
    const src = h.sources ?? [];
    rows.push({ id: `${h.fund} holdings`, name: `${h.fund} holdings snapshot`, kind: "holdings", source: src.join(", "), first: h.asOf, last: h.asOf, rows: h.rows.length, synthetic: src.includes("demo") });
  }
  for (const f of ctx.inputs.fundamentals ?? []) {
    const src = f.sources ?? [];
    rows.push({ id: `${f.fund} fundamentals`, name: `per-company earnings and book value matched to ${f.fund}`, kind: "fundamentals", source: src.join(", "), first: f.asOf, last: f.asOf, rows: f.rows.length, synthetic: src.some((s) => s.endsWith(":demo")) });
  }
  for (const c of ctx.inputs.companies ?? []) {
    const src = c.sources ?? [];
    rows.push({ id: `${c.fund} companies`, name: `SEC EDGAR filings of ${c.rows.length} ${c.fund} companies (shares, earnings, equity, debt, interest), filed by ${c.asOf}`, kind: "fundamentals", source: src.join(", "), first: c.asOf, last: c.asOf, rows: c.rows.length, synthetic: false });
  }
  for (const c of ctx.inputs.constituents ?? []) {
    const src = c.sources ?? [];
    const firsts = c.closes.map((f) => f.dates[0]);
    const lasts = c.closes.map((f) => f.dates[f.dates.length - 1]);
    rows.push({ id: `${c.fund} constituents`, name: `daily closes of ${c.closes.length} ${c.fund} constituents`, kind: "stock", source: src.join(", "), first: firsts.length ? dayToIso(Math.min(...firsts)) : null, last: lasts.length ? dayToIso(Math.max(...lasts)) : null, rows: c.closes.reduce((n, f) => n + f.dates.length, 0), synthetic: src.includes("demo") });
  }
  return rows;
}

export function sources(ctx: ReportContext, rows: SourceRow[], generatedAt: string): Section {
  const d = ctx.data;
  const c = ctx.snapshot.conventions;
  const blocks: Block[] = [];
  blocks.push({
    kind: "table",
    id: "sources-table",
    caption: d.asOfRequested ? `Stored data this report read (nothing dated after ${d.asOf})` : `Stored data this report read (prices and macro series up to ${d.asOf}; the latest holdings)`,
    head: ["series", "name", "kind", "source", "first", "last", "rows"],
    rows: rows.map((r) => [textCell(r.id), textCell(r.name), textCell(r.kind), textCell(r.synthetic ? `${r.source} (synthetic)` : r.source), textCell(r.first), textCell(r.last), numCell(r.rows.toLocaleString("en-US"))]),
    asOf: d.asOf,
    sources: [...new Set(rows.map((r) => `${r.id}:${r.source}`))],
    synthetic: rows.some((r) => r.synthetic),
  });
  const lastImport = d.status.lastImport;
  blocks.push(
    text(
      `Window: ${ctx.window.text}${d.asOfRequested ? " (--asof: prices, macro series, holdings and fundamentals dated after it were not read)" : "; prices and macro series are cut at its end, holdings are the latest stored"}. Generated ${generatedAt} from a store with ${d.status.imports.toLocaleString("en-US")} imports${lastImport ? `, the last on ${lastImport.importedAt} UTC (${lastImport.format})` : ""}.`,
    ),
  );
  blocks.push(
    text(
      `Conventions: ${c.periodsPerYear} trading sessions a year for annualizing; growth rates over ${c.calendarDaysPerYear}-day years; sample standard deviations; Sharpe and Sortino against ${c.riskFree ?? "a zero rate"}; drawdowns from the highest close so far; value at risk from historical returns. Every figure in the JSON output carries its as-of date, window and source series. Definitions: docs/analytics.md.`,
    ),
  );
  return { id: "sources", title: "Data sources and as-of dates", question: "Where does each number come from?", finding: null, blocks };
}
