/**
 * The demo universe: 4,000 invented US-listed companies with a Russell-like size distribution
 * (rank 1,000 near $6bn, rank 3,000 near $200m), sectors that shift with size, a small share
 * of foreign domiciles, and earnings with many loss-makers among the smallest names.
 *
 * Each company has a rank-day market cap (`baseCap`, which decides index membership, as at
 * the last reconstitution) and a current cap (`cap` = baseCap times a drift since then), both
 * fixed by the seed alone. Prices of the demo Russell 2000 members come from their simulated
 * daily paths; everyone else's price is drawn once.
 */
import { NameMaker, SECTORS, type Sector } from "./names.ts";
import { Rng } from "./random.ts";

export const UNIVERSE_SIZE = 4000;

/** Rank -> current market cap (USD), interpolated in log-log between these points. */
export const CAP_CURVE: readonly (readonly [number, number])[] = [
  [1, 3.0e12], [3, 2.4e12], [10, 7.5e11], [30, 2.5e11], [100, 9.0e10], [300, 3.2e10], [500, 2.0e10],
  [1000, 5.5e9], [1500, 2.7e9], [2000, 1.3e9], [2500, 5.5e8], [3000, 1.8e8], [3500, 8.0e7], [4000, 3.5e7],
];

/** Sector mix by size band (weights, normalized when drawn). */
const SECTOR_MIX: Record<"large" | "small" | "micro", Record<Sector, number>> = {
  large: {
    Industrials: 0.15, "Information Technology": 0.16, Financials: 0.14, "Health Care": 0.11,
    "Consumer Discretionary": 0.1, "Real Estate": 0.06, Energy: 0.05, Materials: 0.05, Utilities: 0.05,
    Communication: 0.05, "Consumer Staples": 0.06,
  },
  small: {
    Industrials: 0.195, "Information Technology": 0.17, Financials: 0.163, "Health Care": 0.163,
    "Consumer Discretionary": 0.09, "Real Estate": 0.055, Energy: 0.05, Materials: 0.045, Utilities: 0.03,
    Communication: 0.022, "Consumer Staples": 0.017,
  },
  micro: {
    Industrials: 0.12, "Information Technology": 0.12, Financials: 0.22, "Health Care": 0.25,
    "Consumer Discretionary": 0.09, "Real Estate": 0.04, Energy: 0.05, Materials: 0.04, Utilities: 0.01,
    Communication: 0.03, "Consumer Staples": 0.03,
  },
};

/** The ten largest companies' sectors (a tech-heavy top, as in the real market). */
const MEGA_SECTORS: readonly Sector[] = [
  "Information Technology", "Information Technology", "Information Technology", "Communication",
  "Consumer Discretionary", "Communication", "Information Technology", "Consumer Discretionary",
  "Financials", "Health Care",
];

/** Non-US domiciles (ISO alpha-2 and the holdings files' location name) and their weights. */
export const FOREIGN = [
  ["BM", "Bermuda", 3], ["PR", "Puerto Rico", 2], ["GB", "United Kingdom", 2], ["CA", "Canada", 2],
  ["IL", "Israel", 2], ["IE", "Ireland", 1], ["KY", "Cayman Islands", 1], ["NL", "Netherlands", 1],
  ["CH", "Switzerland", 1], ["BS", "Bahamas", 1],
] as const;
export const FOREIGN_SHARE = 0.018;

/** Log drift of market caps since the rank day: sd (smaller for the 100 largest), share and size of winners. */
export const DRIFT = { sd: 0.3, megaSd: 0.12, winnerShare: 0.06, winner: 0.6, bigWinnerShare: 0.012, bigWinner: 1.5 } as const;

export interface Company {
  id: string;
  ticker: string;
  name: string;
  sector: Sector;
  country: string;
  location: string;
  exchange: string;
  /** Market cap on the last rank day (decides index membership). */
  baseCap: number;
  /** Market cap now. */
  cap: number;
  floatFraction: number;
  /** Price for companies without a simulated daily path. */
  price: number;
  /** Trailing net income / book equity as a fraction of `cap` (negative earnings = loss-maker). */
  earningsYield: number;
  bookToMarket: number;
  /** Stock-path parameters (used for the demo Russell 2000 members). */
  beta: number;
  idioVol: number;
  startPrice: number;
  turnover: number;
}

export function capCurve(ranks: ArrayLike<number>): Float64Array {
  const xs = CAP_CURVE.map(([r]) => Math.log(r));
  const ys = CAP_CURVE.map(([, c]) => Math.log(c));
  const out = new Float64Array(ranks.length);
  for (let i = 0; i < ranks.length; i++) {
    const x = Math.log(ranks[i]);
    let k = 0;
    while (k + 2 < xs.length && xs[k + 1] <= x) k++;
    const t = Math.min(1, Math.max(0, (x - xs[k]) / (xs[k + 1] - xs[k])));
    out[i] = Math.exp(ys[k] + t * (ys[k + 1] - ys[k]));
  }
  return out;
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

/** Probability that a company of this cap and sector lost money over the last year. */
export function lossProbability(cap: number, sector: Sector): number {
  const base = 0.02 + 0.45 / (1 + Math.exp(1.1 * Math.log(cap / 8e8)));
  const tilt = sector === "Health Care" ? 1.6 : sector === "Utilities" || sector === "Consumer Staples" ? 0.5 : 1;
  return clamp(base * tilt, 0, 0.85);
}

/** The 4,000 companies, largest rank-day cap first. Depends on the seed only. */
export function buildCompanies(seed: number): Company[] {
  const rng = new Rng(seed, "universe");
  const names = new NameMaker(new Rng(seed, "universe:names"));
  const ranks = Array.from({ length: UNIVERSE_SIZE }, (_, i) => i + 1);
  const curve = capCurve(ranks);
  const out: Company[] = [];
  for (let r = 0; r < UNIVERSE_SIZE; r++) {
    const baseCap = curve[r] * Math.exp(0.04 * rng.normal());
    // Drift since the rank day: mostly modest, some winners and a few big winners (they make
    // the small-cap index top-heavy, as a year of price moves does to the real one).
    const u0 = rng.uniform();
    const jump = u0 < DRIFT.bigWinnerShare ? DRIFT.bigWinner : u0 < DRIFT.bigWinnerShare + DRIFT.winnerShare ? DRIFT.winner : 0;
    const drift = (r < 100 ? DRIFT.megaSd : DRIFT.sd) * rng.normal() + (r < 100 ? 0 : jump * (1 + 0.5 * Math.abs(rng.normal())));
    const cap = baseCap * Math.exp(drift);
    const band = r < 1000 ? "large" : r < 3000 ? "small" : "micro";
    const mix = SECTOR_MIX[band];
    const sector: Sector = r < MEGA_SECTORS.length ? MEGA_SECTORS[r] : SECTORS[rng.weighted(SECTORS.map((s) => mix[s]))];
    const foreign = r >= 20 && rng.uniform() < FOREIGN_SHARE;
    const f = foreign ? FOREIGN[rng.weighted(FOREIGN.map((x) => x[2]))] : null;
    const { name, ticker } = names.company(sector, foreign);
    const nasdaqShare = band === "large" ? 0.45 : 0.62;
    const u = rng.uniform();
    const exchange = u < nasdaqShare ? "NASDAQ" : u < 0.98 ? "New York Stock Exchange Inc." : "NYSE American";
    const price = clamp(Math.exp(Math.log(8) + 0.28 * Math.log(cap / 1e8) + 0.6 * rng.normal()), 0.6, 4000);
    const floatFraction = 1 - 0.45 * rng.uniform() ** 2;
    const loss = rng.uniform() < lossProbability(cap, sector);
    const pe = clamp(18 * Math.exp(0.45 * rng.normal()), 4, 150);
    const lossYield = clamp(0.1 * Math.exp(0.7 * rng.normal()), 0.005, 1.5);
    const earningsYield = loss ? -lossYield : 1 / pe;
    const pbMedian = sector === "Financials" ? 1.1 : sector === "Real Estate" ? 1.4 : sector === "Information Technology" ? 5 : 2.2;
    const pb = clamp(pbMedian * Math.exp(0.6 * rng.normal()), 0.2, 60);
    const beta = clamp(1 + 0.25 * rng.normal(), 0.3, 1.9);
    const idioVol = clamp(0.028 * (cap / 1e9) ** -0.12, 0.012, 0.06) * Math.exp(0.2 * rng.normal());
    const startPrice = clamp(Math.exp(Math.log(8) + 0.28 * Math.log(baseCap / 1e8) + 0.6 * rng.normal()), 1, 1500);
    const turnover = 0.006 * Math.exp(0.5 * rng.normal());
    out.push({
      id: `DEMO-${ticker}`,
      ticker,
      name,
      sector,
      country: f ? f[0] : "US",
      location: f ? f[1] : "United States",
      exchange,
      baseCap,
      cap,
      floatFraction,
      price,
      earningsYield,
      bookToMarket: 1 / pb,
      beta,
      idioVol,
      startPrice,
      turnover,
    });
  }
  out.sort((a, b) => b.baseCap - a.baseCap);
  return out;
}

