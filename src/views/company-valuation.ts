/**
 * The company valuation as rows of text, one figure a row and one fund a column, so that the
 * CLI, the dashboard and the report show the same figures under the same labels (each face
 * passes its number style).
 */
import type { CompanyValuationReport, FundCompanyValuation } from "../core/analytics/snapshot-holdings.ts";
import { fixed, percent, type NumberStyle } from "./format.ts";

// The dashboard takes the report's type from here: web code imports views, not the core.
export type { CompanyValuationReport };

export interface ValuationLine {
  label: string;
  /** What the figure is, for a tooltip or a note. */
  hint: string;
  cells: string[];
}

type Funds = readonly FundCompanyValuation[];

/** The funds a face shows: the small fund and the large one it is compared with, else every fund valued. */
export function shownFunds(report: Extract<CompanyValuationReport, { available: true }>): FundCompanyValuation[] {
  const c = report.comparison;
  if (!c) return [...report.funds];
  return [c.small, c.large].map((f) => report.funds.find((x) => x.fund === f)).filter((f) => f !== undefined);
}

/** The rows of the valuation table. */
export function valuationLines(funds: Funds, s: NumberStyle): ValuationLine[] {
  const unsigned: NumberStyle = { ...s, plus: "never" };
  const ratio = (x: number | null, digits = 2) => fixed(x, digits, unsigned);
  const share = (x: number | null) => percent(x, 1, unsigned);
  const row = (label: string, hint: string, cell: (f: FundCompanyValuation) => string): ValuationLine => ({ label, hint, cells: funds.map(cell) });
  return [
    row("holdings of", "the holdings' date: caps, prices and filings as of this day", (f) => f.asOf),
    row("companies valued", "companies with a stored SEC filer and a cap, of the fund's listed positions", (f) => `${f.companies} (${f.positions} positions)`),
    row("coverage (weight)", "their share of the fund's listed equity value", (f) => share(f.weight)),
    row("P/E aggregate", "sum of caps over sum of trailing-twelve-month earnings, losses included", (f) => ratio(f.pe.aggregate, 1)),
    row("P/E median", "median of the profitable companies' own P/E", (f) => ratio(f.pe.median, 1)),
    row("P/B aggregate", "sum of caps over sum of stockholders' equity", (f) => ratio(f.pb.aggregate)),
    row("P/B median", "median over companies with positive equity", (f) => ratio(f.pb.median)),
    row("loss-makers (count)", "companies with a trailing-twelve-month loss, of those with earnings", (f) => `${f.unprofitable.count} of ${f.pe.covered} (${share(f.unprofitable.share)})`),
    row("loss-makers (weight)", "their share of the weight of the companies with earnings", (f) => share(f.unprofitable.weightShare)),
    row("debt/equity", "sum of total debt over sum of equity, companies reporting both; coverage by weight", (f) => `${ratio(f.debtToEquity.aggregate)} (cov. ${share(f.debtToEquity.weight)})`),
    row("interest coverage", "sum of operating income over sum of interest expense, trailing twelve months; coverage by weight", (f) => `${f.interestCoverage.aggregate === null ? "–" : `${ratio(f.interestCoverage.aggregate, 1)}x`} (cov. ${share(f.interestCoverage.weight)})`),
  ];
}

/** "IWM vs IWB: P/E +37.1%, ..." — the small fund's premium (+) or discount (-) over the large one. */
export function comparisonLine(report: Extract<CompanyValuationReport, { available: true }>, s: NumberStyle): string | null {
  const c = report.comparison;
  if (!c) return null;
  const signedStyle: NumberStyle = { ...s, plus: "positive" };
  return `${c.small} against ${c.large} (small / large - 1): aggregate P/E ${percent(c.pePremium, 1, signedStyle)}, median P/E ${percent(c.medianPePremium, 1, signedStyle)}, P/B ${percent(c.pbPremium, 1, signedStyle)}`;
}
