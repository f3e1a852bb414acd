import type { Command } from "commander";
import { stalenessOf } from "../../services/staleness.ts";
import { currentTime } from "../../services/clock.ts";
import { statusReport } from "../../services/summary.ts";
import { withReadStore } from "../context.ts";
import { runtimeOf } from "../runtime.ts";
import { renderStatus } from "../status-view.ts";

export interface StatusOptions {
  json?: boolean;
  all?: boolean;
}

/** `r2k status`: what is stored, as a table or JSON. */
export async function statusAction(opts: StatusOptions, cmd: Command): Promise<void> {
  await withReadStore(cmd, async (store, io) => {
    const report = await statusReport(store);
    const stale = stalenessOf(report.series, currentTime(runtimeOf(cmd).env));
    io.out(opts.json ? JSON.stringify({ ...report, staleness: stale }, null, 2) : renderStatus(io, report, opts.all, stale));
  });
}
