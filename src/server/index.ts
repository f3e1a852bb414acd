/**
 * The dashboard server: `startServer` opens the store, finds the web bundle (dist/web, or built
 * on demand when running from the sources: web-build.ts), and listens (127.0.0.1 unless told
 * otherwise). Used by `r2k serve` and `r2k start`.
 */
import type { FundRoles } from "../services/funds.ts";
import { Store } from "../store/index.ts";
import { buildApp, type RateLimitOptions } from "./app.ts";
import { DEFAULT_HOST, DEFAULT_PORT } from "./defaults.ts";
import type { ServerContext } from "./context.ts";
import { ensureWebBundle } from "./web-build.ts";

export { buildApp, DEFAULT_RATE_LIMIT, SECURITY_HEADERS, type AppOptions, type RateLimitOptions } from "./app.ts";
export { ServerContext, type UpdateStatus } from "./context.ts";
export { ensureWebBundle, webSourceHash } from "./web-build.ts";

export { DEFAULT_HOST, DEFAULT_PORT };

export interface StartOptions {
  /** Store file to open (ignored when `store` is given). */
  dbPath?: string;
  /** An already open store; the caller keeps ownership (close() leaves it open). */
  store?: Store;
  host?: string;
  /** 0 picks a free port. Default 8377. */
  port?: number;
  /** Serve the API only (no web bundle build). */
  web?: boolean;
  rateLimit?: RateLimitOptions | false;
  logger?: boolean;
  /** Progress lines (bundle build). */
  log?: (line: string) => void;
  /** The clock staleness is judged by (default: R2K_NOW, else the system clock). */
  now?: () => Date;
  /** The small- and large-cap funds (default: the configuration's defaults). */
  funds?: FundRoles;
}

export interface RunningServer {
  url: string;
  close(): Promise<void>;
  ctx: ServerContext;
}

export async function startServer(opts: StartOptions): Promise<RunningServer> {
  if (!opts.store && !opts.dbPath) throw new Error("startServer needs dbPath or store");
  const webDir = opts.web === false ? undefined : (await ensureWebBundle({ log: opts.log })).dir;
  const store = opts.store ?? (await Store.open(opts.dbPath as string));
  const ownStore = !opts.store;
  try {
    const { app, ctx } = await buildApp({ store, webDir, rateLimit: opts.rateLimit, logger: opts.logger, now: opts.now, funds: opts.funds });
    const host = opts.host ?? DEFAULT_HOST;
    await app.listen({ host, port: opts.port ?? DEFAULT_PORT });
    const addr = app.server.address();
    const port = typeof addr === "object" && addr ? addr.port : (opts.port ?? DEFAULT_PORT);
    const shown = host.includes(":") ? `[${host}]` : host === "0.0.0.0" ? "127.0.0.1" : host;
    let closed = false;
    return {
      url: `http://${shown}:${port}/`,
      ctx,
      async close() {
        if (closed) return;
        closed = true;
        await app.close();
        if (ownStore) store.close();
      },
    };
  } catch (err) {
    if (ownStore) store.close();
    throw err;
  }
}
