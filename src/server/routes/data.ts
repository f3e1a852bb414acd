/** Stored data as it is: the series catalog, bars and observations over a date range. */
import type { FastifyInstance } from "fastify";
import { dayToIso } from "../../model/index.ts";
import { latestChanges } from "../../services/summary.ts";
import { readBars, readObservations, type StoredSeries as StoredSeriesRow } from "../../store/index.ts";
import type { HoldingsSnapshot, StoredSeries } from "../responses/data.ts";
import type { Assert, Mirrors } from "../responses/shared.ts";
import { type Api, badRequest } from "../api.ts";
import type { Catalog } from "../context.ts";
import { thin } from "../../views/series.ts";
import { clipBars, isoToDay } from "../../core/analytics/index.ts";
import { DEFAULT_MAX_POINTS, envelope, requestWindow } from "../measured.ts";

function stored(catalog: Catalog, id: string) {
  const meta = catalog.bySymbol.get(id);
  if (!meta) throw badRequest(`unknown series ${JSON.stringify(id)}: nothing stored under that id (GET /api/series lists what is)`);
  return meta;
}

const nullable = (a: Float64Array) => Array.from(a, (v) => (Number.isFinite(v) ? v : null));

export function registerDataRoutes(app: FastifyInstance, api: Api): void {
  api.route(app, {
    path: "/api/latest",
    tag: "data",
    summary: "Latest close and its 1-day, year-to-date and 1-year price change of each series, as of its own last close (on or before `to`)",
    description:
      "Level cards: unlike the measured endpoints, every series keeps its own as-of date (asOf), which may differ between series. " +
      "With `to`, each series' last close on or before it: nothing later is read.",
    handler: async ({ query, catalog, ctx }) => {
      const w = requestWindow(query, catalog);
      const inputs = await ctx.inputs();
      const to = w.to === undefined ? undefined : isoToDay(w.to);
      const rows = w.symbols.flatMap((id) => {
        const full = inputs.bars.find((x) => x.symbol === id);
        const b = full && to !== undefined ? clipBars(full, to) : full;
        const changes = b && b.dates.length ? latestChanges(b.dates, b.close) : null;
        const meta = catalog.bySymbol.get(id);
        return changes ? [{ symbol: id, name: meta?.name ?? id, kind: meta?.kind ?? "unknown", sources: (meta?.sources ?? []).map((x) => `${id}:${x}`), basis: "price" as const, ...changes }] : [];
      });
      return { meta: { storeVersion: catalog.version, demo: catalog.demo }, rows };
    },
  });

  api.route(app, {
    path: "/api/series",
    tag: "data",
    summary: "Every stored series with its kind, date range, row count and sources; stored holdings snapshots",
    handler: async ({ query, catalog }) => ({
      meta: { storeVersion: catalog.version, demo: catalog.demo },
      series: catalog.series.filter((s) => !query.kind || query.kind.includes(s.kind)).map((s) => ({ ...s, demo: s.sources.includes("demo") })),
      holdings: catalog.holdings,
      lastImport: catalog.lastImport && { id: catalog.lastImport.id, sourceKind: catalog.lastImport.sourceKind, importedAt: catalog.lastImport.importedAt },
      defaults: { symbols: catalog.defaultSymbols, benchmark: catalog.defaultBenchmark },
    }),
  });

  api.route(app, {
    path: "/api/series/:id",
    tag: "data",
    summary: "One stored series: kind, name, range, rows and sources",
    handler: async ({ params, catalog }) => {
      const s = stored(catalog, params.id);
      return { meta: { storeVersion: catalog.version, demo: s.sources.includes("demo") }, series: s };
    },
  });

  api.route(app, {
    path: "/api/series/:id/bars",
    tag: "data",
    summary: "Daily bars (open, high, low, close, adjusted close, volume) of a price series over a date range, columnar",
    handler: async ({ params, query, catalog, ctx }) => {
      const s = stored(catalog, params.id);
      if (s.table !== "bars") throw badRequest(`${s.id} is a macro series: use /api/series/${encodeURIComponent(s.id)}/observations`);
      const f = await ctx.exclusive((store) => readBars(store, s.id, { from: query.from, to: query.to }));
      const n = f.dates.length;
      const max = query.maxPoints ?? 20000;
      const dates = Array.from(f.dates, dayToIso);
      // Bars are not thinned by value (which column would decide?): every k-th bar, the last kept.
      const step = n > max ? Math.ceil(n / max) : 1;
      const pick = <T>(a: T[]) => (step === 1 ? a : a.filter((_, i) => i % step === 0 || i === n - 1));
      const sources = f.sources.map((x) => `${s.id}:${x}`);
      return envelope(catalog, { from: query.from, to: query.to, symbols: [s.id] }, {
        id: s.id,
        name: s.name,
        kind: s.kind,
        asOf: n ? dates[n - 1] : null,
        window: n ? { from: dates[0], to: dates[n - 1] } : null,
        sources,
        rows: n,
        every: step,
        dates: pick(dates),
        open: pick(nullable(f.open)),
        high: pick(nullable(f.high)),
        low: pick(nullable(f.low)),
        close: pick(nullable(f.close)),
        adjClose: pick(nullable(f.adjClose)),
        volume: pick(nullable(f.volume)),
      });
    },
  });

  api.route(app, {
    path: "/api/series/:id/observations",
    tag: "data",
    summary: "Observations of a macro series (FRED style) over a date range, columnar",
    handler: async ({ params, query, catalog, ctx }) => {
      const s = stored(catalog, params.id);
      if (s.table !== "observations") throw badRequest(`${s.id} is a price series: use /api/series/${encodeURIComponent(s.id)}/bars`);
      const f = await ctx.exclusive((store) => readObservations(store, s.id, { from: query.from, to: query.to }));
      const dates = Array.from(f.dates, dayToIso);
      const n = dates.length;
      const series = thin({ dates, values: nullable(f.values) }, query.maxPoints ?? DEFAULT_MAX_POINTS * 10);
      return envelope(catalog, { from: query.from, to: query.to, symbols: [s.id] }, {
        id: s.id,
        name: s.name,
        kind: s.kind,
        asOf: n ? dates[n - 1] : null,
        window: n ? { from: dates[0], to: dates[n - 1] } : null,
        sources: s.sources.map((x) => `${s.id}:${x}`),
        rows: n,
        ...series,
      });
    },
  });
}

// The catalog's schemas describe the store's own rows (checked here: the web client, which
// imports the schemas, must not type-check the store).
type _StoredSeries = Assert<Mirrors<typeof StoredSeries, StoredSeriesRow>>;
type _Holdings = Assert<Mirrors<typeof HoldingsSnapshot, Catalog["holdings"][number]>>;
