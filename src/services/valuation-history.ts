/**
 * The small-versus-large valuation as a quarterly history: the companies of the small-cap
 * fund's and the large-cap fund's latest stored holdings, valued at each calendar quarter end
 * from what was public then (caps: total shares of the latest cover page filed by that day x
 * the stored close of that week; earnings and book as filed by that day). The members are
 * today's (survivorship: companies that left the funds, merged or failed are not in the past
 * quarters), and each company weighs what it weighs in the fund today: coverage is the share
 * of the fund's weight behind a ratio, and a weight from each quarter's caps would leave the
 * companies without a cap that quarter (no close, no share count) weightless, so that the
 * fund would look fully covered however few of its companies could be priced.
 */
import type { CompanyRow } from "../core/analytics/company-valuation.ts";
import { MIN_HISTORY_COVERAGE, quarterEnds, valuationHistory, type ValuationQuarter } from "../core/analytics/valuation-history.ts";
import { CONCEPTS } from "../model/fundamentals.ts";
import type { Holding } from "../model/index.ts";
import { factsInForce, firstPublicDay, hasFacts, readFactVersions } from "../store/fundamentals-read.ts";
import { listHoldingSnapshots, readHoldings } from "../store/read.ts";
import type { Store } from "../store/store.ts";
import { capsOn, closesOn, readCapCloses, readCapFilings, type CapInputs, type CapSecurity } from "./company-caps.ts";
import { companyRows, listedPositions } from "./company-valuation.ts";
import { DEFAULT_FUND_ROLES, type FundRoles } from "./funds.ts";

export interface ValuationHistoryOptions {
  /** The small-cap fund and the large-cap funds in order of preference (config `analysis`). */
  roles?: Pick<FundRoles, "smallFund" | "largeFunds">;
  /** The user's symbol map (config `constituents.tickerMap`). */
  tickerMap?: Readonly<Record<string, string>>;
  /** The coverage a fund's ratio needs for its quarter to count (default MIN_HISTORY_COVERAGE). */
  minCoverage?: number;
}

/** A fund of the history: whose holdings give the members, and how many of them could be valued at all. */
export interface HistoryFund {
  fund: string;
  /** The holdings' date: the members are this day's. */
  asOf: string;
  /** Listed equity positions. */
  positions: number;
  /** Positions whose company is a stored SEC filer. */
  matched: number;
  /** Companies (share classes together) among them. */
  companies: number;
  /** Companies with a stored close in the week to at least one quarter end. */
  withCloses: number;
}

export type ValuationHistoryReport =
  | { available: false; reason: string; todo: string }
  | {
      available: true;
      small: HistoryFund;
      large: HistoryFund;
      /** Every quarter end from the first with a P/E of both funds to the last before both holdings dates, oldest first. */
      quarters: ValuationQuarter[];
      leftOut: { quarterEnd: string; reason: string }[];
      minCoverage: number;
      /** The last quarter end: every figure is as of its quarter end, with facts filed by then. */
      asOf: string;
      sources: string[];
      method: string;
      survivorship: string;
    };

export const HISTORY_METHOD =
  "At each calendar quarter end: each company's market cap = its shares outstanding of every class (the latest SEC cover page filed by that day) x its stored close " +
  "of that day or the week before; P/E = sum of caps / sum of trailing-twelve-month net income (losses included), P/B = sum of caps / sum of stockholders' equity, " +
  "over the companies with both; premium = small / large - 1. Only facts filed by the quarter end count.";

const TODO_FACTS = "run `r2k update --only fundamentals` with sources.sec.userAgent set in r2k.config.json (or import saved SEC EDGAR companyfacts files)";
const TODO_CLOSES = (funds: string) =>
  `store the members' daily closes: \`r2k update --constituents\` fetches those of config constituents.fund (IWM by default; set it to a list with ${funds}, e.g. ["IWM", "IWB"]), or import their Yahoo CSVs`;

/** What a quarter's P/E and P/B read: cover-page shares, net income and equity. */
const HISTORY_CONCEPTS: readonly string[] = [...CONCEPTS.sharesOutstanding, ...CONCEPTS.netIncome, ...CONCEPTS.equity];

const countCompanies = (inputs: Omit<CapInputs, "closes">, listed: readonly Holding[]) => new Set(listed.map((h) => inputs.filer(h)).filter((c) => c !== undefined)).size;

/** The company rows of one fund on one quarter end (companies with a cap that day), weighted by today's market value. */
function rowsOn(inputs: CapInputs, fund: { listed: Holding[]; securities: CapSecurity[]; total: number; asOf: string }, day: string, opts: ValuationHistoryOptions, priced: Set<number>): CompanyRow[] {
  const caps = capsOn(inputs, fund.securities, day, { tickerMap: opts.tickerMap, priceDay: fund.asOf });
  const { rows, capped } = companyRows(caps, fund.listed, fund.total, day);
  for (const c of capped) priced.add(c.cik);
  return rows;
}

/**
 * The quarterly history of the small-versus-large valuation from the stored holdings, SEC facts
 * and closes; unavailable, with what to do, when one of them is missing.
 */
export async function valuationHistoryOf(store: Store, opts: ValuationHistoryOptions = {}): Promise<ValuationHistoryReport> {
  const roles = opts.roles ?? DEFAULT_FUND_ROLES;
  const snapshots = await listHoldingSnapshots(store);
  const latestOf = (fund: string) => snapshots.filter((s) => s.fund === fund).at(-1)?.asOf;
  const smallAsOf = latestOf(roles.smallFund);
  const largeFund = roles.largeFunds.find((f) => latestOf(f) !== undefined);
  if (smallAsOf === undefined || largeFund === undefined) {
    const missing = smallAsOf === undefined ? roles.smallFund : roles.largeFunds.join(" or ");
    return { available: false, reason: `no ${missing} holdings stored: the history values the companies of the small- and large-cap funds' latest holdings`, todo: "run `r2k update --only holdings` (or import the iShares holdings files)" };
  }
  if (!(await hasFacts(store))) return { available: false, reason: "no SEC EDGAR facts stored: earnings, book values and share counts come from them", todo: TODO_FACTS };

  const load = async (fund: string, asOf: string) => {
    const { listed, total } = listedPositions(await readHoldings(store, fund, asOf));
    return { fund, asOf, listed, total, securities: listed.map((h): CapSecurity => ({ ticker: h.ticker, name: h.name, price: h.price })) };
  };
  const small = await load(roles.smallFund, smallAsOf);
  const large = await load(largeFund, latestOf(largeFund) as string);
  for (const f of [small, large]) {
    if (f.listed.length === 0 || !(f.total > 0)) return { available: false, reason: `the ${f.fund} holdings of ${f.asOf} list no equity with a market value`, todo: "import a complete iShares holdings file" };
  }

  const all = [...small.securities, ...large.securities];
  const filings = await readCapFilings(store, all, { tickerMap: opts.tickerMap, facts: false });
  const ciks = [...new Set(all.map((s) => filings.filer(s)).filter((c) => c !== undefined))];
  // The first quarter a cap can exist: the first cover page (shares outstanding) public among the members.
  const firstShares = await firstPublicDay(store, ciks, CONCEPTS.sharesOutstanding);
  if (firstShares === null) {
    return { available: false, reason: `no share counts (SEC cover pages) stored for the companies of ${small.fund} and ${large.fund}`, todo: TODO_FACTS };
  }
  const last = small.asOf < large.asOf ? small.asOf : large.asOf;
  const candidates = quarterEnds(firstShares, last);
  if (candidates.length === 0) {
    return { available: false, reason: `no quarter end between the first share count filed and the holdings of ${last}`, todo: TODO_FACTS };
  }
  const closes = await readCapCloses(store, all, candidates, { tickerMap: opts.tickerMap });

  // Every version of the members' filings read once, each with the days it is the one in force;
  // each quarter end then takes the versions in force that day within the look-back, as
  // readFactsAsOf would pick them. A quarter without a close of either fund's members reads none.
  const versions = await readFactVersions(store, { ciks, concepts: HISTORY_CONCEPTS, to: last });
  const pricedSmall = new Set<number>();
  const pricedLarge = new Set<number>();
  const hasClose = (f: typeof small, day: string) => closesOn(closes, f.securities, day, { tickerMap: opts.tickerMap, priceDay: f.asOf }).size > 0;
  const rows: { quarterEnd: string; small: CompanyRow[]; large: CompanyRow[] }[] = [];
  for (const quarterEnd of candidates) {
    if (!hasClose(small, quarterEnd) || !hasClose(large, quarterEnd)) {
      rows.push({ quarterEnd, small: [], large: [] });
      continue;
    }
    const inputs: CapInputs = { ...filings, factsOf: factsInForce(versions, quarterEnd), closes };
    rows.push({ quarterEnd, small: rowsOn(inputs, small, quarterEnd, opts, pricedSmall), large: rowsOn(inputs, large, quarterEnd, opts, pricedLarge) });
  }
  const history = valuationHistory(rows, opts.minCoverage ?? MIN_HISTORY_COVERAGE);
  // The history starts at the first quarter where both funds have a P/E to compare at all.
  const start = history.quarters.findIndex((q) => q.small.pe.companies > 0 && q.large.pe.companies > 0);
  if (start < 0) {
    const without = [small, large].filter((_, k) => (k === 0 ? pricedSmall : pricedLarge).size === 0).map((f) => f.fund);
    return without.length
      ? { available: false, reason: `no stored close of any ${without.join(" or ")} member in the week to a quarter end since ${candidates[0]}`, todo: TODO_CLOSES(without.join(" and ")) }
      : { available: false, reason: "no quarter end where members of both funds have a cap and filed earnings", todo: TODO_FACTS };
  }
  const quarters = history.quarters.slice(start);
  const fundOf = (f: typeof small, priced: Set<number>): HistoryFund => ({
    fund: f.fund,
    asOf: f.asOf,
    positions: f.listed.length,
    matched: f.listed.filter((h) => filings.filer(h) !== undefined).length,
    companies: countCompanies(filings, f.listed),
    withCloses: priced.size,
  });
  return {
    available: true,
    small: fundOf(small, pricedSmall),
    large: fundOf(large, pricedLarge),
    quarters,
    leftOut: history.leftOut.filter((q) => q.quarterEnd >= quarters[0].quarterEnd),
    minCoverage: history.minCoverage,
    asOf: quarters[quarters.length - 1].quarterEnd,
    sources: ["sec", "stored closes", `${small.fund} holdings ${small.asOf}`, `${large.fund} holdings ${large.asOf}`],
    method: HISTORY_METHOD,
    survivorship:
      `Members are today's: the companies of ${small.fund}'s holdings of ${small.asOf} and ${large.fund}'s of ${large.asOf}, each weighted by its market value then, ` +
      "valued back in time. Companies that left the funds, were acquired or failed are missing from past quarters (survivorship), and companies that changed size are counted in today's fund.",
  };
}
