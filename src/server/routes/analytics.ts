/**
 * Measured analytics: the comparison table, the full snapshot and one endpoint per dashboard
 * section. Each computes `snapshot(inputs, options)` (src/core/analytics) over the stored
 * histories for the requested window and returns the section with its figures' provenance.
 */
import type { FastifyInstance } from "fastify";
import {
  cyclesFromIndicator,
  NBER_CYCLES,
  snapshot,
  type Figure,
  type SectionName,
  type Snapshot,
  type SnapshotInputs,
  type SnapshotOptions,
  type SymbolReport,
} from "../../core/analytics/index.ts";
import type { BarFrame } from "../../model/index.ts";
import { type Api, badRequest } from "../api.ts";
import type { Catalog, ServerContext } from "../context.ts";
import { ReturnsQuery, RollingQuery, SECTIONS, SnapshotQuery, WindowQuery } from "../schemas.ts";
import { clip, crashPath, growthOf10k, ratioSeries, rollingReturnSeries, thin } from "../series.ts";

export const DEFAULT_MAX_POINTS = 1500;
const RATE_SERIES = ["DFF", "FEDFUNDS", "BAMLH0A0HYM2", "DGS10", "DGS2"];
const LOSS_HORIZON_YEARS = [1, 2, 3, 5, 7, 10, 15, 20];

export interface Window {
  from?: string;
  to?: string;
  symbols: string[];
  benchmark: string | null;
  maxPoints: number;
}

/** Fills defaults and checks every named symbol is a stored price series (else 400). */
export function resolveWindow(q: WindowQuery, catalog: Catalog): Window {
  const check = (s: string, what: string) => {
    const meta = catalog.bySymbol.get(s);
    if (!meta) {
      const known = catalog.series.filter((x) => x.table === "bars" && x.kind !== "stock").map((x) => x.id);
      throw badRequest(`${what}: unknown symbol ${JSON.stringify(s)}; stored price series: ${known.slice(0, 20).join(", ") || "none"}`);
    }
    if (meta.table !== "bars") throw badRequest(`${what}: ${s} is a macro series, not a price series`);
  };
  const symbols = q.symbols ?? catalog.defaultSymbols;
  for (const s of symbols) check(s, "symbols");
  if (q.benchmark !== undefined) check(q.benchmark, "benchmark");
  return { from: q.from, to: q.to, symbols, benchmark: q.benchmark ?? catalog.defaultBenchmark, maxPoints: q.maxPoints ?? DEFAULT_MAX_POINTS };
}

/** Union of every `sources` list and the latest `asOf` in a result: what the response rests on. */
export function provenanceOf(value: unknown): { asOf: string | null; sources: string[] } {
  const sources = new Set<string>();
  let asOf: string | null = null;
  const walk = (x: unknown, depth: number) => {
    if (depth > 12 || x === null || typeof x !== "object") return;
    if (Array.isArray(x)) {
      if (x.length > 0 && typeof x[0] !== "object") return;
      for (const v of x) walk(v, depth + 1);
      return;
    }
    for (const [k, v] of Object.entries(x)) {
      if (k === "sources" && Array.isArray(v)) for (const s of v) sources.add(String(s));
      else if (k === "asOf" && typeof v === "string") {
        if (asOf === null || v > asOf) asOf = v;
      } else walk(v, depth + 1);
    }
  };
  walk(value, 0);
  return { asOf, sources: [...sources].sort() };
}

/** The response envelope: the request as understood, provenance, demo flag. */
export function envelope(catalog: Catalog, w: Partial<Window>, data: Record<string, unknown>): Record<string, unknown> {
  const prov = provenanceOf(data);
  return {
    meta: {
      storeVersion: catalog.version,
      request: { from: w.from ?? null, to: w.to ?? null, symbols: w.symbols ?? null, benchmark: w.benchmark ?? null },
      asOf: prov.asOf,
      sources: prov.sources,
      demo: prov.sources.some((s) => s.endsWith(":demo")),
    },
    ...data,
  };
}

async function runSnapshot(ctx: ServerContext, w: Window, sections: SectionName[], extra: SnapshotOptions = {}, inputs?: SnapshotInputs): Promise<Snapshot> {
  const all: SectionName[] = [...SECTIONS, "breadth"];
  const on = Object.fromEntries(all.map((s) => [s, sections.includes(s)])) as Record<SectionName, boolean>;
  try {
    return snapshot(inputs ?? (await ctx.inputs()), {
      from: w.from,
      to: w.to,
      subjects: w.symbols,
      benchmark: w.benchmark ?? undefined,
      sections: on,
      ...extra,
    });
  } catch (err) {
    if (err instanceof RangeError) throw badRequest(err.message);
    throw err;
  }
}

const available = (r: Snapshot["symbols"][number]): r is SymbolReport => r.available;

function barsOf(inputs: SnapshotInputs, symbol: string): BarFrame | undefined {
  return inputs.bars.find((b) => b.symbol === symbol);
}

function horizon(r: SymbolReport, h: string, annualized = false): Figure | null {
  const row = r.returns.find((x) => x.horizon === h);
  if (!row) return null;
  const useTotal = r.basis === "total" && row.total;
  if (annualized) return (useTotal ? row.totalAnnualized : row.priceAnnualized) ?? null;
  return (useTotal ? row.total : row.price) ?? null;
}

const COMPARISON_HORIZONS = ["1D", "1M", "YTD", "1Y", "3Y", "5Y", "10Y"];

export function registerAnalyticsRoutes(app: FastifyInstance, api: Api): void {
  api.route(app, {
    path: "/api/comparison",
    tag: "analytics",
    summary: "The comparison table: Russell 2000 vs S&P 500 vs Nasdaq Composite, every cell a measured figure",
    description:
      "Per symbol: last close, returns over horizons (total return where adjusted closes are stored), CAGR, volatility, Sharpe, maximum and current drawdown; " +
      "against the benchmark: beta, correlation, up/down capture; and the small-vs-large sensitivity to rates and credit.",
    query: WindowQuery,
    handler: async ({ query, catalog, ctx }) => {
      const w = resolveWindow(query, catalog);
      const s = await runSnapshot(ctx, w, ["symbols", "pairs", "rates"]);
      const rows = s.symbols.map((r) => {
        const meta = catalog.bySymbol.get(r.symbol);
        const base = { symbol: r.symbol, name: meta?.name ?? r.symbol, kind: meta?.kind ?? "unknown" };
        if (!available(r)) return { ...base, available: false, reason: r.reason };
        const pair = s.pairs.find((p) => p.symbol === r.symbol);
        return {
          ...base,
          available: true,
          basis: r.basis,
          window: r.window,
          sources: r.sources,
          lastClose: r.lastClose,
          returns: Object.fromEntries(COMPARISON_HORIZONS.map((h) => [h, horizon(r, h)])),
          cagr: r.basis === "total" && r.cagr.total ? r.cagr.total : r.cagr.price,
          volatility: r.risk.volatility,
          sharpe: r.risk.sharpe,
          maxDrawdown: r.drawdowns.max,
          currentDrawdown: r.drawdowns.current,
          vsBenchmark:
            pair && pair.available
              ? { benchmark: pair.benchmark, beta: pair.beta, correlation: pair.correlation, volatilityRatio: pair.volatilityRatio, upCapture: pair.upCapture, downCapture: pair.downCapture }
              : r.symbol === s.request.benchmark
                ? { benchmark: r.symbol, self: true }
                : { benchmark: s.request.benchmark, unavailable: pair && !pair.available ? pair.reason : "no benchmark" },
        };
      });
      const sensitivity = s.rates.available ? s.rates.sensitivity : s.rates;
      return envelope(catalog, w, { benchmark: s.request.benchmark, horizons: COMPARISON_HORIZONS, rows, sensitivity, notes: s.notes });
    },
  });

  api.route(app, {
    path: "/api/snapshot",
    tag: "analytics",
    summary: "The full analytics snapshot (schema r2k.analytics.snapshot/1) for a window, without chart series",
    query: SnapshotQuery,
    handler: async ({ query, catalog, ctx }) => {
      const w = resolveWindow(query, catalog);
      const s = await runSnapshot(ctx, w, query.sections ?? [...SECTIONS]);
      return envelope(catalog, w, { snapshot: s });
    },
  });

  api.route(app, {
    path: "/api/returns",
    tag: "analytics",
    summary: "Returns tables: horizons, CAGR, calendar years, months, rolling N-year distributions; growth of 10,000 and a rolling-return series",
    query: ReturnsQuery,
    handler: async ({ query, catalog, ctx }) => {
      const w = resolveWindow(query, catalog);
      const years = query.rollingYears ?? 1;
      const inputs = await ctx.inputs();
      const s = await runSnapshot(ctx, w, ["symbols"]);
      const symbols = s.symbols.map((r) => {
        if (!available(r)) return r;
        const b = barsOf(inputs, r.symbol) as BarFrame;
        const growth = growthOf10k(b, w.from, w.to);
        const rolling = rollingReturnSeries(b, years, w.from, w.to);
        return {
          symbol: r.symbol,
          available: true,
          basis: r.basis,
          window: r.window,
          sources: r.sources,
          returns: r.returns,
          cagr: r.cagr,
          calendarYears: r.calendarYears,
          monthly: r.monthly,
          rollingReturns: r.rollingReturns,
          series: { growth: growth && thin(growth, w.maxPoints), rolling: rolling && thin(rolling, w.maxPoints) },
        };
      });
      return envelope(catalog, w, { rollingYears: years, symbols });
    },
  });

  api.route(app, {
    path: "/api/rolling",
    tag: "analytics",
    summary: "Rolling statistics: volatility of each symbol and its ratio to the benchmark's, rolling beta and correlation",
    query: RollingQuery,
    handler: async ({ query, catalog, ctx }) => {
      const w = resolveWindow(query, catalog);
      const window = Number(query.window ?? "63");
      const subjects = w.benchmark && !w.symbols.includes(w.benchmark) ? [...w.symbols, w.benchmark] : w.symbols;
      const s = await runSnapshot(ctx, { ...w, symbols: subjects }, ["symbols", "pairs"], { includeSeries: true });
      const vol = new Map<string, ReturnType<typeof clip>>();
      for (const r of s.symbols) {
        const v = available(r) ? r.series?.rollingVolatility[String(window)] : undefined;
        if (v) vol.set(r.symbol, clip(v, w.from, w.to));
      }
      const bench = w.benchmark ? vol.get(w.benchmark) : undefined;
      const symbols = s.symbols
        .filter((r) => w.symbols.includes(r.symbol))
        .map((r) => {
          if (!available(r)) return r;
          const v = vol.get(r.symbol);
          const pair = s.pairs.find((p) => p.symbol === r.symbol);
          return {
            symbol: r.symbol,
            available: true,
            sources: r.sources,
            window: r.window,
            volatility: r.risk.volatility,
            rollingVolatility: r.risk.rollingVolatility,
            pair: pair && pair.available ? { benchmark: pair.benchmark, rolling: pair.rolling, volatilityRatio: pair.volatilityRatio } : null,
            series: {
              volatility: v ? thin(v, w.maxPoints) : null,
              volatilityRatio: v && bench && r.symbol !== w.benchmark ? thin(ratioSeries(v, bench), w.maxPoints) : null,
              beta: pair && pair.available && pair.series ? thin(clip(pair.series.rollingBeta, w.from, w.to), w.maxPoints) : null,
              correlation: pair && pair.available && pair.series ? thin(clip(pair.series.rollingCorrelation, w.from, w.to), w.maxPoints) : null,
            },
          };
        });
      return envelope(catalog, w, { window, betaWindow: s.conventions.rollingBetaWindow, symbols });
    },
  });

  api.route(app, {
    path: "/api/drawdowns",
    tag: "analytics",
    summary: "Drawdowns: maximum and current drawdown, the deepest episodes and the underwater series",
    query: WindowQuery,
    handler: async ({ query, catalog, ctx }) => {
      const w = resolveWindow(query, catalog);
      const s = await runSnapshot(ctx, w, ["symbols"], { includeSeries: true });
      const symbols = s.symbols.map((r) =>
        available(r)
          ? {
              symbol: r.symbol,
              available: true,
              sources: r.sources,
              window: r.window,
              drawdowns: r.drawdowns,
              series: { underwater: r.series ? thin(r.series.underwater, w.maxPoints) : null },
            }
          : r,
      );
      return envelope(catalog, w, { symbols });
    },
  });

  api.route(app, {
    path: "/api/case-studies",
    tag: "analytics",
    summary: "Crash case studies (2007-2009 and 2020): peak, trough, depth, recovery, returns after the trough, and each path from its peak",
    query: WindowQuery,
    handler: async ({ query, catalog, ctx }) => {
      const w = resolveWindow(query, catalog);
      const inputs = await ctx.inputs();
      const s = await runSnapshot(ctx, w, ["caseStudies"]);
      const studies = s.caseStudies.map((c) => ({
        ...c,
        paths: w.symbols
          .map((sym) => {
            const b = barsOf(inputs, sym);
            const p = b ? crashPath(b, c.range.from, c.range.to) : null;
            return p ? { symbol: sym, ...thin(p, w.maxPoints) } : null;
          })
          .filter((p) => p !== null),
      }));
      return envelope(catalog, w, { caseStudies: studies });
    },
  });

  api.route(app, {
    path: "/api/leadership",
    tag: "analytics",
    summary: "Small vs large leadership: the relative-strength ratio, its regimes, returns after recessions, and recession bands",
    query: WindowQuery,
    handler: async ({ query, catalog, ctx }) => {
      const w = resolveWindow(query, catalog);
      const inputs = await ctx.inputs();
      const s = await runSnapshot(ctx, w, ["leadership"], { includeSeries: true });
      const usrec = inputs.macro?.find((m) => m.id === "USREC");
      const cycles = usrec && usrec.dates.length ? cyclesFromIndicator(usrec) : NBER_CYCLES;
      const lo = w.from ?? "0000";
      const hi = w.to ?? "9999";
      const recessions = {
        source: usrec && usrec.dates.length ? (usrec.sources ?? []).map((x) => `USREC:${x}`).join(", ") : "NBER business-cycle table",
        bands: cycles.filter((c) => c.trough >= lo && c.peak <= hi).map((c) => ({ from: c.peak, to: c.trough })),
      };
      const l = s.leadership;
      const leadership = l.available && l.series ? { ...l, series: { ratio: thin(clip(l.series.ratio, w.from, w.to), w.maxPoints) } } : l;
      return envelope(catalog, w, { leadership, recessions });
    },
  });

  api.route(app, {
    path: "/api/lead-lag",
    tag: "analytics",
    summary: "Lead/lag of small vs large caps: weekly cross-correlation by lag and turning points",
    query: WindowQuery,
    handler: async ({ query, catalog, ctx }) => {
      const w = resolveWindow(query, catalog);
      const s = await runSnapshot(ctx, w, ["leadLag"]);
      const l = s.leadLag;
      const sources = l.available ? [l.small, l.large].flatMap((id) => (catalog.bySymbol.get(id)?.sources ?? []).map((x) => `${id}:${x}`)) : [];
      return envelope(catalog, w, { leadLag: l.available ? { ...l, asOf: [l.window.to, ...[l.small, l.large].map((id) => catalog.bySymbol.get(id)?.last ?? l.window.to)].sort()[0], sources } : l });
    },
  });

  api.route(app, {
    path: "/api/rates",
    tag: "analytics",
    summary: "Rates and credit: Fed policy regimes and returns by regime, sensitivity to rate and spread changes, regional banks, and the rate series",
    query: WindowQuery,
    handler: async ({ query, catalog, ctx }) => {
      const w = resolveWindow(query, catalog);
      const inputs = await ctx.inputs();
      const s = await runSnapshot(ctx, w, ["rates", "regionalBanks"]);
      const series = RATE_SERIES.flatMap((id) => {
        const m = inputs.macro?.find((x) => x.id === id);
        if (!m || m.dates.length === 0) return [];
        const cut = clip({ dates: Array.from(m.dates, (d) => new Date(d * 86_400_000).toISOString().slice(0, 10)), values: Array.from(m.values, (v) => (Number.isFinite(v) ? v : null)) }, w.from, w.to);
        if (cut.dates.length === 0) return [];
        const meta = catalog.bySymbol.get(id);
        return [{ id, name: meta?.name ?? id, unit: "percent", asOf: cut.dates[cut.dates.length - 1], sources: (m.sources ?? []).map((x) => `${id}:${x}`), ...thin(cut, w.maxPoints) }];
      });
      return envelope(catalog, w, { rates: s.rates, regionalBanks: s.regionalBanks, series });
    },
  });

  api.route(app, {
    path: "/api/composition",
    tag: "analytics",
    summary: "Composition of the stored fund holdings: sector and location weights, top holdings, concentration; small vs large comparison",
    query: WindowQuery,
    handler: async ({ query, catalog, ctx }) => {
      const w = resolveWindow(query, catalog);
      const s = await runSnapshot(ctx, { ...w, symbols: [] }, ["composition"]);
      return envelope(catalog, w, { composition: s.composition });
    },
  });

  api.route(app, {
    path: "/api/valuation",
    tag: "analytics",
    summary: "Valuation: harmonic weighted P/E and P/B of each fund where per-company fundamentals are stored",
    query: WindowQuery,
    handler: async ({ query, catalog, ctx }) => {
      const w = resolveWindow(query, catalog);
      const s = await runSnapshot(ctx, { ...w, symbols: [] }, ["valuation"]);
      return envelope(catalog, w, { valuation: s.valuation });
    },
  });

  api.route(app, {
    path: "/api/breadth",
    tag: "analytics",
    summary: "Breadth of the small-cap fund's constituents: share above their 50/200-day averages, advance/decline line, new highs and lows",
    query: WindowQuery,
    handler: async ({ query, catalog, ctx }) => {
      const w = resolveWindow(query, catalog);
      const fund = "IWM";
      const hasHoldings = catalog.holdings.some((h) => h.fund === fund);
      if (!hasHoldings) {
        return envelope(catalog, w, { breadth: { available: false, reason: `no ${fund} holdings stored: import an iShares ${fund} holdings file, then the constituents' prices (r2k update --constituents)` } });
      }
      const constituents = await ctx.constituents(fund, w.to);
      const s = await runSnapshot(ctx, { ...w, symbols: [] }, ["breadth"], { includeSeries: true }, { bars: [], constituents: [constituents] });
      const b = s.breadth;
      const breadth = b.available
        ? {
            ...b,
            funds: b.funds.map((f) =>
              f.series
                ? {
                    ...f,
                    series: {
                      aboveShort: thin(clip(f.series.aboveShort, w.from, w.to), w.maxPoints),
                      aboveLong: thin(clip(f.series.aboveLong, w.from, w.to), w.maxPoints),
                      advanceDeclineLine: thin(clip(f.series.advanceDeclineLine, w.from, w.to), w.maxPoints),
                    },
                  }
                : f,
            ),
          }
        : b;
      return envelope(catalog, w, { breadth });
    },
  });

  api.route(app, {
    path: "/api/tracking",
    tag: "analytics",
    summary: "ETF access: each fund against its index (IWM vs ^RUT, SPY vs ^GSPC, QQQ vs ^NDX): tracking error and yearly differences",
    query: WindowQuery,
    handler: async ({ query, catalog, ctx }) => {
      const w = resolveWindow(query, catalog);
      const s = await runSnapshot(ctx, { ...w, symbols: [] }, ["tracking"]);
      return envelope(catalog, w, { tracking: s.tracking });
    },
  });

  api.route(app, {
    path: "/api/risk",
    tag: "analytics",
    summary: "Risk by horizon: probability of a loss by holding period, value at risk and expected shortfall, volatility, skew and kurtosis",
    query: WindowQuery,
    handler: async ({ query, catalog, ctx }) => {
      const w = resolveWindow(query, catalog);
      const s = await runSnapshot(ctx, w, ["symbols"], { conventions: { lossHorizonYears: LOSS_HORIZON_YEARS } });
      const symbols = s.symbols.map((r) => (available(r) ? { symbol: r.symbol, available: true, sources: r.sources, window: r.window, basis: r.basis, risk: r.risk } : r));
      return envelope(catalog, w, { horizonsYears: LOSS_HORIZON_YEARS, symbols });
    },
  });
}
