/**
 * Serving the dashboard from the command line: what \`r2k serve\` runs, and \`r2k start\` after
 * printing the status and summary.
 */
import type { Command } from "commander";
import { DEFAULT_PORT, startServer } from "../server/index.ts";
import { parseInterval, startRefreshLoop, type RefreshLoop } from "../services/update.ts";
import { globalOptions, openChosenStore, processIo, resolveReadStore, type StoreChoice } from "./context.ts";
import type { R2kConfig } from "../config/index.ts";
import { liveConfig } from "./config.ts";
import { fundRoles } from "./funds.ts";
import { CliError, EXIT } from "./exit.ts";

export interface ServeOptions {
  port?: string;
  host?: string;
  refresh?: string;
  /** The configuration file the refresh runs with (as `r2k update --config`). */
  config?: string;
  log?: boolean;
}

function parsePort(text: string | undefined): number {
  if (text === undefined) return DEFAULT_PORT;
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65535) throw new CliError(`--port: not a port number 0-65535: ${JSON.stringify(text)}`, EXIT.usage);
  return Number(text);
}

/**
 * Serves the dashboard until SIGINT/SIGTERM from the store a read face uses (resolveReadStore), or
 * from `choice` when the caller (`r2k start`) has made it. With --refresh the user's store is
 * served, since the refresh writes real data into it.
 */
export async function runServe(cmd: Command, opts: ServeOptions, choice?: StoreChoice): Promise<void> {
  const port = parsePort(opts.port);
  let refreshMs: number | null = null;
  let refreshConfig: { config: R2kConfig; path: string | null } | null = null;
  if (opts.refresh !== undefined) {
    if (globalOptions(cmd).demo) {
      throw new CliError("--refresh writes real data into your own store; the demo market is not updated (regenerate it with `r2k demo`)", EXIT.usage);
    }
    try {
      refreshMs = parseInterval(opts.refresh);
    } catch (err) {
      throw new CliError(`--refresh: ${(err as Error).message}`, EXIT.usage);
    }
    // The same configuration as `r2k update`, read before serving: an invalid file stops here.
    refreshConfig = liveConfig(opts.config);
  }
  const io = processIo(globalOptions(cmd));
  const chosen = choice ?? (await resolveReadStore(cmd, io, { fallback: refreshMs === null }));
  const store = await openChosenStore(io, chosen);
  let server;
  try {
    server = await startServer({ store, host: opts.host, port, logger: opts.log === true, log: (l) => io.err(l), funds: await fundRoles() });
  } catch (err) {
    store.close();
    throw err;
  }
  io.out(`r2k dashboard: ${server.url}`);
  io.out(`API reference: ${server.url}api/docs`);
  if (store.kind === "demo") io.out(`showing the SYNTHETIC demo market from ${store.path} (the page says so)`);
  let loop: RefreshLoop | null = null;
  if (refreshMs !== null) {
    loop = startRefreshLoop(server.ctx.store, refreshMs, {
      config: refreshConfig?.config,
      onReport: (r) => {
        const changed = r.items.filter((i) => i.status === "updated").length;
        const failed = r.items.filter((i) => i.status === "failed").length;
        io.err(`refresh: ${changed} updated, ${failed} failed${r.offline ? " (offline: stored data kept)" : ""}`);
        if (changed > 0) server.ctx.invalidate();
      },
      onError: (err) => io.err(`refresh failed: ${(err as Error).message}`),
    });
    io.out(`refreshing stored data every ${opts.refresh} (${refreshConfig?.path ? `configuration ${refreshConfig.path}` : "built-in configuration: no r2k.config.json found"})`);
  }
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
  io.err("stopping...");
  await loop?.stop();
  await server.close();
  store.close();
}
