import { Option, type Command } from "commander";
import { loadComparison, renderComparisonText, ReportInputError } from "../../report/index.ts";
import type { Staleness } from "../../core/analytics/index.ts";
import { isIsoDate } from "../../model/index.ts";
import { stalenessOf } from "../../services/analytics.ts";
import { currentTime } from "../../services/clock.ts";
import { indexSummary, statusReport, type IndexChange, type StatusReport } from "../../services/summary.ts";
import type { Io } from "../context.ts";
import { withReadStore } from "../context.ts";
import { CliError, EXIT } from "../exit.ts";
import { DEMO_BANNER, fmtInt, fmtNum, fmtPct, paint, renderTable } from "../format.ts";

const EMPTY_HINT =
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
  if (s.lastImport) {
    const i = s.lastImport;
    out.push(
      `last import: #${i.id} ${i.importedAt} UTC ${i.format} ${i.sourceRef} (+${fmtInt(i.rowsAdded)} added, ${fmtInt(i.rowsUpdated)} updated, ${fmtInt(i.rowsSkipped)} skipped)`,
    );
  }
  if (!s.series.length && !s.holdings.length) out.push(EMPTY_HINT);
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

export function registerStatus(program: Command): void {
  program
    .command("status")
    .description("what is stored: series, ranges, row counts, sources, holdings, last import")
    .option("--json", "print as JSON")
    .option("--all", "list every stock series instead of one line for all of them")
    .action(async (opts: { json?: boolean; all?: boolean }, cmd: Command) => {
      await withReadStore(cmd, async (store, io) => {
        const report = await statusReport(store);
        const stale = stalenessOf(report.series, currentTime());
        io.out(opts.json ? JSON.stringify({ ...report, staleness: stale }, null, 2) : renderStatus(io, report, opts.all, stale));
      });
    });

  program
    .command("summary")
    .description("latest close and 1-day / YTD / 1-year change of each stored index and ETF, and the measured comparison table")
    .option("--from <date>", "comparison window start, the first day whose return counts (default: the start common to the indices)")
    .option("--to <date>", "comparison window end; nothing after it is read (default: the end common to the indices)")
    .addOption(new Option("--span <rule>", "common: the dates every index compared has (default); full: each index's own history").choices(["common", "full"]).default("common"))
    .addOption(new Option("--basis <basis>", "price returns, or total returns where adjusted closes are stored").choices(["price", "total"]).default("price"))
    .option("--json", "print as JSON")
    .action(async (opts: { json?: boolean; from?: string; to?: string; span: "common" | "full"; basis: "price" | "total" }, cmd: Command) => {
      await withReadStore(cmd, async (store, io) => {
        for (const [name, v] of [["--from", opts.from], ["--to", opts.to]] as const) {
          if (v !== undefined && !isIsoDate(v)) throw new CliError(`${name}: not a calendar date YYYY-MM-DD: ${JSON.stringify(v)}`, EXIT.usage);
        }
        const rows = await indexSummary(store, opts.to);
        if (rows.length === 0) {
          io.err(EMPTY_HINT);
          process.exitCode = EXIT.noData;
          if (opts.json) io.out("[]");
          return;
        }
        let comparison;
        try {
          // null without ^RUT or the benchmark
          comparison = await loadComparison(store, { from: opts.from, asof: opts.to, span: opts.span, basis: opts.basis });
        } catch (err) {
          if (err instanceof ReportInputError) throw new CliError(err.message, err.kind === "usage" ? EXIT.usage : EXIT.noData);
          throw err;
        }
        const stale = stalenessOf((await statusReport(store)).series, currentTime());
        if (opts.json) io.out(JSON.stringify({ latest: rows, comparison, staleness: stale }, null, 2));
        else {
          if (stale.message) io.out(paint(io, "yellow", `! ${stale.message}`));
          io.out(renderSummary(io, rows));
          if (comparison) io.out(`\n${renderComparisonText(comparison, io)}`);
        }
      });
    });
}
