/**
 * The small-versus-large valuation over time: at each quarter end, each fund's aggregate P/E
 * and P/B (sums over companies, companyValuation) and the premium of small over large
 * (small / large - 1; negative is a discount). A quarter whose figures rest on too little of a
 * fund is left out of the series, with the reason, rather than shown as if it described the fund.
 */
import { companyValuation, type CompanyRow } from "./company-valuation.ts";

/**
 * A quarter counts only when the companies behind a fund's ratio carry at least this share of
 * the fund's weight: below half, the ratio describes a minority of the fund, and a change in
 * which companies report moves it more than their valuation does.
 */
export const MIN_HISTORY_COVERAGE = 0.5;

/** The company rows of each fund at one quarter end (rows: companies with a cap on that day). */
export interface QuarterRows {
  quarterEnd: string;
  small: readonly CompanyRow[];
  large: readonly CompanyRow[];
}

/** One ratio of one fund at one quarter end. */
export interface HistoryRatio {
  /** Sum of caps over sum of the figure; null when that sum is not positive. */
  value: number | null;
  /** Share of the fund's weight behind it (companies with a cap and the figure), 0..1. */
  coverage: number;
  /** Companies behind it. */
  companies: number;
}

export interface FundQuarter {
  pe: HistoryRatio;
  pb: HistoryRatio;
  /** Companies with a cap on the day (whether or not they report earnings or equity). */
  priced: number;
  /** Loss-makers by weight, among the companies with earnings; null when none. */
  unprofitableWeight: number | null;
}

/** The premium of small over large for one ratio, or why there is none. */
export interface Premium {
  /** small / large - 1 (0.25: small caps priced 25% above large caps); null when left out. */
  value: number | null;
  /** Why the quarter is left out for this ratio; null when it counts. */
  leftOut: string | null;
}

export interface ValuationQuarter {
  quarterEnd: string;
  small: FundQuarter;
  large: FundQuarter;
  pe: Premium;
  pb: Premium;
}

export interface ValuationHistory {
  /** The coverage a fund's ratio needs for its quarter to count. */
  minCoverage: number;
  /** Every quarter given, oldest first, counted or not. */
  quarters: ValuationQuarter[];
  /** Quarters whose P/E premium is left out, and why. */
  leftOut: { quarterEnd: string; reason: string }[];
}

function fundQuarter(rows: readonly CompanyRow[]): FundQuarter {
  const v = companyValuation(rows);
  return {
    pe: { value: v.pe.aggregate, coverage: v.pe.weight, companies: v.pe.covered },
    pb: { value: v.pb.aggregate, coverage: v.pb.weight, companies: v.pb.covered },
    priced: v.companies,
    unprofitableWeight: v.unprofitable.weightShare,
  };
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

/** The premium of one ratio, or the first reason it cannot be given (coverage, then an undefined ratio). */
function premium(label: string, small: HistoryRatio, large: HistoryRatio, minCoverage: number): Premium {
  for (const [fund, r] of [["small", small], ["large", large]] as const) {
    if (r.coverage < minCoverage) {
      return { value: null, leftOut: `the ${fund}-cap fund's ${label} covers ${pct(r.coverage)} of its weight (${r.companies} ${r.companies === 1 ? "company" : "companies"}), under ${pct(minCoverage)}` };
    }
  }
  for (const [fund, r] of [["small", small], ["large", large]] as const) {
    if (r.value === null) return { value: null, leftOut: `the ${fund}-cap fund's ${label} is not defined: its companies' ${label === "P/E" ? "earnings" : "book values"} sum to zero or less` };
  }
  return { value: (small.value as number) / (large.value as number) - 1, leftOut: null };
}

/**
 * The valuation history from each quarter's company rows (weights: each company's share of its
 * fund, so coverage is a share of the fund). Quarters are returned oldest first.
 */
export function valuationHistory(rows: readonly QuarterRows[], minCoverage = MIN_HISTORY_COVERAGE): ValuationHistory {
  const quarters = [...rows]
    .sort((a, b) => (a.quarterEnd < b.quarterEnd ? -1 : a.quarterEnd > b.quarterEnd ? 1 : 0))
    .map((q): ValuationQuarter => {
      const small = fundQuarter(q.small);
      const large = fundQuarter(q.large);
      return { quarterEnd: q.quarterEnd, small, large, pe: premium("P/E", small.pe, large.pe, minCoverage), pb: premium("P/B", small.pb, large.pb, minCoverage) };
    });
  const leftOut = quarters.filter((q) => q.pe.leftOut !== null).map((q) => ({ quarterEnd: q.quarterEnd, reason: q.pe.leftOut as string }));
  return { minCoverage, quarters, leftOut };
}

/** Calendar quarter ends (Mar 31, Jun 30, Sep 30, Dec 31) from the one on or after `from` to the last on or before `to`. */
export function quarterEnds(from: string, to: string): string[] {
  const ends = ["03-31", "06-30", "09-30", "12-31"];
  const out: string[] = [];
  for (let year = Number(from.slice(0, 4)); year <= Number(to.slice(0, 4)); year++) {
    for (const md of ends) {
      const day = `${year}-${md}`;
      if (day >= from && day <= to) out.push(day);
    }
  }
  return out;
}
