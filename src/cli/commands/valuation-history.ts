/** `r2k valuation --history`: the small-vs-large valuation at each quarter end, as a table (the same figures as /api/valuation/history). */
import type { Command } from "commander";
import { valuationHistoryOf } from "../../services/valuation-history.ts";
import { withReadStore } from "../context.ts";
import { CliError, EXIT } from "../exit.ts";
import { setExitCode } from "../runtime.ts";
import { DEMO_BANNER, fmtNum, fmtPct, fmtShare, paint, renderTable } from "../format.ts";
import { fundRoles } from "../funds.ts";

export async function valuationHistoryAction(opts: { json?: boolean; to?: string }, cmd: Command): Promise<void> {
  if (opts.to !== undefined) throw new CliError("--to does not apply to --history: the history runs to the holdings' date", EXIT.usage);
  const funds = await fundRoles(cmd);
  await withReadStore(cmd, async (store, io, choice) => {
    const h = await valuationHistoryOf(store, { roles: funds, tickerMap: funds.tickerMap });
    const demo = choice.kind === "demo";
    // No history is "no data" (exit 5), as for the other commands, after saying why.
    if (!h.available) setExitCode(cmd, EXIT.noData);
    if (opts.json) {
      io.out(JSON.stringify({ demo, history: h }, null, 2));
      return;
    }
    const out: string[] = [];
    if (demo) out.push(paint(io, "yellow", `! ${DEMO_BANNER}`));
    const against = h.available ? `${h.small.fund} against ${h.large.fund}` : `${funds.smallFund} against ${funds.largeFunds.join(", else ")}`;
    out.push(paint(io, "bold", `Valuation history: ${against} at each quarter end, from SEC EDGAR filings and stored closes`));
    if (!h.available) {
      out.push(`Unavailable: ${h.reason}.`, `To fill it, ${h.todo}.`);
      io.out(out.join("\n"));
      return;
    }
    const s = h.small.fund;
    const l = h.large.fund;
    const rows = h.quarters.map((q) => [
      q.quarterEnd,
      fmtNum(q.small.pe.value, 1),
      fmtShare(q.small.pe.coverage, 0),
      fmtNum(q.large.pe.value, 1),
      fmtShare(q.large.pe.coverage, 0),
      q.pe.value === null ? "left out" : fmtPct(q.pe.value, 1),
      fmtPct(q.pb.value, 1),
    ]);
    out.push(renderTable(io, ["Quarter end", `${s} P/E`, "covers", `${l} P/E`, "covers", "P/E premium", "P/B premium"], rows, ["left", "right", "right", "right", "right", "right", "right"]));
    for (const q of h.leftOut) out.push(`Left out ${q.quarterEnd}: ${q.reason}.`);
    out.push(`Premium = ${s} P/E / ${l} P/E - 1; a quarter counts when each fund's P/E covers at least ${fmtShare(h.minCoverage, 0)} of its weight ("covers").`);
    out.push(h.method);
    out.push(`Survivorship: ${h.survivorship}`);
    out.push(`Sources: ${h.sources.join(", ")}. As of ${h.asOf} (each row as of its quarter end).`);
    io.out(out.join("\n"));
  });
}
