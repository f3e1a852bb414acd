/**
 * What \`r2k status\` and \`r2k summary\` print, as text: used by those commands and by \`r2k start\`,
 * which prints both before serving.
 */
import type { Staleness } from "../core/analytics/index.ts";
import type { IndexChange, StatusReport } from "../services/summary.ts";
import type { Io } from "./context.ts";
import { DEMO_BANNER, fmtInt, fmtNum, fmtPct, paint, renderTable } from "./format.ts";

export const EMPTY_HINT =
  "nothing is stored yet: import files (`r2k import FILE|DIR`), fetch them (`r2k update`), or generate the synthetic demo market (`r2k demo`: its own file, shown while your store is empty or with --demo)";

/** Individual stocks (constituent histories) are summed up in one line unless `all`. */
export function renderStatus(io: Io, s: StatusReport, all = false, stale: Staleness | null = null): string {
  const out: string[] = [];
  if (s.hasDemo) out.push(paint(io, "yellow", `! ${DEMO_BANNER}`));
  if (stale?.message) out.push(paint(io, "yellow", `! ${stale.message}`));
  out.push(`store: ${s.path} (${s.kind === "demo" ? "SYNTHETIC demo store, " : ""}schema v${s.schemaVersion}, ${fmtInt(s.imports)} imports)`);
  const stocks = s.series.filter((r) => r.kind === "stock");
  const shown = all || stocks.length <= 20 ? s.series : s.series.filter((r) => r.kind !== "stock");
  const rows = shown.map((r) => [r.id, r.kind, r.name, fmtInt(r.rows), r.first, r.last, r.sources.join(", ")]);
  if (shown.length < s.series.length) {
    const first = stocks.reduce((m, r) => (r.first < m ? r.first : m), stocks[0].first);
    const last = stocks.reduce((m, r) => (r.last > m ? r.last : m), stocks[0].last);
    const sources = [...new Set(stocks.flatMap((r) => r.sources))].join(", ");
    rows.push([`${fmtInt(stocks.length)} stocks`, "stock", "constituent histories (--all lists them)", fmtInt(stocks.reduce((n, r) => n + r.rows, 0)), first, last, sources]);
  }
  if (rows.length) out.push(renderTable(io, ["series", "kind", "name", "rows", "first", "last", "source"], rows));
  if (s.holdings.length) {
    out.push(
      renderTable(
        io,
        ["fund", "holdings as of", "equity rows", "source"],
        s.holdings.map((h) => [h.fund, h.asOf, fmtInt(h.constituents), h.source]),
      ),
    );
  }
  if (s.universes.length) {
    out.push(
      renderTable(
        io,
        ["universe", "as of", "companies", "source"],
        s.universes.map((u) => [u.universe, u.asOf, fmtInt(u.companies), u.source]),
      ),
    );
  }
  const f = s.fundamentals;
  if (f.companies > 0 || f.facts > 0) {
    out.push(
      `fundamentals (SEC EDGAR): ${fmtInt(f.companies)} companies, ${fmtInt(f.facts)} facts of ${fmtInt(f.filers)} filers` +
        (f.latestPeriod ? `, periods to ${f.latestPeriod}` : "") +
        (f.latestFiled ? `, filed to ${f.latestFiled}` : ""),
    );
  }
  if (s.lastImport) {
    const i = s.lastImport;
    out.push(
      `last import: #${i.id} ${i.importedAt} UTC ${i.format} ${i.sourceRef} (+${fmtInt(i.rowsAdded)} added, ${fmtInt(i.rowsUpdated)} updated, ${fmtInt(i.rowsSkipped)} skipped)`,
    );
  }
  if (s.lastUpdate) out.push(`last update: ${s.lastUpdate.text}`);
  if (!s.series.length && !s.holdings.length && f.companies === 0 && f.facts === 0) out.push(EMPTY_HINT);
  return out.join("\n");
}

export function renderSummary(io: Io, rows: IndexChange[]): string {
  const demo = rows.some((r) => r.sources.includes("demo"));
  const color = (x: number | undefined, text: string) =>
    x === undefined || !Number.isFinite(x) ? text : paint(io, x >= 0 ? "green" : "red", text);
  const table = renderTable(
    io,
    ["series", "name", "as of", "close", "1 day", "YTD", "1 year", "source"],
    rows.map((r) => [
      r.id,
      r.name,
      r.asOf,
      fmtNum(r.close),
      color(r.day?.value, fmtPct(r.day?.value)),
      color(r.ytd?.value, fmtPct(r.ytd?.value)),
      color(r.year?.value, fmtPct(r.year?.value)),
      r.sources.join(", "),
    ]),
  );
  const notes = [
    "Each series as of its own last close: price returns from stored closes; YTD from the last close of the previous year, 1 year from the last close on or before the same date a year earlier.",
    "Measurement only, not advice.",
  ];
  return [demo ? paint(io, "yellow", `! ${DEMO_BANNER}`) : null, table, ...notes].filter(Boolean).join("\n");
}
