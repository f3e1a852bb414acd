/**
 * Valuation, earnings quality and leverage of a group of companies from their own figures
 * (total market cap, trailing-twelve-month earnings, book value, debt, interest, operating
 * income), as an index provider states them: aggregates are sums over companies (sum of caps
 * over sum of earnings), not averages of ratios, so a large company counts as much as its size.
 * Coverage is stated for each figure, as a share of the group's weight.
 */
import { median } from "./stats.ts";

/** One company of the group (all its share classes together). */
export interface CompanyRow {
  /** The company (CIK, or its ticker when no filer is known). */
  id: string;
  /** The ticker it is shown by. */
  ticker: string;
  /** Total market cap, every class, on the day (> 0). */
  cap: number;
  /** The company's share of the group's weight (a fund's market value of all its classes over the fund's), 0..1. */
  weight: number;
  /** Net income over the trailing twelve months. */
  earnings: number | null;
  /** Stockholders' equity (book value). */
  equity: number | null;
  /** Total debt. */
  debt: number | null;
  /** Interest expense over the trailing twelve months. */
  interestExpense: number | null;
  /** Operating income over the trailing twelve months. */
  operatingIncome: number | null;
}

/** A ratio of sums over the companies that report both parts, with its median and coverage. */
export interface AggregateRatio {
  /** Sum of numerators over sum of denominators; null when the denominator's sum is not positive. */
  aggregate: number | null;
  /** Median of the companies' own ratios, over those whose denominator is positive; null when none. */
  median: number | null;
  /** Companies that report both parts. */
  covered: number;
  /** Their share of the group's weight (0..1). */
  weight: number;
}

export interface CompanyValuation {
  /** Companies given. */
  companies: number;
  /** Their weight together (the group's coverage by filers with a cap), 0..1. */
  weight: number;
  /** Price to earnings: caps over trailing earnings, losses included in the sum. */
  pe: AggregateRatio;
  /** Price to book: caps over stockholders' equity. */
  pb: AggregateRatio;
  /** Companies with a trailing loss, among those with earnings. */
  unprofitable: { count: number; share: number | null; weightShare: number | null };
  /** Total debt over stockholders' equity. */
  debtToEquity: AggregateRatio;
  /** Operating income over interest expense (times interest earned). */
  interestCoverage: AggregateRatio;
}

const known = (x: number | null): x is number => x !== null && Number.isFinite(x);

/**
 * A ratio num/den over the companies where both are known. The aggregate keeps every such
 * company (a loss lowers the sum of earnings); the median reads only positive denominators
 * (a P/E of a loss-maker, or a debt-to-equity of negative equity, is not a ratio to rank).
 */
function ratio(rows: readonly CompanyRow[], num: (r: CompanyRow) => number | null, den: (r: CompanyRow) => number | null): AggregateRatio {
  let sn = 0;
  let sd = 0;
  let covered = 0;
  let weight = 0;
  const own: number[] = [];
  for (const r of rows) {
    const n = num(r);
    const d = den(r);
    if (!known(n) || !known(d)) continue;
    sn += n;
    sd += d;
    covered++;
    weight += r.weight;
    if (d > 0) own.push(n / d);
  }
  return { aggregate: covered > 0 && sd > 0 ? sn / sd : null, median: own.length ? median(own) : null, covered, weight };
}

/** The group's valuation, earnings quality and leverage (see CompanyValuation). */
export function companyValuation(rows: readonly CompanyRow[]): CompanyValuation {
  let weight = 0;
  let withEarnings = 0;
  let earningsWeight = 0;
  let losses = 0;
  let lossWeight = 0;
  for (const r of rows) {
    weight += r.weight;
    if (!known(r.earnings)) continue;
    withEarnings++;
    earningsWeight += r.weight;
    if (r.earnings < 0) {
      losses++;
      lossWeight += r.weight;
    }
  }
  return {
    companies: rows.length,
    weight,
    pe: ratio(rows, (r) => r.cap, (r) => r.earnings),
    pb: ratio(rows, (r) => r.cap, (r) => r.equity),
    unprofitable: {
      count: losses,
      share: withEarnings ? losses / withEarnings : null,
      weightShare: earningsWeight > 0 ? lossWeight / earningsWeight : null,
    },
    debtToEquity: ratio(rows, (r) => r.debt, (r) => r.equity),
    interestCoverage: ratio(rows, (r) => r.operatingIncome, (r) => r.interestExpense),
  };
}
