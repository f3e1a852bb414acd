import type { Command } from "commander";
import { loadDemo } from "../../services/demo.ts";
import { isOnline, offlineMessage, runUpdate } from "../../services/update.ts";
import { indexSummary, statusReport } from "../../services/summary.ts";
import { isEmpty } from "../../store/index.ts";
import { todayIso } from "../../model/index.ts";
import { withStore } from "../context.ts";
import { DEMO_BANNER, paint } from "../format.ts";
import { runServe } from "./serve.ts";
import { renderStatus, renderSummary } from "./status.ts";

/**
 * `npm start`: makes sure something is stored (real data from the live sources when online,
 * else the synthetic demo market), shows what is stored and the latest figures, then serves
 * the dashboard until interrupted.
 */
export function registerStart(program: Command): void {
  program
    .command("start")
    .description("the main job: fill an empty store (live sources when online, else the demo market), print status and summary, serve the dashboard")
    .option("--offline", "do not try the network; an empty store gets the demo market")
    .option("--no-demo", "do not load the demo market into an empty store")
    .option("--no-serve", "print status and summary, then exit instead of serving the dashboard")
    .option("--port <n>", "dashboard port (0 picks a free one)")
    .option("--host <host>", "address to bind (default 127.0.0.1)")
    .action(async (opts: { demo: boolean; offline?: boolean; serve: boolean; port?: string; host?: string }, cmd: Command) => {
      await withStore(cmd, async (store, io) => {
        if ((await isEmpty(store)) && !opts.offline && !process.env.R2K_OFFLINE && (await isOnline({ timeoutMs: 3000 }))) {
          io.err(`the store ${store.path} is empty and the network answers: fetching real data (r2k update)`);
          const report = await runUpdate(store, {
            onEvent: (e) => {
              if (e.type === "item") io.err(`  ${e.item.source} ${e.item.id}: ${e.item.status}${e.item.reason ? ` (${e.item.reason})` : ""}`);
            },
          });
          if (report.offline) io.err(offlineMessage(report.storedUpTo, report.hasDemo));
        }
        if ((await isEmpty(store)) && opts.demo) {
          io.err(`the store ${store.path} is empty: loading the synthetic demo market (import real files with \`r2k import\`)`);
          let last = "";
          const result = await loadDemo(store, {
            endDate: todayIso(),
            onProgress: (p) => {
              if (p.phase !== last) io.err(`  demo: ${p.message}`);
              last = p.phase;
            },
          });
          io.err(`  demo: ${result.outcome.added.toLocaleString("en-US")} synthetic rows stored (${result.sourceRef})`);
          io.err(paint(io, "yellow", `! ${DEMO_BANNER}`));
        }
        io.out(renderStatus(io, await statusReport(store)));
        const rows = await indexSummary(store);
        if (rows.length) io.out(`\n${renderSummary(io, rows)}`);
      });
      if (opts.serve) await runServe(cmd, { port: opts.port, host: opts.host });
    });
}
