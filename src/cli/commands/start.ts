import type { Command } from "commander";
import { loadDemo } from "../../services/demo.ts";
import { isOnline, offlineMessage, runUpdate } from "../../services/update.ts";
import { stalenessOf } from "../../services/analytics.ts";
import { currentTime } from "../../services/clock.ts";
import { indexSummary, statusReport } from "../../services/summary.ts";
import { isEmpty } from "../../store/index.ts";
import { todayIso } from "../../model/index.ts";
import {
  dbPath,
  demoDbPath,
  fallbackNotice,
  globalOptions,
  handOverIfOwned,
  ioOf,
  openChosenStore,
  readStorePaths,
  withDemoStore,
  withUserStore,
  type Io,
  type StoreChoice,
} from "../context.ts";
import { runtimeOf } from "../runtime.ts";
import { DEMO_BANNER, paint } from "../format.ts";
import { refuseSecondServer, runServe } from "../serving.ts";
import { renderStatus, renderSummary } from "../status-view.ts";

/** Generates the demo store when it is missing or holds nothing (offline, seconds). */
async function ensureDemoStore(cmd: Command, io: Io): Promise<void> {
  await withDemoStore(cmd, async (store) => {
    if (!(await isEmpty(store))) return;
    io.err(`generating the synthetic demo market in its own file ${store.path} (your store is never written)`);
    let last = "";
    const result = await loadDemo(store, {
      endDate: todayIso(),
      onProgress: (p) => {
        if (p.phase !== last) io.err(`  demo: ${p.message}`);
        last = p.phase;
      },
    });
    io.err(`  demo: ${result.outcome.added.toLocaleString("en-US")} synthetic rows stored (${result.sourceRef})`);
  });
}

export interface StartOptions {
  demo: boolean;
  /** The configuration the first fill and the schedule run with (as `r2k update --config`). */
  config?: string;
  /** false with --no-schedule. */
  schedule?: boolean;
  offline?: boolean;
  serve: boolean;
  port?: string;
  host?: string;
}

/**
 * `npm start`: fills an empty user store from the live sources when online; while it still holds
 * nothing, shows the synthetic demo market from its own file (generated when missing), clearly
 * labelled. A user store with data is always the one shown. Prints what is stored and the latest
 * figures, then serves the dashboard until interrupted.
 */
export async function startAction(opts: StartOptions, cmd: Command): Promise<void> {
  if (opts.serve) refuseSecondServer(cmd);
  handOverIfOwned(cmd, readStorePaths(cmd)); // --no-serve beside a running server: it prints the status
  const io = ioOf(cmd);
  const demoPath = demoDbPath(cmd);
  let choice: StoreChoice;
  if (globalOptions(cmd).demo) {
    await ensureDemoStore(cmd, io);
    choice = { path: demoPath, kind: "demo", fallback: false };
  } else {
    const userEmpty = await withUserStore(cmd, async (store) => {
      if ((await isEmpty(store)) && !opts.offline && !runtimeOf(cmd).env.R2K_OFFLINE && (await isOnline({ timeoutMs: 3000 }))) {
        io.err(`the store ${store.path} is empty and the network answers: fetching real data (r2k update)`);
        const report = await runUpdate(store, {
          config: (await import("../config.ts")).liveConfig(cmd, opts.config).config,
          onEvent: (e) => {
            if (e.type === "item") io.err(`  ${e.item.source} ${e.item.id}: ${e.item.status}${e.item.reason ? ` (${e.item.reason})` : ""}`);
          },
        });
        if (report.offline) io.err(offlineMessage(report.storedUpTo));
      }
      return isEmpty(store);
    });
    if (userEmpty && opts.demo) {
      await ensureDemoStore(cmd, io);
      io.err(fallbackNotice(demoPath));
      choice = { path: demoPath, kind: "demo", fallback: true };
    } else {
      choice = { path: dbPath(cmd), kind: "user", fallback: false };
    }
  }
  const opened = await openChosenStore(cmd, io, choice);
  const store = opened.store;
  try {
    if (choice.kind === "demo") io.err(paint(io, "yellow", `! ${DEMO_BANNER}`));
    const status = await statusReport(store);
    io.out(renderStatus(io, status, false, stalenessOf(status.series, currentTime(runtimeOf(cmd).env))));
    const rows = await indexSummary(store);
    if (rows.length) io.out(`\n${renderSummary(io, rows)}`);
  } finally {
    opened.close();
  }
  if (opts.serve) await runServe(cmd, { port: opts.port, host: opts.host, config: opts.config, schedule: opts.schedule }, choice);
}
