/** Health and the OpenAPI document. */
import type { FastifyInstance } from "fastify";
import { stalenessOf } from "../../services/analytics.ts";
import type { Api } from "../api.ts";
import { serializeBody } from "../context.ts";
import { sendBody } from "../api.ts";

export const API_VERSION = "1.0.0";

export function registerMetaRoutes(app: FastifyInstance, api: Api): void {
  api.route(app, {
    path: "/api/health",
    tag: "meta",
    mode: "live",
    summary: "Liveness and what is stored: store version, series count, demo flag, last import, and whether the data is current",
    handler: async ({ catalog, ctx }) => ({
      status: "ok",
      storeVersion: catalog.version,
      series: catalog.series.length,
      holdings: catalog.holdings.length,
      empty: catalog.series.length === 0 && catalog.holdings.length === 0,
      demo: catalog.demo,
      lastImport: catalog.lastImport && { id: catalog.lastImport.id, sourceKind: catalog.lastImport.sourceKind, importedAt: catalog.lastImport.importedAt },
      uptimeSeconds: Math.round((Date.now() - ctx.startedAt) / 1000),
      // Judged on every request: the calendar moves even when the store does not.
      staleness: stalenessOf(catalog.series, ctx.now()),
      update: ctx.updates ?? { last: null, plan: null, next: null },
    }),
  });

  // Generated once, after every route is registered (see app.ts).
  let doc: ReturnType<typeof serializeBody> | null = null;
  app.get("/api/docs", async (request, reply) => {
    doc ??= serializeBody(api.openapi({ title: "r2k API", version: API_VERSION }), API_VERSION);
    return sendBody(request, reply, doc, "no-cache");
  });
}
