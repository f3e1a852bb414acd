import type { Command } from "commander";
import { loadComparison, renderComparisonText, ReportInputError } from "../../report/index.ts";
import { isIsoDate } from "../../model/index.ts";
import { stalenessOf } from "../../services/staleness.ts";
import { currentTime } from "../../services/clock.ts";
import { indexSummary, statusReport } from "../../services/summary.ts";
import { withReadStore } from "../context.ts";
import { runtimeOf, setExitCode } from "../runtime.ts";
import { CliError, EXIT } from "../exit.ts";
import { paint } from "../format.ts";
import { EMPTY_HINT, renderSummary } from "../status-view.ts";

export interface SummaryOptions {
  json?: boolean;
  from?: string;
  to?: string;
  span: "common" | "full";
  basis: "price" | "total";
}

/** `r2k summary`: latest closes and changes, and the measured comparison table. */
export async function summaryAction(opts: SummaryOptions, cmd: Command): Promise<void> {
  await withReadStore(cmd, async (store, io) => {
    for (const [name, v] of [["--from", opts.from], ["--to", opts.to]] as const) {
      if (v !== undefined && !isIsoDate(v)) throw new CliError(`${name}: not a calendar date YYYY-MM-DD: ${JSON.stringify(v)}`, EXIT.usage);
    }
    const rows = await indexSummary(store, opts.to);
    if (rows.length === 0) {
      io.err(EMPTY_HINT);
      setExitCode(cmd, EXIT.noData);
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
    const stale = stalenessOf((await statusReport(store)).series, currentTime(runtimeOf(cmd).env));
    if (opts.json) io.out(JSON.stringify({ latest: rows, comparison, staleness: stale }, null, 2));
    else {
      if (stale.message) io.out(paint(io, "yellow", `! ${stale.message}`));
      io.out(renderSummary(io, rows));
      if (comparison) io.out(`\n${renderComparisonText(comparison, io)}`);
    }
  });
}
