import { Option, type Command } from "commander";
import { loadComparison, renderComparisonText, ReportInputError } from "../../report/index.ts";
import { isIsoDate } from "../../model/index.ts";
import { stalenessOf } from "../../services/analytics.ts";
import { currentTime } from "../../services/clock.ts";
import { indexSummary, statusReport } from "../../services/summary.ts";
import { withReadStore } from "../context.ts";
import { CliError, EXIT } from "../exit.ts";
import { paint } from "../format.ts";
import { EMPTY_HINT, renderStatus, renderSummary } from "../status-view.ts";

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
