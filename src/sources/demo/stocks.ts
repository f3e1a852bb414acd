/**
 * Daily bars of the demo Russell 2000 members. Each stock's log price is
 *   log P_t = log P_origin + beta * (log ^RUT_t - log ^RUT_origin) + S_t + I_t
 * with S a mean-reverting sector factor (shared by the sector) and I a mean-reverting
 * idiosyncratic path, both scaled by the market's volatility regime. Paths start at
 * STOCK_ORIGIN and run forward, so a later end date only appends days; bars are emitted for
 * the last STOCK_YEARS years before the end date.
 */
import { DEMO_SOURCE, type Bar, type BarFrame } from "../../model/index.ts";
import { dayToIso, isoToDay, lastIndexOnOrBefore } from "../../model/dates.ts";
import type { MarketSim } from "./market.ts";
import { SECTORS, type Sector } from "./names.ts";
import { round } from "./path.ts";
import { hashUniform, Rng, streamKey } from "./random.ts";
import type { Company } from "./universe.ts";

export const STOCK_ORIGIN = "2015-01-02";
export const STOCK_YEARS = 5;

export const STOCK_MODEL = {
  /** Daily sector-factor volatility relative to the market's. */
  sectorScale: 0.45,
  /** AR(1) persistence of the sector and idiosyncratic paths (mean reversion of the level). */
  sectorPersistence: 0.999,
  idioPersistence: 0.998,
} as const;

const REF_SIGMA = 0.15 / Math.sqrt(252);

export interface StockContext {
  seed: number;
  sim: MarketSim;
  /** Grid index of STOCK_ORIGIN. */
  origin: number;
  /** Cumulative sector factor per grid day (zero before the origin). */
  sectors: Map<Sector, Float64Array>;
  /** ISO date of each grid day from the origin on (built once, shared by all stocks). */
  isoDates: string[];
}

export function stockContext(seed: number, sim: MarketSim): StockContext {
  const origin = lastIndexOnOrBefore(sim.days, isoToDay(STOCK_ORIGIN) - 1) + 1;
  const n = sim.days.length;
  const sectors = new Map<Sector, Float64Array>();
  for (const sector of SECTORS) {
    const rng = new Rng(seed, `stocks:sector:${sector}`);
    const path = new Float64Array(n);
    for (let i = origin + 1; i < n; i++) {
      path[i] = STOCK_MODEL.sectorPersistence * path[i - 1] + STOCK_MODEL.sectorScale * sim.sigma[i] * rng.normal();
    }
    sectors.set(sector, path);
  }
  const isoDates: string[] = new Array(n);
  for (let i = origin; i < n; i++) isoDates[i] = dayToIso(sim.days[i]);
  return { seed, sim, origin, sectors, isoDates };
}

/** Unrounded closes on the grid from the origin through index `last` (NaN elsewhere). */
export function stockCloses(ctx: StockContext, c: Company, last = ctx.sim.days.length - 1): Float64Array {
  const { sim, origin } = ctx;
  const n = Math.min(sim.days.length, last + 1);
  const out = new Float64Array(sim.days.length).fill(NaN);
  const rng = new Rng(ctx.seed, `stock:${c.ticker}`);
  const sector = ctx.sectors.get(c.sector)!;
  const base = Math.log(c.startPrice) - c.beta * sim.logRut[origin];
  let idio = 0;
  for (let i = origin; i < n; i++) {
    if (i > origin) {
      const vol = c.idioVol * Math.sqrt(sim.sigma[i] / REF_SIGMA);
      idio = STOCK_MODEL.idioPersistence * idio + vol * rng.normal();
    }
    out[i] = Math.exp(base + c.beta * sim.logRut[i] + sector[i] + idio);
  }
  return out;
}

export function priceRound(p: number): number {
  return p >= 1 ? Math.max(0.01, round(p, 2)) : Math.max(0.0001, round(p, 4));
}

/** Grid index range [first, last] of the stock bars for an end date. */
export function stockWindow(ctx: StockContext, endIso: string): { first: number; last: number } {
  const end = isoToDay(endIso);
  const e = new Date(end * 86_400_000);
  const start = Math.round(Date.UTC(e.getUTCFullYear() - STOCK_YEARS, e.getUTCMonth(), e.getUTCDate()) / 86_400_000);
  const first = Math.max(ctx.origin, lastIndexOnOrBefore(ctx.sim.days, start) + 1);
  return { first, last: lastIndexOnOrBefore(ctx.sim.days, end) };
}

/**
 * Bars of one stock over grid indices [first, last], as columns (day numbers, doubles): the form
 * the demo store is written in, without a Bar object or a date string per row. `closes[i - offset]`
 * is the unrounded close of grid day i (stockCloses, or a slice of it from `offset`).
 */
export function stockFrame(ctx: StockContext, c: Company, closes: Float64Array, first: number, last: number, offset = 0): BarFrame {
  const { sim } = ctx;
  const key = streamKey(ctx.seed, `stock:${c.ticker}:bars`);
  const dollarVolume = c.cap * c.turnover;
  const n = Math.max(0, last - first + 1);
  const frame: BarFrame = {
    symbol: c.ticker,
    dates: new Int32Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    adjClose: new Float64Array(n),
    volume: new Float64Array(n),
    sources: [DEMO_SOURCE],
  };
  for (let i = first, k = 0; i <= last; i++, k++) {
    const day = sim.days[i];
    const close = priceRound(closes[i - offset]);
    const prev = i > ctx.origin ? priceRound(closes[i - 1 - offset]) : close;
    const sd = c.idioVol;
    // Irwin-Hall approximation of a normal for the opening gap; exponential ranges.
    const gap = (hashUniform(key, day, 0) + hashUniform(key, day, 1) + hashUniform(key, day, 2) - 1.5) * 2;
    const open = priceRound(prev * Math.exp(0.3 * sd * gap));
    const high = Math.max(open, close, priceRound(Math.max(open, close) * Math.exp(-0.35 * sd * Math.log(hashUniform(key, day, 3)))));
    const low = Math.min(open, close, priceRound(Math.min(open, close) * Math.exp(0.35 * sd * Math.log(hashUniform(key, day, 4)))));
    const noise = (hashUniform(key, day, 5) + hashUniform(key, day, 6) + hashUniform(key, day, 7) - 1.5) * 2;
    const regime = (sim.sigma[i] / REF_SIGMA) ** 0.7;
    frame.dates[k] = day;
    frame.open[k] = open;
    frame.high[k] = high;
    frame.low[k] = Math.max(low, 0.0001);
    frame.close[k] = close;
    frame.adjClose[k] = close;
    frame.volume[k] = Math.round((dollarVolume * regime * Math.exp(0.35 * noise)) / closes[i - offset]);
  }
  return frame;
}

/** The same bars as objects (for checks and the merge path that compares with stored rows). */
export function stockBars(ctx: StockContext, c: Company, closes: Float64Array, first: number, last: number, offset = 0): Bar[] {
  const f = stockFrame(ctx, c, closes, first, last, offset);
  return Array.from(f.dates, (_, k) => ({
    symbol: f.symbol,
    date: ctx.isoDates[first + k],
    open: f.open[k],
    high: f.high[k],
    low: f.low[k],
    close: f.close[k],
    adjClose: f.adjClose[k],
    volume: f.volume[k],
  }));
}
