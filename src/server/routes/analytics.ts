/**
 * Measured analytics: the comparison table, the full snapshot and one endpoint per dashboard
 * section. Every handler measures through `measure` (src/core/analytics/measure.ts): the same
 * window rule, cut at the window's end and return basis as the CLI and the report, so a
 * labelled figure is the same number in every face. The envelope states the window used.
 */
import type { FastifyInstance } from "fastify";
import {
  measure,
  recessionCycles,
  type Figure,
  type Measurement,
  type SectionName,
  type SnapshotInputs,
  type SnapshotOptions,
  type SymbolReport,
} from "../../core/analytics/index.ts";
import { provenanceOf } from "../../views/provenance.ts";
import { clip, crashPath, growthOf10k, ratioSeries, rollingReturnSeries, thin } from "../../views/series.ts";
import { type Api, badRequest } from "../api.ts";
import type { Catalog, ServerContext } from "../context.ts";
import type { Meta } from "../responses/shared.ts";
import { SECTIONS, type WindowQuery } from "../schemas.ts";

export const DEFAULT_MAX_POINTS = 1500;
const RATE_SERIES = ["DFF", "FEDFUNDS", "BAMLH0A0HYM2", "DGS10", "DGS2"];
const LOSS_HORIZON_YEARS = [1, 2, 3, 5, 7, 10, 15, 20];
const COMPARISON_HORIZONS = ["1D", "1M", "YTD", "1Y", "3Y", "5Y", "10Y"];

/** A request's subjects and window as given (defaults filled, symbols checked). */
export interface RequestWindow {
  from?: string;
  to?: string;
  span: "common" | "full";
  basis: "price" | "total";
  symbols: string[];
  benchmark: string | null;
  maxPoints: number;
}

/** Fills defaults and checks every named symbol is a stored price series (else 400). */
export function requestWindow(q: WindowQuery, catalog: Catalog): RequestWindow {
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
  return {
    from: q.from,
    to: q.to,
    span: q.span ?? "common",
    basis: q.basis ?? "price",
    symbols,
    benchmark: q.benchmark ?? catalog.defaultBenchmark,
    maxPoints: q.maxPoints ?? DEFAULT_MAX_POINTS,
  };
}


/** The response envelope: the request as understood, the window measured, provenance, demo flag. */
export function envelope<T extends object>(catalog: Catalog, w: Partial<RequestWindow>, data: T, m?: Measurement): { meta: Meta } & T {
  const { asOf, sources } = provenanceOf(data);
  const prov = { asOf, sources };
  return {
    meta: {
      storeVersion: catalog.version,
      request: { from: w.from ?? null, to: w.to ?? null, symbols: w.symbols ?? null, benchmark: w.benchmark ?? null, span: w.span ?? null, basis: w.basis ?? null },
      window: m ? m.window : null,
      basis: m ? m.basis : null,
      asOf: prov.asOf,
      sources: prov.sources,
      demo: prov.sources.some((s) => s.endsWith(":demo")),
    },
    ...data,
  };
}

/** Measures the request over the cached inputs, computing only `sections`. */
async function measured(ctx: ServerContext, w: RequestWindow, sections: SectionName[], extra: SnapshotOptions = {}, inputs?: SnapshotInputs, also: string[] = []): Promise<Measurement> {
  const all: SectionName[] = [...SECTIONS, "breadth"];
  const on = Object.fromEntries(all.map((s) => [s, sections.includes(s)])) as Record<SectionName, boolean>;
  const base = inputs ?? (await ctx.inputs());
  try {
    return measure(base, {
      compared: w.symbols,
      alsoReported: also,
      benchmark: w.benchmark ?? undefined,
      from: w.from,
      to: w.to,
      mode: w.span,
      basis: w.basis,
      options: { smallFund: ctx.funds.smallFund, capFunds: ctx.funds.capFunds, regionalBanks: ["KRE", ctx.funds.smallFund], ...extra, sections: on },
    });
  } catch (err) {
    if (err instanceof RangeError) throw badRequest(err.message);
    throw err;
  }
}

const available = (r: Measurement["snapshot"]["symbols"][number]): r is SymbolReport => r.available;

function barsOf(inputs: SnapshotInputs, symbol: string) {
  return inputs.bars.find((b) => b.symbol === symbol);
}

/** A horizon's return on the report's basis (price unless total was asked for and exists). */
function horizon(r: SymbolReport, h: string): Figure | null {
  const row = r.returns.find((x) => x.horizon === h);
  if (!row) return null;
  return (r.basis === "total" && row.total ? row.total : row.price) ?? null;
}

export function registerAnalyticsRoutes(app: FastifyInstance, api: Api): void {
  api.route(app, {
    path: "/api/comparison",
    tag: "analytics",
    summary: "The comparison table: Russell 2000 vs S&P 500 vs Nasdaq Composite, every cell a measured figure over one window",
    description:
      "Per symbol: last close, returns over horizons, CAGR, volatility, Sharpe, maximum and current drawdown; against the benchmark: beta, " +
      "correlation, up/down capture. Every column is measured over the same window (meta.window), price returns unless basis=total.",
    handler: async ({ query, catalog, ctx }) => {
      const w = requestWindow(query, catalog);
      const m = await measured(ctx, w, ["symbols", "pairs"]);
      const s = m.snapshot;
      const rows = s.symbols.map((r) => {
        const meta = catalog.bySymbol.get(r.symbol);
        const base = { symbol: r.symbol, name: meta?.name ?? r.symbol, kind: meta?.kind ?? "unknown" };
        if (!available(r)) return { ...base, available: false as const, reason: r.reason };
        const pair = s.pairs.find((p) => p.symbol === r.symbol);
        return {
          ...base,
          available: true as const,
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
                ? { benchmark: r.symbol, self: true as const }
                : { benchmark: s.request.benchmark, unavailable: pair && !pair.available ? pair.reason : "no benchmark" },
        };
      });
      return envelope(catalog, w, { benchmark: s.request.benchmark, horizons: COMPARISON_HORIZONS, rows, notes: s.notes }, m);
    },
  });

  api.route(app, {
    path: "/api/snapshot",
    tag: "analytics",
    summary: "The full analytics snapshot (schema r2k.analytics.snapshot/1) for a window, without chart series",
    handler: async ({ query, catalog, ctx }) => {
      const w = requestWindow(query, catalog);
      const m = await measured(ctx, w, query.sections ?? [...SECTIONS]);
      return envelope(catalog, w, { snapshot: m.snapshot }, m);
    },
  });

  api.route(app, {
    path: "/api/returns",
    tag: "analytics",
    summary: "Returns tables: horizons, CAGR, calendar years, months, rolling N-year distributions; growth of 10,000 and a rolling-return series",
    handler: async ({ query, catalog, ctx }) => {
      const w = requestWindow(query, catalog);
      const years = query.rollingYears ?? 1;
      const m = await measured(ctx, w, ["symbols"]);
      const { from, to } = m.window;
      const symbols = m.snapshot.symbols.map((r) => {
        if (!available(r)) return r;
        const b = barsOf(m.inputs, r.symbol);
        // Growth starts every line on the window's base close; the rolling series reads only closes up to its end.
        const growth = b ? growthOf10k(b, from, to, m.basis) : null;
        const rolling = b ? rollingReturnSeries(b, years, from, to, m.basis) : null;
        return {
          symbol: r.symbol,
          available: true as const,
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
      return envelope(catalog, w, { rollingYears: years, symbols }, m);
    },
  });

  api.route(app, {
    path: "/api/rolling",
    tag: "analytics",
    summary: "Rolling statistics: volatility of each symbol and its ratio to the benchmark's, rolling beta and correlation",
    handler: async ({ query, catalog, ctx }) => {
      const w = requestWindow(query, catalog);
      const window = Number(query.window ?? "63");
      const m = await measured(ctx, w, ["symbols", "pairs"], { includeSeries: true }, undefined, w.benchmark ? [w.benchmark] : []);
      const s = m.snapshot;
      const { from, to } = m.window;
      const vol = new Map<string, ReturnType<typeof clip>>();
      for (const r of s.symbols) {
        const v = available(r) ? r.series?.rollingVolatility[String(window)] : undefined;
        if (v) vol.set(r.symbol, clip(v, from, to));
      }
      const bench = w.benchmark ? vol.get(w.benchmark) : undefined;
      const symbols = s.symbols.filter((r) => w.symbols.includes(r.symbol)).map((r) => {
        if (!available(r)) return r;
        const v = vol.get(r.symbol);
        const pair = s.pairs.find((p) => p.symbol === r.symbol);
        return {
          symbol: r.symbol,
          available: true as const,
          sources: r.sources,
          window: r.window,
          volatility: r.risk.volatility,
          rollingVolatility: r.risk.rollingVolatility,
          pair: pair && pair.available ? { benchmark: pair.benchmark, rolling: pair.rolling, volatilityRatio: pair.volatilityRatio } : null,
          series: {
            volatility: v ? thin(v, w.maxPoints) : null,
            volatilityRatio: v && bench && r.symbol !== w.benchmark ? thin(ratioSeries(v, bench), w.maxPoints) : null,
            beta: pair && pair.available && pair.series ? thin(clip(pair.series.rollingBeta, from, to), w.maxPoints) : null,
            correlation: pair && pair.available && pair.series ? thin(clip(pair.series.rollingCorrelation, from, to), w.maxPoints) : null,
          },
        };
      });
      return envelope(catalog, w, { window, betaWindow: s.conventions.rollingBetaWindow, symbols }, m);
    },
  });

  api.route(app, {
    path: "/api/drawdowns",
    tag: "analytics",
    summary: "Drawdowns: maximum and current drawdown, the deepest episodes and the underwater series",
    handler: async ({ query, catalog, ctx }) => {
      const w = requestWindow(query, catalog);
      const m = await measured(ctx, w, ["symbols"], { includeSeries: true });
      const symbols = m.snapshot.symbols.map((r) =>
        available(r)
          ? { symbol: r.symbol, available: true as const, sources: r.sources, window: r.window, drawdowns: r.drawdowns, series: { underwater: r.series ? thin(r.series.underwater, w.maxPoints) : null } }
          : r,
      );
      return envelope(catalog, w, { symbols }, m);
    },
  });

  api.route(app, {
    path: "/api/case-studies",
    tag: "analytics",
    summary: "Crash case studies (2007-2009 and 2020): peak, trough, depth, recovery, returns after the trough, and each path from its peak",
    handler: async ({ query, catalog, ctx }) => {
      const w = requestWindow(query, catalog);
      const m = await measured(ctx, w, ["caseStudies"]);
      const studies = m.snapshot.caseStudies.map((c) => ({
        ...c,
        paths: w.symbols
          .map((sym) => {
            const b = barsOf(m.inputs, sym);
            const p = b ? crashPath(b, c.range.from, c.range.to) : null;
            return p ? { symbol: sym, ...thin(p, w.maxPoints) } : null;
          })
          .filter((p) => p !== null),
      }));
      return envelope(catalog, w, { caseStudies: studies }, m);
    },
  });

  api.route(app, {
    path: "/api/leadership",
    tag: "analytics",
    summary: "Small vs large leadership: the relative-strength ratio, its regimes, returns after recessions, and recession bands",
    handler: async ({ query, catalog, ctx }) => {
      const w = requestWindow(query, catalog);
      const m = await measured(ctx, w, ["leadership"], { includeSeries: true });
      const rec = recessionCycles(m.inputs.macro?.find((x) => x.id === "USREC"));
      const l = m.snapshot.leadership;
      const lo = l.available ? l.window.from : (m.window.from ?? "0000");
      const hi = l.available ? l.window.to : (m.window.to ?? "9999");
      const recessions = { source: rec.source, bands: rec.cycles.filter((c) => c.trough >= lo && c.peak <= hi).map((c) => ({ from: c.peak, to: c.trough > hi ? hi : c.trough })) };
      const leadership = l.available && l.series ? { ...l, series: { ratio: thin(clip(l.series.ratio, m.window.from, m.window.to), w.maxPoints) } } : l;
      return envelope(catalog, w, { leadership, recessions }, m);
    },
  });

  api.route(app, {
    path: "/api/lead-lag",
    tag: "analytics",
    summary: "Lead/lag of small vs large caps: weekly cross-correlation by lag and turning points",
    handler: async ({ query, catalog, ctx }) => {
      const w = requestWindow(query, catalog);
      const m = await measured(ctx, w, ["leadLag"]);
      const l = m.snapshot.leadLag;
      const sources = l.available ? [l.small, l.large].flatMap((id) => (catalog.bySymbol.get(id)?.sources ?? []).map((x) => `${id}:${x}`)) : [];
      return envelope(catalog, w, { leadLag: l.available ? { ...l, asOf: l.window.to, sources } : l }, m);
    },
  });

  api.route(app, {
    path: "/api/rates",
    tag: "analytics",
    summary: "Rates and credit: Fed policy regimes and returns by regime, sensitivity to rate and spread changes, regional banks, and the rate series",
    handler: async ({ query, catalog, ctx }) => {
      const w = requestWindow(query, catalog);
      const m = await measured(ctx, w, ["rates", "regionalBanks"]);
      const series = RATE_SERIES.flatMap((id) => {
        const x = m.inputs.macro?.find((s) => s.id === id);
        if (!x || x.dates.length === 0) return [];
        const cut = clip({ dates: Array.from(x.dates, (d) => new Date(d * 86_400_000).toISOString().slice(0, 10)), values: Array.from(x.values, (v) => (Number.isFinite(v) ? v : null)) }, m.window.from, m.window.to);
        if (cut.dates.length === 0) return [];
        const meta = catalog.bySymbol.get(id);
        return [{ id, name: meta?.name ?? id, unit: "percent" as const, asOf: cut.dates[cut.dates.length - 1], sources: (x.sources ?? []).map((s) => `${id}:${s}`), ...thin(cut, w.maxPoints) }];
      });
      return envelope(catalog, w, { rates: m.snapshot.rates, regionalBanks: m.snapshot.regionalBanks, series }, m);
    },
  });

  api.route(app, {
    path: "/api/composition",
    tag: "analytics",
    summary: "Composition of the stored fund holdings: sector and location weights, top holdings, concentration; small vs large comparison",
    handler: async ({ query, catalog, ctx }) => {
      const w = requestWindow(query, catalog);
      const m = await measured(ctx, w, ["composition"]);
      return envelope(catalog, w, { composition: m.snapshot.composition }, m);
    },
  });

  api.route(app, {
    path: "/api/valuation",
    tag: "analytics",
    summary: "Valuation: harmonic weighted P/E and P/B of each fund where per-company fundamentals are stored",
    handler: async ({ query, catalog, ctx }) => {
      const w = requestWindow(query, catalog);
      const m = await measured(ctx, w, ["valuation"]);
      return envelope(catalog, w, { valuation: m.snapshot.valuation }, m);
    },
  });

  api.route(app, {
    path: "/api/breadth",
    tag: "analytics",
    summary: "Breadth of the small-cap fund's constituents: share above their 50/200-day averages, advance/decline line, new highs and lows",
    handler: async ({ query, catalog, ctx }) => {
      const w = requestWindow(query, catalog);
      const fund = ctx.funds.smallFund;
      if (!catalog.holdings.some((h) => h.fund === fund)) {
        return envelope(catalog, w, { breadth: { available: false as const, reason: `no ${fund} holdings stored: import an iShares ${fund} holdings file, then the constituents' prices (r2k update --constituents)` } });
      }
      const inputs = await ctx.inputs();
      const constituents = await ctx.constituents(fund, w.to);
      const m = await measured(ctx, w, ["breadth"], { includeSeries: true }, { ...inputs, constituents: [constituents] });
      const b = m.snapshot.breadth;
      const { from, to } = m.window;
      const breadth = b.available
        ? {
            ...b,
            funds: b.funds.map((f) =>
              f.series
                ? {
                    ...f,
                    series: {
                      aboveShort: thin(clip(f.series.aboveShort, from, to), w.maxPoints),
                      aboveLong: thin(clip(f.series.aboveLong, from, to), w.maxPoints),
                      advanceDeclineLine: thin(clip(f.series.advanceDeclineLine, from, to), w.maxPoints),
                    },
                  }
                : f,
            ),
          }
        : b;
      return envelope(catalog, w, { breadth }, m);
    },
  });

  api.route(app, {
    path: "/api/tracking",
    tag: "analytics",
    summary: "ETF access: each fund against its index, like for like (price vs price, or total vs a total-return index): tracking error daily and monthly, yearly differences, distributions",
    handler: async ({ query, catalog, ctx }) => {
      const w = requestWindow(query, catalog);
      const m = await measured(ctx, w, ["tracking"]);
      return envelope(catalog, w, { tracking: m.snapshot.tracking }, m);
    },
  });

  api.route(app, {
    path: "/api/risk",
    tag: "analytics",
    summary: "Risk by horizon: probability of a loss by holding period, value at risk and expected shortfall, volatility, skew and kurtosis",
    handler: async ({ query, catalog, ctx }) => {
      const w = requestWindow(query, catalog);
      const m = await measured(ctx, w, ["symbols"], { conventions: { lossHorizonYears: LOSS_HORIZON_YEARS } });
      const symbols = m.snapshot.symbols.map((r) => (available(r) ? { symbol: r.symbol, available: true as const, sources: r.sources, window: r.window, basis: r.basis, risk: r.risk } : r));
      return envelope(catalog, w, { horizonsYears: LOSS_HORIZON_YEARS, symbols }, m);
    },
  });
}
