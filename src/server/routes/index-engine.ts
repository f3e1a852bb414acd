/** The index engine's reconstitution preview over stored inputs (the dashboard's recon panel). */
import type { FastifyInstance } from "fastify";
import { reconstitutionOrNull, type Band, type Breakpoint, type ChangeRow, type Constituent, type IndexChanges, type IndexSummary, type IneligibleSecurity, type Rules } from "../../core/index-engine/index.ts";
import { type Displayed, forDisplay, ReconInputError, runRecon, type ShareClassRow } from "../../services/recon.ts";
import type * as R from "../responses/index-engine.ts";
import type { Assert, Mirrors } from "../responses/shared.ts";
import { type Api, badRequest, HttpError } from "../api.ts";

export function registerIndexEngineRoutes(app: FastifyInstance, api: Api): void {
  api.route(app, {
    path: "/api/recon",
    tag: "index engine",
    summary: "Russell-style reconstitution preview: eligibility, breakpoints, bands, members, adds, deletes, migrations, turnover",
    description:
      "Runs the index engine on a stored universe (by default the latest real iShares Russell 3000 (IWV) holdings, else the demo universe) " +
      "with a previous membership (by default the stored IWB/IWM holdings dated before the rank day, or the demo's). " +
      "Share classes of one company are ranked as one. Once SEC shares outstanding are stored for the holdings' companies, they are " +
      "ranked by company caps in dollars (`capBasis` \"company\": SEC cover-page shares of every class x the rank-day close; `notes` " +
      "say what was estimated and left out). With `capBasis` \"fund-dollars\" (no SEC shares yet) every dollar " +
      "amount is null: ranks, cumulative percentiles and shares of the universe describe the sizes. Lists are cut to `limit` " +
      "rows; counts and weights cover everything.",
    handler: async ({ query, catalog, ctx }) => {
      const limit = query.limit ?? 100;
      const previous = query.previous === undefined ? "default" : query.previous === "none" ? [] : query.previous.split(",");
      let report;
      try {
        report = await ctx.exclusive((store) =>
          runRecon(store, { universe: query.universe, previous, rankDate: query.rankDate, rules: {}, tickerMap: ctx.funds.tickerMap }),
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
      // null without a rank date or before the calendar's first year
      const place = r.rankDate ? reconstitutionOrNull(r.rankDate) : null;
      const calendar = place && {
        inWindow: place.inWindow,
        window: place.event.window,
        rankDay: place.event.rankDay,
        effectiveAfterClose: place.event.effectiveAfterClose,
        confidence: place.event.confidence,
      };
      return forDisplay(
        {
          meta: {
            storeVersion: catalog.version,
            demo: report.demo,
            asOf: r.rankDate,
            sources: [report.universe, ...report.capSources, ...report.previous],
          },
          universe: report.universe,
          previous: report.previous,
          notes: report.notes,
          rankDate: r.rankDate,
          calendar,
          capBasis: r.capBasis,
          rules: r.rules,
          banding: r.banding,
          counts: r.universe,
          eligibleCap: r.eligibleCap,
          // Not cut by `limit`: a few dozen companies at most, and the dashboard lists them all.
          shareClasses: { count: report.shareClasses.length, rows: report.shareClasses },
          breakpoints: r.breakpoints,
          bands: r.bands,
          indexes: Object.values(r.indexes).map((ix) => ({ ...ix, constituents: cut(ix.constituents), constituentCount: ix.constituents.length })),
          changes,
          ineligible: { count: r.ineligible.length, rows: cut(r.ineligible) },
          warnings: r.warnings,
        },
        r.capBasis,
      );
    },
  });
}

// The preview's schemas describe the engine's results as shown (dollar amounts nullable).
type _Rules = Assert<Mirrors<typeof R.Rules, Rules>>;
type _Breakpoint = Assert<Mirrors<typeof R.Breakpoint, Displayed<Breakpoint>>>;
type _Band = Assert<Mirrors<typeof R.Band, Displayed<Band>>>;
type _Constituent = Assert<Mirrors<typeof R.Constituent, Displayed<Constituent>>>;
type _IndexSummary = Assert<Mirrors<typeof R.IndexSummary, Displayed<IndexSummary>>>;
type _ChangeRow = Assert<Mirrors<typeof R.ChangeRow, Displayed<ChangeRow>>>;
type _IndexChanges = Assert<Mirrors<typeof R.IndexChanges, Displayed<IndexChanges>>>;
type _Ineligible = Assert<Mirrors<typeof R.IneligibleSecurity, IneligibleSecurity>>;
type _ShareClass = Assert<Mirrors<typeof R.ShareClassRow, ShareClassRow>>;
