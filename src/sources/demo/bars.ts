/**
 * Daily bars of the demo indices and ETFs from the simulated paths: open/high/low around the
 * close, plausible volume, and for ETFs a fee drag, quarterly dividends and the
 * dividend-adjusted close.
 */
import type { Bar, SeriesMeta } from "../../model/index.ts";
import { dayToIso, isoToDay, lastIndexOnOrBefore } from "../../model/dates.ts";
import { LAST_ANCHOR, type Anchor } from "./history.ts";
import type { MarketSim } from "./market.ts";
import { linearSchedule, round } from "./path.ts";
import { Rng } from "./random.ts";

export interface SeriesBars {
  meta: SeriesMeta;
  bars: Bar[];
}

export const INDEX_SPECS = [
  {
    symbol: "^GSPC",
    name: "S&P 500 (synthetic demo)",
    path: "logGspc",
    // shares traded per day, interpolated in logs
    volume: [["1987-09-10", 1.9e8], ["1995-01-01", 3.5e8], ["2000-01-01", 1.0e9], ["2005-01-01", 1.6e9],
      ["2008-10-01", 5.0e9], ["2011-01-01", 4.5e9], ["2013-01-01", 3.3e9], ["2019-01-01", 3.5e9],
      ["2021-01-01", 5.0e9], ["2025-01-01", 4.5e9]] as Anchor[],
  },
  {
    symbol: "^RUT",
    name: "Russell 2000 (synthetic demo)",
    path: "logRut",
    volume: [["1987-09-10", 6e7], ["1995-01-01", 1.1e8], ["2000-01-01", 3.0e8], ["2005-01-01", 5.0e8],
      ["2008-10-01", 1.5e9], ["2011-01-01", 1.3e9], ["2013-01-01", 1.0e9], ["2019-01-01", 1.1e9],
      ["2021-01-01", 1.6e9], ["2025-01-01", 1.4e9]] as Anchor[],
  },
  {
    symbol: "^IXIC",
    name: "NASDAQ Composite (synthetic demo)",
    path: "logIxic",
    volume: [["1987-09-10", 1.5e8], ["1995-01-01", 3.0e8], ["2000-03-01", 2.0e9], ["2003-01-01", 1.5e9],
      ["2008-10-01", 2.8e9], ["2013-01-01", 1.8e9], ["2020-06-01", 4.5e9], ["2025-01-01", 7.0e9]] as Anchor[],
  },
] as const;

export interface EtfSpec {
  symbol: string;
  name: string;
  /** First trading day (the real fund's inception). */
  inception: string;
  /** The simulated path the fund tracks. */
  path: "logRut" | "logGspc" | "logNdx" | "logKre";
  /** Benchmark level per fund share on the first day (sets the fund's price scale). */
  divisor: number;
  /** Annual expense ratio, deducted daily. */
  fee: number;
  /** Annual dividend yield, accrued daily and paid quarterly. */
  dividendYield: number;
  /** Daily standard deviation of the fund's price around its benchmark (not cumulated). */
  trackingNoise: number;
  volume: Anchor[];
}

export const ETF_SPECS: readonly EtfSpec[] = [
  {
    symbol: "IWM",
    name: "iShares Russell 2000 ETF (synthetic demo)",
    inception: "2000-05-26",
    path: "logRut",
    divisor: 10,
    fee: 0.0019,
    dividendYield: 0.013,
    trackingNoise: 0.0016,
    volume: [["2000-05-26", 4e5], ["2002-01-01", 1e7], ["2008-10-01", 9e7], ["2012-01-01", 4e7], ["2019-01-01", 2.5e7], ["2025-01-01", 3e7]],
  },
  {
    symbol: "SPY",
    name: "SPDR S&P 500 ETF Trust (synthetic demo)",
    inception: "1993-01-29",
    path: "logGspc",
    divisor: 10,
    fee: 0.000945,
    dividendYield: 0.018,
    trackingNoise: 0.0006,
    volume: [["1993-01-29", 1e6], ["2000-01-01", 8e6], ["2008-10-01", 3.5e8], ["2013-01-01", 1.3e8], ["2019-01-01", 7e7], ["2025-01-01", 6e7]],
  },
  {
    symbol: "QQQ",
    name: "Invesco QQQ Trust (synthetic demo)",
    inception: "1999-03-10",
    path: "logNdx",
    divisor: 40,
    fee: 0.002,
    dividendYield: 0.006,
    trackingNoise: 0.0008,
    volume: [["1999-03-10", 1e7], ["2001-01-01", 9e7], ["2008-10-01", 2e8], ["2013-01-01", 4e7], ["2020-01-01", 4e7], ["2025-01-01", 4e7]],
  },
  {
    symbol: "KRE",
    name: "SPDR S&P Regional Banking ETF (synthetic demo)",
    inception: "2006-06-22",
    path: "logKre",
    divisor: 1,
    fee: 0.0035,
    dividendYield: 0.024,
    trackingNoise: 0.001,
    volume: [["2006-06-22", 1e5], ["2009-01-01", 8e6], ["2013-01-01", 5e6], ["2023-03-15", 3e7], ["2023-06-01", 1.5e7], ["2025-01-01", 1.2e7]],
  },
];

/** ETF adjusted closes equal closes on this date (the last scripted day), like a download made then. */
export const ADJUSTMENT_DATE = LAST_ANCHOR;

const REF_SIGMA = 0.15 / Math.sqrt(252);

function logVolume(days: Int32Array, table: readonly Anchor[]): Float64Array {
  return linearSchedule(days, table.map(([d, v]) => [d, Math.log(v)] as const));
}

/** Open, high, low around given closes; prices rounded to 2 decimals and kept consistent. */
function ohlc(rng: Rng, close: number, prevClose: number, sigma: number): { open: number; high: number; low: number } {
  const open = round(prevClose * Math.exp(0.25 * sigma * rng.normal()), 2);
  const up = Math.abs(rng.normal()) * 0.5 * sigma;
  const down = Math.abs(rng.normal()) * 0.5 * sigma;
  const high = round(Math.max(open, close) * Math.exp(up), 2);
  const low = round(Math.min(open, close) * Math.exp(-down), 2);
  return { open, high: Math.max(high, open, close), low: Math.max(0.01, Math.min(low, open, close)) };
}

function volumeAt(rng: Rng, logBase: number, sigma: number): number {
  return Math.round(Math.exp(logBase + 0.7 * Math.log(sigma / REF_SIGMA) + 0.25 * rng.normal()));
}

export function indexBars(seed: number, sim: MarketSim, endIso: string): SeriesBars[] {
  const last = lastIndexOnOrBefore(sim.days, isoToDay(endIso));
  return INDEX_SPECS.map((spec) => {
    const rng = new Rng(seed, `bars:${spec.symbol}`);
    const path = sim[spec.path];
    const vol = logVolume(sim.days, spec.volume);
    const bars: Bar[] = [];
    let prev = NaN;
    for (let i = 0; i <= last; i++) {
      const close = round(Math.exp(path[i]), 2);
      const { open, high, low } = ohlc(rng, close, Number.isNaN(prev) ? close : prev, sim.sigma[i]);
      const volume = volumeAt(rng, vol[i], sim.sigma[i]);
      bars.push({ symbol: spec.symbol, date: dayToIso(sim.days[i]), open, high, low, close, adjClose: close, volume });
      prev = close;
    }
    return { meta: meta(spec.symbol, "index", spec.name), bars };
  });
}

export function etfBars(seed: number, sim: MarketSim, endIso: string): SeriesBars[] {
  const last = lastIndexOnOrBefore(sim.days, isoToDay(endIso));
  const n = sim.days.length;
  const adjIndex = lastIndexOnOrBefore(sim.days, isoToDay(ADJUSTMENT_DATE));
  const out: SeriesBars[] = [];
  for (const spec of ETF_SPECS) {
    const first = lastIndexOnOrBefore(sim.days, isoToDay(spec.inception) - 1) + 1;
    if (first > last) continue;
    const track = new Rng(seed, `bars:${spec.symbol}:tracking`);
    const rng = new Rng(seed, `bars:${spec.symbol}`);
    const path = sim[spec.path];
    const vol = logVolume(sim.days, spec.volume);
        // The whole simulated span is built, so adjusted closes do not depend on the end date.
    const close = new Float64Array(n);
    const tr = new Float64Array(n);
    let lastEx = sim.days[first];
    let exKey = -1;
    for (let i = first; i < n; i++) {
      const day = sim.days[i];
      const years = (day - sim.days[first]) / 365.25;
      const base = (Math.exp(path[i]) / spec.divisor) * Math.exp(-spec.fee * years + spec.trackingNoise * track.normal());
      const date = new Date(day * 86_400_000);
      const month = date.getUTCMonth();
      const key = date.getUTCFullYear() * 12 + month;
      let dividend = 0;
      if (i > first && month % 3 === 2 && date.getUTCDate() >= 18 && key !== exKey) {
        exKey = key;
        dividend = round(base * spec.dividendYield * ((day - lastEx) / 365.25), 4);
        lastEx = day;
      }
      close[i] = round(base * (1 + spec.dividendYield * ((day - lastEx) / 365.25)), 2);
      tr[i] = i === first ? 1 : tr[i - 1] * ((close[i] + dividend) / close[i - 1]);
    }
    const scale = close[Math.max(adjIndex, first)] / tr[Math.max(adjIndex, first)];
    const bars: Bar[] = [];
    for (let i = first; i <= last; i++) {
      const sigma = sim.sigma[i];
      const { open, high, low } = ohlc(rng, close[i], i === first ? close[i] : close[i - 1], sigma);
      bars.push({
        symbol: spec.symbol,
        date: dayToIso(sim.days[i]),
        open,
        high,
        low,
        close: close[i],
        adjClose: round(tr[i] * scale, 4),
        volume: volumeAt(rng, vol[i], sigma),
      });
    }
    out.push({ meta: meta(spec.symbol, "etf", spec.name), bars });
  }
  return out;
}

function meta(id: string, kind: SeriesMeta["kind"], name: string): SeriesMeta {
  return { id, kind, name, currency: "USD", frequency: "daily", source: "demo" };
}
