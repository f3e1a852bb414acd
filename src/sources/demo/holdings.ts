/**
 * IWM-like and IVV-like holdings snapshots of the demo universe. IWM holds the demo Russell
 * 2000 (rank-day ranks 1,001-3,000, less a few names it does not hold) and IVV about 503 of
 * the largest US companies; both weight by float-adjusted market value and keep a little cash,
 * a money-market position and an index future (weight 0, as in the real files) apart.
 */
import type { Holding } from "../../model/index.ts";
import { isoToDay } from "../../model/dates.ts";
import { round } from "./path.ts";
import { Rng } from "./random.ts";
import type { Company } from "./universe.ts";

export const FUNDS = {
  IWM: {
    /** Equity holdings: rank-day ranks 1,001..3,000 minus `notHeld` random names. */
    notHeld: 50,
    sharesOutstanding: 2.8e8,
    cashWeight: 0.001,
    moneyMarketWeight: 0.0035,
    future: { root: "RTY", name: "RUSSELL 2000 MINI INDEX FUTURE", multiplier: 50 },
  },
  IVV: {
    /** Equity holdings: the 503 best scores (log cap + noise) among US companies ranked <= 650. */
    holdings: 503,
    sharesOutstanding: 1.0e9,
    cashWeight: 0.0005,
    moneyMarketWeight: 0.001,
    future: { root: "ES", name: "S&P 500 MINI INDEX FUTURE", multiplier: 50 },
  },
} as const;

const MONTH_CODES = ["H", "M", "U", "Z"];
const MONTH_NAMES = ["MAR", "JUN", "SEP", "DEC"];

/** The next quarterly contract after a date: ticker like RTYZ6 and a label like "DEC 26". */
function nextContract(asOf: string, root: string): { ticker: string; label: string } {
  const d = new Date(isoToDay(asOf) * 86_400_000);
  let year = d.getUTCFullYear();
  let q = Math.floor(d.getUTCMonth() / 3); // contract month index (Mar = 0)
  if (d.getUTCMonth() === q * 3 + 2 && d.getUTCDate() > 15) q++;
  if (q > 3) {
    q = 0;
    year++;
  }
  return { ticker: `${root}${MONTH_CODES[q]}${year % 10}`, label: `${MONTH_NAMES[q]} ${String(year % 100).padStart(2, "0")}` };
}

/** Which companies each fund holds (seed only; `companies` sorted by rank-day cap). */
export function fundMembers(seed: number, companies: readonly Company[]): { iwm: Company[]; ivv: Company[] } {
  const rng = new Rng(seed, "holdings:members");
  const r2000 = companies.slice(1000, 3000);
  const drop = new Set<number>();
  while (drop.size < FUNDS.IWM.notHeld) drop.add(rng.int(r2000.length));
  const iwm = r2000.filter((_, i) => !drop.has(i));
  const scored = companies
    .slice(0, 650)
    .filter((c) => c.country === "US")
    .map((c) => ({ c, score: Math.log(c.baseCap) + 0.35 * rng.normal() }));
  scored.sort((a, b) => b.score - a.score);
  const ivv = scored.slice(0, FUNDS.IVV.holdings).map((s) => s.c);
  ivv.sort((a, b) => b.cap - a.cap);
  return { iwm, ivv };
}

export interface FundInput {
  fund: "IWM" | "IVV";
  asOf: string;
  members: readonly Company[];
  priceOf: (c: Company) => number;
  /** The fund's share price and its index level on the as-of date. */
  fundPrice: number;
  indexLevel: number;
}

export function fundHoldings(input: FundInput): Holding[] {
  const spec = FUNDS[input.fund];
  const aum = spec.sharesOutstanding * input.fundPrice;
  const equityValue = aum * (1 - spec.cashWeight - spec.moneyMarketWeight);
  let floatCap = 0;
  for (const c of input.members) floatCap += c.cap * c.floatFraction;
  const rows: Holding[] = [];
  for (const c of input.members) {
    const price = input.priceOf(c);
    const marketValue = round((equityValue * c.cap * c.floatFraction) / floatCap, 2);
    rows.push({
      fund: input.fund,
      asOf: input.asOf,
      ticker: c.ticker,
      name: c.name.toUpperCase(),
      sector: c.sector,
      assetClass: "equity",
      marketValue,
      weight: 0,
      shares: Math.round(marketValue / price),
      price,
      location: c.location,
      exchange: c.exchange,
      currency: "USD",
    });
  }
  rows.sort((a, b) => b.marketValue - a.marketValue || (a.ticker < b.ticker ? -1 : 1));
  const cash = round(aum * spec.cashWeight, 2);
  const mm = round(aum * spec.moneyMarketWeight, 2);
  const fut = nextContract(input.asOf, spec.future.root);
  const contracts = Math.round((aum * 0.004) / (input.indexLevel * spec.future.multiplier));
  const other = (ticker: string, name: string, assetClass: Holding["assetClass"], marketValue: number, shares: number, price: number, exchange: string): Holding => ({
    fund: input.fund,
    asOf: input.asOf,
    ticker,
    name,
    sector: "Cash and/or Derivatives",
    assetClass,
    marketValue,
    weight: 0,
    shares,
    price,
    location: "United States",
    exchange,
    currency: "USD",
  });
  rows.push(other("DEMOMM", "TREASURY MONEY MARKET FUND (DEMO)", "money-market", mm, mm, 1, "-"));
  rows.push(other("USD", "USD CASH", "cash", cash, cash, 1, "-"));
  rows.push(other(fut.ticker, `${spec.future.name} ${fut.label}`, "future", 0, contracts, round(input.indexLevel, 2), "Chicago Mercantile Exchange"));
  let total = 0;
  for (const r of rows) total += r.marketValue;
  for (const r of rows) r.weight = r.marketValue / total;
  return rows;
}
