/**
 * The Fastify app: security headers, rate limit, JSON errors (400 for anything malformed, 404
 * for unknown routes, never a stack trace), the API plugins per area, and the web bundle.
 */
import rateLimit from "@fastify/rate-limit";
import Fastify, { type FastifyInstance, type FastifyReply } from "fastify";
import type { Store } from "../store/index.ts";
import { Api, HttpError } from "./api.ts";
import { currentTime } from "../services/clock.ts";
import type { FundRoles } from "../services/funds.ts";
import { ServerContext } from "./context.ts";
import { registerAnalyticsRoutes } from "./routes/analytics.ts";
import { registerDataRoutes } from "./routes/data.ts";
import { registerIndexEngineRoutes } from "./routes/index-engine.ts";
import { registerMetaRoutes } from "./routes/meta.ts";
import { registerValuationHistoryRoutes } from "./routes/valuation-history.ts";
import { loadAssets, registerStatic } from "./static.ts";

export interface RateLimitOptions {
  /** Requests per client address per window. */
  max: number;
  timeWindowMs: number;
}

/** Generous for one person's dashboard (a page load is ~15 requests), low enough to stop a runaway script. */
export const DEFAULT_RATE_LIMIT: RateLimitOptions = { max: 600, timeWindowMs: 60_000 };

export interface AppOptions {
  store: Store;
  /** Directory of the built web bundle; omitted = API only. */
  webDir?: string;
  rateLimit?: RateLimitOptions | false;
  /** Log each request to stderr (pino); default off. */
  logger?: boolean;
  /** The clock staleness is judged by (default: R2K_NOW, else the system clock). */
  now?: () => Date;
  /** The small- and large-cap funds (default: the configuration's defaults). */
  funds?: FundRoles;
}

export const SECURITY_HEADERS: Record<string, string> = {
  "content-security-policy":
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self'; " +
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "no-referrer",
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-resource-policy": "same-origin",
  "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
  "x-dns-prefetch-control": "off",
};

const REASONS: Record<number, string> = { 400: "Bad Request", 404: "Not Found", 405: "Method Not Allowed", 413: "Payload Too Large", 414: "URI Too Long", 415: "Unsupported Media Type", 429: "Too Many Requests" };

export async function buildApp(opts: AppOptions): Promise<{ app: FastifyInstance; ctx: ServerContext; api: Api }> {
  const app = Fastify({
    logger: opts.logger ? { level: "info" } : false,
    bodyLimit: 1024,
    routerOptions: { maxParamLength: 200 },
    return503OnClosing: true,
    // Malformed URLs (bad percent-encoding) and the like: the same JSON 400 as everything else.
    frameworkErrors: (err, _request, rawReply) => {
      const reply = rawReply as unknown as FastifyReply;
      reply.code(400).type("application/json; charset=utf-8").send({ statusCode: 400, error: "Bad Request", message: err.message.slice(0, 300) });
    },
  });
  const ctx = new ServerContext(opts.store, opts.now ?? (() => currentTime()), opts.funds);
  const api = new Api(ctx);

  app.addHook("onSend", async (_request, reply, payload) => {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) reply.header(k, v);
    return payload;
  });

  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, request, reply) => {
    let status = err instanceof HttpError ? err.statusCode : (err.statusCode ?? 500);
    if (status < 400 || status > 599) status = 500;
    if (status >= 500) {
      request.log.error({ err }, "request failed");
      if (!opts.logger) process.stderr.write(`r2k serve: ${request.method} ${request.url.slice(0, 200)} failed: ${err.stack ?? err.message}\n`);
    }
    const message = status >= 500 ? "internal error (the server log has the details)" : err.message.slice(0, 500);
    if (status === 429) reply.header("retry-after", reply.getHeader("retry-after") ?? "60");
    return reply.code(status).type("application/json; charset=utf-8").send({ statusCode: status, error: REASONS[status] ?? "Error", message });
  });

  if (opts.rateLimit !== false) {
    const rl = opts.rateLimit ?? DEFAULT_RATE_LIMIT;
    await app.register(rateLimit, {
      global: true,
      max: rl.max,
      timeWindow: rl.timeWindowMs,
      errorResponseBuilder: (_req, context) => {
        const e = new HttpError(429, `rate limit: at most ${context.max} requests per ${context.after}; retry later`);
        return e;
      },
    });
  }

  app.setNotFoundHandler(
    opts.rateLimit === false ? {} : { preHandler: app.rateLimit() },
    (request, reply) => {
      const path = request.url.split("?")[0].slice(0, 120);
      return reply
        .code(404)
        .type("application/json; charset=utf-8")
        .send({ statusCode: 404, error: "Not Found", message: `no such route: ${request.method} ${path}${path.startsWith("/api") ? " (GET /api/docs lists the API)" : ""}` });
    },
  );

  await app.register(async (scope) => registerMetaRoutes(scope, api));
  await app.register(async (scope) => registerDataRoutes(scope, api));
  await app.register(async (scope) => registerAnalyticsRoutes(scope, api));
  await app.register(async (scope) => registerIndexEngineRoutes(scope, api));
  await app.register(async (scope) => registerValuationHistoryRoutes(scope, api));
  if (opts.webDir) {
    const assets = loadAssets(opts.webDir);
    await app.register(async (scope) => registerStatic(scope, assets));
  }
  return { app, ctx, api };
}
