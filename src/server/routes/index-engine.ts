/** The index engine's reconstitution preview over stored inputs (the dashboard's recon panel). */
import type { FastifyInstance } from "fastify";
import { ReconInputError, runRecon } from "../../services/recon.ts";
import { type Api, badRequest, HttpError } from "../api.ts";
import { ReconQuery } from "../schemas.ts";

export function registerIndexEngineRoutes(app: FastifyInstance, api: Api): void {
  api.route(app, {
    path: "/api/recon",
    tag: "index engine",
    summary: "Russell-style reconstitution preview: eligibility, breakpoints, bands, members, adds, deletes, migrations, turnover",
    description:
      "Runs the index engine on a stored universe (the demo universe, or a dated one) with an optional previous membership " +
      "(the demo, or stored IWM/IWB holdings). Lists are cut to `limit` rows; counts and weights cover everything.",
    query: ReconQuery,
    handler: async ({ query, catalog, ctx }) => {
      const limit = query.limit ?? 100;
      const previous = query.previous ?? "demo";
      let report;
      try {
        report = await ctx.exclusive((store) =>
          runRecon(store, {
            universe: query.universe ?? "demo",
            previous: previous === "none" ? [] : [previous],
            rankDate: query.rankDate,
            rules: {},
          }),
        );
      } catch (err) {
        if (err instanceof ReconInputError) throw err.kind === "noData" ? new HttpError(404, err.message) : badRequest(err.message);
        throw err;
      }
      const r = report.result;
      const cut = <T>(rows: T[]) => rows.slice(0, limit);
      const changes = r.changes && {
        migrations: { up: cut(r.changes.migrations.up), down: cut(r.changes.migrations.down), upCount: r.changes.migrations.up.length, downCount: r.changes.migrations.down.length },
        indexes: [r.changes.r1000, r.changes.r2000, r.changes.r3000]
          .filter((c) => c !== null)
          .map((c) => ({ ...c, adds: cut(c.adds), deletes: cut(c.deletes), addCount: c.adds.length, deleteCount: c.deletes.length })),
      };
      return {
        meta: {
          storeVersion: catalog.version,
          demo: report.demo,
          asOf: r.rankDate,
          sources: [report.universe, ...report.previous],
        },
        universe: report.universe,
        previous: report.previous,
        notes: report.notes,
        rankDate: r.rankDate,
        rules: r.rules,
        banding: r.banding,
        counts: r.universe,
        breakpoints: r.breakpoints,
        bands: r.bands,
        indexes: Object.values(r.indexes).map((ix) => ({ ...ix, constituents: cut(ix.constituents), constituentCount: ix.constituents.length })),
        changes,
        ineligible: { count: r.ineligible.length, rows: cut(r.ineligible) },
        warnings: r.warnings,
      };
    },
  });
}
