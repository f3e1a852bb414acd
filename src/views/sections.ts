/**
 * The dashboard's sections as the API serves them, cut from one measurement: the snapshot's
 * figures a section shows, with its chart series clipped to the measured window and thinned to
 * a point budget, and catalog names beside the symbols. Pure: the route measures, this picks.
 */
import { recessionCycles, type Figure, type Measurement, type Snapshot, type SymbolReport } from "../core/analytics/index.ts";
import type { SeriesKind } from "../model/series.ts";
import { clip, crashPath, growthOf10k, ratioSeries, rollingReturnSeries, thin } from "./series.ts";

/** What the catalog says of a stored series (a store's StoredSeries fits). */
export interface SeriesInfo {
  name: string;
  kind: SeriesKind | "unknown";
  sources: string[];
}

export type SeriesCatalog = ReadonlyMap<string, SeriesInfo>;

/** The comparison table's return columns. */
export const COMPARISON_HORIZONS = ["1D", "1M", "YTD", "1Y", "3Y", "5Y", "10Y"];
/** Holding periods of the risk section's probability of a loss (longer than the snapshot's default). */
export const LOSS_HORIZON_YEARS = [1, 2, 3, 5, 7, 10, 15, 20];
/** Rate series drawn beside the rates section, those stored. */
const RATE_SERIES = ["DFF", "FEDFUNDS", "BAMLH0A0HYM2", "DGS10", "DGS2"];

const available = (r: Snapshot["symbols"][number]): r is SymbolReport => r.available;

function barsOf(m: Measurement, symbol: string) {
  return m.inputs.bars.find((b) => b.symbol === symbol);
}

/** A horizon's return on the report's basis (price unless total was asked for and exists). */
function horizon(r: SymbolReport, h: string): Figure | null {
  const row = r.returns.find((x) => x.horizon === h);
  if (!row) return null;
  return (r.basis === "total" && row.total ? row.total : row.price) ?? null;
}

/** Per symbol: the headline figures on the report's basis, and the pair figures against the benchmark. */
export function comparisonTable(m: Measurement, catalog: SeriesCatalog) {
  const s = m.snapshot;
  const rows = s.symbols.map((r) => {
    const meta = catalog.get(r.symbol);
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
  return { benchmark: s.request.benchmark, horizons: COMPARISON_HORIZONS, rows, notes: s.notes };
}

/** Returns tables per symbol, with growth of 10,000 and the rolling `years`-year return series. */
export function returnsSection(m: Measurement, years: number, maxPoints: number) {
  const { from, to } = m.window;
  const symbols = m.snapshot.symbols.map((r) => {
    if (!available(r)) return r;
    const b = barsOf(m, r.symbol);
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
      series: { growth: growth && thin(growth, maxPoints), rolling: rolling && thin(rolling, maxPoints) },
    };
  });
  return { rollingYears: years, symbols };
}

/**
 * Rolling volatility over `window` sessions of each compared symbol and its ratio to the
 * benchmark's, with rolling beta and correlation. Measured with series, the benchmark reported too.
 */
export function rollingSection(m: Measurement, w: { symbols: string[]; benchmark: string | null; maxPoints: number }, window: number) {
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
  return { window, betaWindow: s.conventions.rollingBetaWindow, symbols };
}

/** Drawdowns per symbol with the underwater series (measured with series). */
export function drawdownsSection(m: Measurement, maxPoints: number) {
  const symbols = m.snapshot.symbols.map((r) =>
    available(r)
      ? { symbol: r.symbol, available: true as const, sources: r.sources, window: r.window, drawdowns: r.drawdowns, series: { underwater: r.series ? thin(r.series.underwater, maxPoints) : null } }
      : r,
  );
  return { symbols };
}

/** The crash case studies with each of `symbols`' paths from its peak. */
export function caseStudiesSection(m: Measurement, symbols: string[], maxPoints: number) {
  const studies = m.snapshot.caseStudies.map((c) => ({
    ...c,
    paths: symbols
      .map((sym) => {
        const b = barsOf(m, sym);
        const p = b ? crashPath(b, c.range.from, c.range.to) : null;
        return p ? { symbol: sym, ...thin(p, maxPoints) } : null;
      })
      .filter((p) => p !== null),
  }));
  return { caseStudies: studies };
}

/** Leadership with its ratio series clipped to the window, and the recessions that overlap it as bands. */
export function leadershipSection(m: Measurement, maxPoints: number) {
  const rec = recessionCycles(m.inputs.macro?.find((x) => x.id === "USREC"));
  const l = m.snapshot.leadership;
  const lo = l.available ? l.window.from : (m.window.from ?? "0000");
  const hi = l.available ? l.window.to : (m.window.to ?? "9999");
  const recessions = { source: rec.source, bands: rec.cycles.filter((c) => c.trough >= lo && c.peak <= hi).map((c) => ({ from: c.peak, to: c.trough > hi ? hi : c.trough })) };
  const leadership = l.available && l.series ? { ...l, series: { ratio: thin(clip(l.series.ratio, m.window.from, m.window.to), maxPoints) } } : l;
  return { leadership, recessions };
}

/** Lead/lag, dated and sourced by the two indices it compares. */
export function leadLagSection(m: Measurement, catalog: SeriesCatalog) {
  const l = m.snapshot.leadLag;
  const sources = l.available ? [l.small, l.large].flatMap((id) => (catalog.get(id)?.sources ?? []).map((x) => `${id}:${x}`)) : [];
  return { leadLag: l.available ? { ...l, asOf: l.window.to, sources } : l };
}

/** Rates and regional banks, with the stored rate series over the window. */
export function ratesSection(m: Measurement, catalog: SeriesCatalog, maxPoints: number) {
  const series = RATE_SERIES.flatMap((id) => {
    const x = m.inputs.macro?.find((s) => s.id === id);
    if (!x || x.dates.length === 0) return [];
    const cut = clip({ dates: Array.from(x.dates, (d) => new Date(d * 86_400_000).toISOString().slice(0, 10)), values: Array.from(x.values, (v) => (Number.isFinite(v) ? v : null)) }, m.window.from, m.window.to);
    if (cut.dates.length === 0) return [];
    const meta = catalog.get(id);
    return [{ id, name: meta?.name ?? id, unit: "percent" as const, asOf: cut.dates[cut.dates.length - 1], sources: (x.sources ?? []).map((s) => `${id}:${s}`), ...thin(cut, maxPoints) }];
  });
  return { rates: m.snapshot.rates, regionalBanks: m.snapshot.regionalBanks, series };
}

/** Breadth with its share-above-average and advance/decline series clipped to the window (new highs and lows left out). */
export function breadthSection(m: Measurement, maxPoints: number) {
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
                  aboveShort: thin(clip(f.series.aboveShort, from, to), maxPoints),
                  aboveLong: thin(clip(f.series.aboveLong, from, to), maxPoints),
                  advanceDeclineLine: thin(clip(f.series.advanceDeclineLine, from, to), maxPoints),
                },
              }
            : f,
        ),
      }
    : b;
  return { breadth };
}

/** Risk per symbol, measured with the loss horizons of LOSS_HORIZON_YEARS. */
export function riskSection(m: Measurement) {
  const symbols = m.snapshot.symbols.map((r) => (available(r) ? { symbol: r.symbol, available: true as const, sources: r.sources, window: r.window, basis: r.basis, risk: r.risk } : r));
  return { horizonsYears: LOSS_HORIZON_YEARS, symbols };
}
