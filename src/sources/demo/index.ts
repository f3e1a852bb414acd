/**
 * The deterministic synthetic "demo market": indices, ETFs, FRED-like macro series, an
 * IWM-like and an IVV-like holdings snapshot, a 4,000-company universe and five years of daily
 * bars for the demo Russell 2000 members. Same seed + same end date => identical output; a
 * later end date only appends days to every daily path. See docs/demo-market.md.
 */
import { createHash } from "node:crypto";
import type { Bar, BarFrame, Holding, SeriesMeta, Security } from "../../model/index.ts";
import { DEMO_SOURCE, isIsoDate, isoToDay, dayToIso } from "../../model/index.ts";
import { etfBars, indexBars, type SeriesBars } from "./bars.ts";
import { lastIndexOnOrBefore } from "../../model/dates.ts";
import { fundHoldings, fundMembers } from "./holdings.ts";
import { generateMacro, type MacroSeries } from "./macro.ts";
import { simulateMarket } from "./market.ts";
import { round } from "./path.ts";
import { priceRound, stockBars, stockCloses, stockContext, stockFrame, stockWindow } from "./stocks.ts";
import { buildCompanies, type Company } from "./universe.ts";
import { DEFAULT_SEED } from "./seed.ts";

export { MODEL } from "./market.ts";
export { EPISODES } from "./history.ts";
export type { SeriesBars } from "./bars.ts";
export type { MacroSeries } from "./macro.ts";

/** Bumped whenever the generator's output changes for a given seed and end date. */
export const GENERATOR_VERSION = 1;
export { DEFAULT_SEED };
/** The `source` of every demo row and series. */
export { DEMO_SOURCE };
/** Universe name of the demo securities. */
export const DEMO_UNIVERSE = "demo";
/** Earliest and latest end dates the generator accepts. */
export const MIN_END_DATE = "2001-01-02";
export const MAX_END_DATE = "2100-12-31";

export interface DemoOptions {
  seed?: number;
  /** Last day of data (the CLI passes today's date). */
  endDate: string;
}

export interface DemoStocks {
  /** The stocks with daily bars (the IWM equity holdings), largest first. */
  metas: SeriesMeta[];
  firstDate: string | null;
  lastDate: string | null;
  /** Bars per stock (every stock has the same number of days). */
  daysPerStock: number;
  /** All stock bars, `symbolsPerBatch` stocks at a time, generated lazily. */
  batches(symbolsPerBatch?: number): Generator<Bar[], void, undefined>;
  /** The same bars as one frame per stock (day numbers and doubles, what the store writes), lazily. */
  frames(): Generator<BarFrame, void, undefined>;
}

export interface DemoMarket {
  seed: number;
  endDate: string;
  version: number;
  /** Hash of generator version + seed + end date (the import record's sha256). */
  sha256: string;
  sourceRef: string;
  indices: SeriesBars[];
  etfs: SeriesBars[];
  macro: MacroSeries[];
  universe: Security[];
  holdings: Holding[];
  stocks: DemoStocks;
}

export class DemoOptionsError extends Error {
  override name = "DemoOptionsError";
}

export function checkOptions(opts: DemoOptions): { seed: number; endDate: string } {
  const seed = opts.seed ?? DEFAULT_SEED;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new DemoOptionsError(`seed must be an integer from 0 to 4294967295 (got ${seed})`);
  }
  if (!isIsoDate(opts.endDate)) throw new DemoOptionsError(`end date must be YYYY-MM-DD (got ${JSON.stringify(opts.endDate)})`);
  if (opts.endDate < MIN_END_DATE || opts.endDate > MAX_END_DATE) {
    throw new DemoOptionsError(`end date must be between ${MIN_END_DATE} and ${MAX_END_DATE} (got ${opts.endDate})`);
  }
  return { seed, endDate: opts.endDate };
}

export function demoHash(seed: number, endDate: string): string {
  return createHash("sha256").update(`r2k-demo|v${GENERATOR_VERSION}|seed=${seed}|end=${endDate}`).digest("hex");
}

export function generateDemoMarket(opts: DemoOptions): DemoMarket {
  const { seed, endDate } = checkOptions(opts);
  const sim = simulateMarket(seed, endDate);
  const indices = indexBars(seed, sim, endDate);
  const etfs = etfBars(seed, sim, endDate);
  const macro = generateMacro(seed, sim, endDate);

  const companies = buildCompanies(seed);
  const members = fundMembers(seed, companies);
  const ctx = stockContext(seed, sim);
  const endIndex = lastIndexOnOrBefore(sim.days, isoToDay(endDate));
  const window = stockWindow(ctx, endDate);
  // Prices on the end date: from the simulated path for the demo Russell 2000 members.
  const pathPrice = new Map<string, number>();
  // Each member's closes over the bar window and the day before it, kept from the same pass (the
  // stock bars need them again).
  const hasBars = window.first <= window.last;
  const offset = Math.max(window.first - 1, 0);
  const windowCloses = new Map<string, Float64Array>();
  if (endIndex >= ctx.origin) {
    for (const c of members.iwm) {
      const closes = stockCloses(ctx, c, endIndex);
      pathPrice.set(c.ticker, priceRound(closes[endIndex]));
      if (hasBars) windowCloses.set(c.ticker, closes.slice(offset, window.last + 1));
    }
  }
  const closesOf = (c: Company) => windowCloses.get(c.ticker) ?? stockCloses(ctx, c, window.last).slice(offset, window.last + 1);
  const priceOf = (c: Company) => pathPrice.get(c.ticker) ?? priceRound(c.price);

  const universe: Security[] = companies.map((c) => {
    const price = priceOf(c);
    const shares = Math.max(1, Math.round(c.cap / price));
    return {
      id: c.id,
      ticker: c.ticker,
      name: c.name,
      sector: c.sector,
      country: c.country,
      sharesOutstanding: shares,
      floatShares: Math.round(shares * c.floatFraction),
      price,
      securityType: "common",
      earnings: round(c.cap * c.earningsYield, 0),
      bookValue: round(c.cap * c.bookToMarket, 0),
    };
  });

  const closeOn = (list: SeriesBars[], symbol: string) => list.find((s) => s.meta.id === symbol)?.bars.at(-1)?.close ?? NaN;
  const rut = closeOn(indices, "^RUT");
  const spx = closeOn(indices, "^GSPC");
  const holdings = [
    ...fundHoldings({ fund: "IWM", asOf: endDate, members: members.iwm, priceOf, fundPrice: closeOn(etfs, "IWM"), indexLevel: rut }),
    ...fundHoldings({ fund: "IVV", asOf: endDate, members: members.ivv, priceOf, fundPrice: closeOn(etfs, "SPY"), indexLevel: spx }),
  ];

  const stockList = hasBars ? members.iwm.slice().sort((a, b) => b.cap - a.cap) : [];
  const stocks: DemoStocks = {
    metas: stockList.map((c) => ({
      id: c.ticker,
      kind: "stock",
      name: `${c.name} (synthetic demo)`,
      currency: "USD",
      frequency: "daily",
      source: DEMO_SOURCE,
    })),
    firstDate: hasBars ? dayToIso(sim.days[window.first]) : null,
    lastDate: hasBars ? dayToIso(sim.days[window.last]) : null,
    daysPerStock: hasBars ? window.last - window.first + 1 : 0,
    *batches(symbolsPerBatch = 100) {
      for (let k = 0; k < stockList.length; k += symbolsPerBatch) {
        const batch: Bar[] = [];
        for (const c of stockList.slice(k, k + symbolsPerBatch)) {
          for (const b of stockBars(ctx, c, closesOf(c), window.first, window.last, offset)) batch.push(b);
        }
        yield batch;
      }
    },
    *frames() {
      for (const c of stockList) yield stockFrame(ctx, c, closesOf(c), window.first, window.last, offset);
    },
  };

  return {
    seed,
    endDate,
    version: GENERATOR_VERSION,
    sha256: demoHash(seed, endDate),
    sourceRef: `demo:seed=${seed};end=${endDate};v=${GENERATOR_VERSION}`,
    indices,
    etfs,
    macro,
    universe,
    holdings,
    stocks,
  };
}

