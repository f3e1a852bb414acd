/**
 * Route registration against the contract (src/server/contract.ts): one place that validates
 * requests, registers the Fastify route, caches computed responses per store version (ETag,
 * 304) and describes the route, its request and its response in the OpenAPI document served at
 * /api/docs.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { type ApiPath, type ApiPathParams, type ApiQuery, type ApiResponse, CONTRACT, type RouteContract } from "./contract.ts";
import type { Catalog, CachedBody, ServerContext } from "./context.ts";
import { COMPONENTS } from "./responses/shared.ts";
import { describeIssues } from "./schemas.ts";

/** An error whose status and message are for the client. */
export class HttpError extends Error {
  override name = "HttpError";
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}

export const badRequest = (message: string) => new HttpError(400, message);

export interface RouteArgs<Q, P> {
  query: Q;
  params: P;
  catalog: Catalog;
  ctx: ServerContext;
}

/** A route of the contract: its path names its request and response schemas there. */
export interface RouteSpec<P extends ApiPath = ApiPath> {
  path: P;
  summary: string;
  description?: string;
  tag: string;
  /**
   * "computed": cached per store version with an ETag (analytics); "live": computed on every
   * request, no cache (health).
   */
  mode?: "computed" | "live";
  /** Its result must be the route's response type: the compiler checks it against the schema. */
  handler: (args: RouteArgs<ApiQuery<P>, ApiPathParams<P>>) => Promise<ApiResponse<P>>;
}

interface Registered {
  spec: RouteSpec;
  contract: RouteContract;
}

const ERROR_SCHEMA = {
  type: "object",
  properties: { statusCode: { type: "integer" }, error: { type: "string" }, message: { type: "string" } },
  required: ["statusCode", "error", "message"],
};

function parse(schema: z.ZodType | undefined, value: unknown, what: string): unknown {
  if (!schema) return {};
  const r = schema.safeParse(value ?? {});
  if (!r.success) throw badRequest(`${what}: ${describeIssues(r.error)}`);
  return r.data;
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v) =>
    v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}

function acceptsGzip(request: FastifyRequest): boolean {
  const ae = request.headers["accept-encoding"];
  return typeof ae === "string" && /\bgzip\b/.test(ae);
}

export function sendBody(request: FastifyRequest, reply: FastifyReply, body: CachedBody, cacheControl = "no-cache"): FastifyReply {
  reply.header("etag", body.etag).header("cache-control", cacheControl).header("vary", "accept-encoding");
  const inm = request.headers["if-none-match"];
  if (typeof inm === "string" && inm.split(",").some((t) => t.trim().replace(/^W\//, "") === body.etag)) {
    return reply.code(304).send();
  }
  reply.type("application/json; charset=utf-8");
  if (body.gzip && acceptsGzip(request)) return reply.header("content-encoding", "gzip").send(body.gzip);
  return reply.send(body.json);
}

export class Api {
  readonly routes: Registered[] = [];

  constructor(private readonly ctx: ServerContext) {}

  route<P extends ApiPath>(app: FastifyInstance, spec: RouteSpec<P>): void {
    const contract: RouteContract = CONTRACT[spec.path];
    this.routes.push({ spec: spec as unknown as RouteSpec, contract });
    const ctx = this.ctx;
    app.get(spec.path, async (request, reply) => {
      // The schemas of CONTRACT[P] produce exactly ApiQuery<P> and ApiPathParams<P>.
      const query = parse(contract.query, request.query, "query") as ApiQuery<P>;
      const params = parse(contract.params, request.params, "path") as ApiPathParams<P>;
      if (spec.mode === "live") {
        const catalog = await ctx.catalog();
        reply.header("cache-control", "no-store");
        return reply.type("application/json; charset=utf-8").send(JSON.stringify(await spec.handler({ query, params, catalog, ctx })));
      }
      const key = `${spec.path}|${canonical(params)}|${canonical(query)}`;
      const body = await ctx.cached(key, (catalog) => spec.handler({ query, params, catalog, ctx }));
      return sendBody(request, reply, body);
    });
  }

  /** The OpenAPI 3.1 document of every registered route, generated from the zod schemas. */
  openapi(info: { title: string; version: string }): Record<string, unknown> {
    const paths: Record<string, Record<string, unknown>> = {};
    for (const { spec: r, contract } of this.routes) {
      const parameters: Record<string, unknown>[] = [];
      for (const [where, schema] of [
        ["path", contract.params],
        ["query", contract.query],
      ] as const) {
        if (!schema) continue;
        const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as {
          properties?: Record<string, Record<string, unknown>>;
          required?: string[];
        };
        for (const [name, prop] of Object.entries(json.properties ?? {})) {
          const { description, ...rest } = prop;
          parameters.push({
            name,
            in: where,
            required: where === "path" || (json.required ?? []).includes(name),
            ...(description ? { description } : {}),
            schema: rest,
          });
        }
      }
      const openPath = r.path.replace(/:([A-Za-z]+)/g, "{$1}");
      paths[openPath] = {
        get: {
          tags: [r.tag],
          summary: r.summary,
          ...(r.description ? { description: r.description } : {}),
          parameters,
          responses: {
            "200": {
              description:
                r.mode === "live"
                  ? "JSON"
                  : "JSON; every figure carries asOf, window and sources. Cached per store version: ETag, Cache-Control: no-cache",
              content: { "application/json": { schema: responseRef(contract.response) } },
            },
            ...(r.mode === "live" ? {} : { "304": { description: "not modified (If-None-Match matched the ETag)" } }),
            "400": { description: "malformed request: the message says which parameter and why", content: { "application/json": { schema: ERROR_SCHEMA } } },
            "429": { description: "rate limit exceeded", content: { "application/json": { schema: ERROR_SCHEMA } } },
          },
        },
      };
    }
    return {
      openapi: "3.1.0",
      info: {
        ...info,
        description:
          "Read-only JSON API of r2k: stored series and measured analytics of the Russell 2000 next to the S&P 500 and the Nasdaq Composite. " +
          "Every figure names its as-of date and source; data with source \"demo\" is a synthetic demo market.",
      },
      paths,
      components: { schemas: componentSchemas() },
    };
  }
}

/** A response schema as a reference to its component (every response schema is named in src/server/responses/). */
function responseRef(schema: z.ZodType): Record<string, unknown> {
  const id = COMPONENTS.get(schema)?.id;
  if (!id) throw new Error("a route's response schema is not a named component (see named() in src/server/responses/shared.ts)");
  return { $ref: `#/components/schemas/${id}` };
}

/** Every named schema as JSON Schema (2020-12, which OpenAPI 3.1 uses), referring to each other by component. */
function componentSchemas(): Record<string, unknown> {
  const { schemas } = z.toJSONSchema(COMPONENTS, { io: "output", uri: (id) => `#/components/schemas/${id}` });
  return Object.fromEntries(Object.entries(schemas).map(([id, { $schema: _schema, $id: _id, ...schema }]) => [id, schema]));
}
