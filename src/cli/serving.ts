/**
 * Serving the dashboard from the command line: what \`r2k serve\` runs, and \`r2k start\` after
 * printing the status and summary.
 */
import type { Command } from "commander";
import { DEFAULT_PORT, startServer, type UpdateStatus } from "../server/index.ts";
import { describeSchedule, nextScheduledRun } from "../core/schedule.ts";
import { currentTime } from "../services/clock.ts";
import {
  describeLastUpdate,
  parseInterval,
  readLastUpdate,
  startRefreshLoop,
  summarizeUpdate,
  writeLastUpdate,
  type LastUpdate,
  type RefreshLoop,
} from "../services/update.ts";
import type { R2kConfig } from "../config/index.ts";
import { isEmpty } from "../store/read.ts";
import { dbPath, globalOptions, ioOf, openChosenStore, readStorePaths, resolveReadStore, type StoreChoice } from "./context.ts";
import { findOwner, newOwnerToken, removeOwner, writeOwner, type StoreOwner } from "../store/owner.ts";
import { openHandoverChannel } from "./handover/channel.ts";
import { ServerStoreHost } from "./handover/host.ts";
import { runtimeOf } from "./runtime.ts";
import { liveConfig } from "./config.ts";
import { fundRoles } from "./funds.ts";
import { CliError, EXIT } from "./exit.ts";

export interface ServeOptions {
  port?: string;
  host?: string;
  refresh?: string;
  /** false with --no-schedule: no daily update while serving. */
  schedule?: boolean;
  /** The configuration file the refresh runs with (as `r2k update --config`). */
  config?: string;
  log?: boolean;
}

function parsePort(text: string | undefined): number {
  if (text === undefined) return DEFAULT_PORT;
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65535) throw new CliError(`--port: not a port number 0-65535: ${JSON.stringify(text)}`, EXIT.usage);
  return Number(text);
}

/** How often a server started by npm checks that npm is still there. */
const ORPHAN_CHECK_MS = 1000;

/** The latest update as the health endpoint gives it. */
function lastOf(last: LastUpdate): UpdateStatus["last"] {
  return { text: describeLastUpdate(last), finishedAt: last.finishedAt, items: last.items, updated: last.updated, failed: last.failed, firstFailure: last.firstFailure };
}

/** A store has one owner: a second server on it is refused, naming the first. */
export function refuseSecondServer(cmd: Command): void {
  if (runtimeOf(cmd).host) throw new CliError("a server runs serve and start on its own, never as a command handed over to another server", EXIT.usage);
  for (const path of readStorePaths(cmd)) {
    const owner = findOwner(path);
    if (owner) {
      throw new CliError(
        `r2k already serves ${owner.store} at ${owner.url} (process ${owner.pid}): open that page, or stop that server first. Other commands work beside it.`,
        EXIT.failure,
      );
    }
  }
}

/**
 * Serves the dashboard until SIGINT/SIGTERM from the store a read face uses (resolveReadStore), or
 * from `choice` when the caller (`r2k start`) has made it. With --refresh the user's store is
 * served, since the refresh writes real data into it.
 */
export async function runServe(cmd: Command, opts: ServeOptions, choice?: StoreChoice): Promise<void> {
  refuseSecondServer(cmd);
  const run = runtimeOf(cmd).run;
  if (!run) throw new Error("r2k serve runs from the CLI's main, which hands it the command runner");
  const port = parsePort(opts.port);
  let refreshMs: number | null = null;
  if (opts.refresh !== undefined) {
    if (globalOptions(cmd).demo) {
      throw new CliError("--refresh writes real data into your own store; the demo market is not updated (regenerate it with `r2k demo`)", EXIT.usage);
    }
    try {
      refreshMs = parseInterval(opts.refresh);
    } catch (err) {
      throw new CliError(`--refresh: ${(err as Error).message}`, EXIT.usage);
    }
  }
  const io = ioOf(cmd);
  const chosen = choice ?? (await resolveReadStore(cmd, io, { fallback: refreshMs === null }));
  // The server's own update of your store (every --refresh interval, else daily on the schedule,
  // unless --no-schedule) runs with the configuration of `r2k update`, read before serving: an
  // invalid file stops here. The demo store is never updated.
  const updating = refreshMs !== null || (chosen.kind === "user" && opts.schedule !== false) ? liveConfig(cmd, opts.config) : null;
  let store = (await openChosenStore(cmd, io, chosen)).store;
  let server;
  try {
    server = await startServer({ store, host: opts.host, port, logger: opts.log === true, log: (l) => io.err(l), funds: await fundRoles(cmd) });
  } catch (err) {
    store.close();
    throw err;
  }
  const ctx = server.ctx;
  const updates: UpdateStatus = { last: null, plan: null, next: null };
  ctx.updates = updates;
  /** The latest update of the served store, as recorded beside it (by any process). */
  const readLast = () => {
    const last = readLastUpdate(store.path);
    updates.last = last && lastOf(last);
  };
  readLast();

  // Set by startUpdates, also after a switch to your store.
  let loop = null as RefreshLoop | null;
  /** The server's own updates of the store it serves (your store: never the demo market). */
  const startUpdates = (with_: { config: R2kConfig; path: string | null }) => {
    const schedule = refreshMs === null && with_.config.schedule.enabled ? with_.config.schedule : null;
    if (refreshMs === null && !schedule) return;
    const trigger = refreshMs !== null ? "refresh" : "schedule";
    const label = refreshMs !== null ? "refresh" : "scheduled update";
    const nextDelay = () => {
      const now = currentTime();
      const next = schedule ? nextScheduledRun(now, schedule, Math.random()) : new Date(now.getTime() + (refreshMs ?? 0));
      updates.next = next.toISOString();
      return next.getTime() - now.getTime();
    };
    loop = startRefreshLoop(ctx.store, nextDelay, {
      config: with_.config,
      runAtStart: refreshMs !== null,
      serialize: (work) => host.serializeWrite(work),
      onReport: (r) => {
        const last = summarizeUpdate(r, currentTime(), trigger);
        writeLastUpdate(store.path, last);
        updates.last = lastOf(last);
        io.err(`${label}: ${describeLastUpdate(last)}`);
        if (last.updated > 0) ctx.invalidate();
      },
      onError: (err) => io.err(`${label} failed: ${(err as Error).message}`),
    });
    const configured = with_.path ? `configuration ${with_.path}` : "built-in configuration: no r2k.config.json found";
    if (schedule) {
      updates.plan = `daily at ${describeSchedule(schedule)}`;
      io.out(`updating stored data daily at ${describeSchedule(schedule)}; next ${updates.next} (${configured}; --no-schedule for none)`);
    } else {
      updates.plan = `every ${opts.refresh}`;
      io.out(`refreshing stored data every ${opts.refresh} (${configured})`);
    }
  };

  // While the demo market stands in for your empty store, the server owns your store too: the
  // first import or update is handed to it, and once your store holds data it is what it shows.
  const standIn = chosen.fallback ? dbPath(cmd) : null;
  let owners: StoreOwner[] = [];
  const showYourStore = async () => {
    if (!standIn || store.path === standIn) return;
    const yours = await host.takeOver(standIn, "user", async (s) => !(await isEmpty(s)));
    if (!yours) return;
    const demo = store;
    store = yours;
    ctx.replaceStore(yours);
    // The demo store's queued reads and the commands reading it end first.
    await demo.exclusive(async () => undefined);
    await host.idle(demo);
    demo.close();
    for (const o of owners.filter((o) => o.store !== standIn)) removeOwner(o);
    owners = owners.filter((o) => o.store === standIn);
    readLast();
    io.err(`your store ${yours.path} now holds data: the dashboard shows it instead of the SYNTHETIC demo market`);
    if (opts.schedule !== false) {
      try {
        startUpdates(liveConfig(cmd, opts.config));
      } catch (err) {
        io.err(`no scheduled updates: ${(err as Error).message}`);
      }
    }
  };
  // The server owns the store: other r2k commands hand their work over (cli/handover), and
  // writes, its own updates among them, go one at a time.
  const host = new ServerStoreHost(store, (path) => {
    if (path === store.path) {
      ctx.invalidate();
      readLast();
    } else if (path === standIn) {
      return showYourStore().catch((err: unknown) => io.err(`could not switch to your store: ${(err as Error).message}`));
    }
  });
  const token = newOwnerToken();
  const channel = await openHandoverChannel({ token, host, run });
  for (const path of standIn ? [store.path, standIn] : [store.path]) {
    const owner: StoreOwner = { pid: process.pid, port: channel.port, token, store: path, url: server.url, startedAt: new Date().toISOString() };
    writeOwner(owner);
    owners.push(owner);
  }
  io.out(`r2k dashboard: ${server.url}`);
  io.out(`API reference: ${server.url}api/docs`);
  if (store.kind === "demo") io.out(`showing the SYNTHETIC demo market from ${store.path} (the page says so)`);
  if (updating) startUpdates(updating);
  // Started by npm or npx (npm start, npx r2k serve), the server stops with them: npm killed
  // outright (kill -9) cannot pass a signal on, and the server would go on holding the store.
  const parent = process.env.npm_execpath ? process.ppid : null;
  let orphaned = false;
  await new Promise<void>((resolve) => {
    const watch = parent === null ? null : setInterval(() => {
      if (process.ppid !== parent) {
        orphaned = true;
        stop();
      }
    }, ORPHAN_CHECK_MS);
    const stop = () => {
      if (watch) clearInterval(watch);
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
  io.err(orphaned ? "stopping: the npm or npx process that started r2k has gone" : "stopping...");
  // Commands handed over still running end first (an update stops at its next item); commands
  // arriving now wait, and open the store themselves once the owner file has gone.
  await channel.close();
  await loop?.stop();
  await server.close();
  store.close();
  for (const o of owners) removeOwner(o);
}
