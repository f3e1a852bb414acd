/**
 * A stored fund's holdings as a universe of companies in dollars: each company's total market
 * cap from stored SEC filings (the cover-page shares of every class, public by the rank day)
 * times its close on the rank day, through `companyCaps` (the one cap path, shared with the
 * valuation). The holdings give the list of securities, their share classes, sectors and
 * locations; the fund's own dollars only split a company's cap among its listed classes.
 * Rules and limits: docs/fundamentals.md, "The index engine on company caps".
 */
import { CONCEPTS } from "../core/fundamentals.ts";
import { isConstituent, type Company, type Holding, type UniverseSecurity } from "../model/index.ts";
import { groupShareClasses } from "../sources/files/share-classes.ts";
import { holdingSecurity, LOCATION_TO_ISO } from "../sources/files/universe/index.ts";
import type { Store } from "../store/index.ts";
import { companyCaps, type CompanyCap } from "./company-caps.ts";

/**
 * Below this share of the fund's value with company caps, the holdings stay ranked by the
 * fund's dollars: a company ranking that leaves out more would misplace the breakpoints.
 */
export const MIN_COMPANY_COVERAGE = 0.8;

/** EDGAR's two-letter codes of the US states and DC (its other codes name countries and provinces). */
const US_STATES = new Set(
  "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY".split(" "),
);
/** US territories EDGAR codes like states, which ISO 3166 lists as their own countries. */
const US_TERRITORIES: Record<string, string> = { PR: "PR", VI: "VI", GU: "GU" };

/**
 * A filer's country (ISO alpha-2) from EDGAR: its business address, else its state of
 * incorporation, when that is a US state (US) or territory. EDGAR's codes for other countries
 * are its own ("E9", "X0"), not ISO: they give no country here.
 */
export function edgarCountry(c: Pick<Company, "location" | "stateOfIncorporation"> | undefined): string | null {
  for (const code of [c?.location, c?.stateOfIncorporation]) {
    const k = code?.trim().toUpperCase();
    if (!k) continue;
    if (US_STATES.has(k)) return "US";
    if (US_TERRITORIES[k]) return US_TERRITORIES[k];
  }
  return null;
}

/** "CIK0000320193": EDGAR's own spelling of a filer's key, so it never reads as a ticker. */
export const cikCompanyId = (cik: number) => `CIK${String(cik).padStart(10, "0")}`;

export interface CompanyUniverse {
  /** Null when the coverage is below MIN_COMPANY_COVERAGE (rank by the fund's dollars). */
  securities: UniverseSecurity[] | null;
  /** Share of the fund's value (its constituents) whose companies have a cap. */
  coverage: number;
  notes: string[];
  /** Holdings left out, with why. */
  skipped: { ticker: string; reason: string }[];
  /** A holding's company id among the filers stored (for previous memberships); undefined: no filer. */
  companyKey: (h: { ticker: string; name: string }) => string | undefined;
}

const count = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const some = (tickers: readonly string[]) => (tickers.length <= 8 ? tickers.join(", ") : `${tickers.slice(0, 8).join(", ")}, ...`);
const span = (days: readonly string[]) => {
  const sorted = [...new Set(days)].sort();
  return sorted.length === 0 ? "" : sorted.length === 1 ? sorted[0] : `${sorted[0]} to ${sorted[sorted.length - 1]}`;
};

/**
 * The holdings of `fund` on `asOf` as companies ranked on their total caps on `rankDay`.
 * - company = the SEC filer (CIK) a holding's ticker belongs to; a line no filer lists joins
 *   the filer of a line with the same issuer name (share-classes.ts), else it has no company;
 * - total cap = companyCaps: total shares of every class x the close of the first priced class;
 * - the cap is split among the company's listed classes by the fund's dollars in each (the fund
 *   holds each class in proportion to its float), so the classes add up to the company's cap;
 *   each class's shares = its part of the cap / its own price;
 * - float = shares outstanding (an investable weight of 1): no float is stored;
 * - country = the holding's Location, else the filer's EDGAR state (edgarCountry);
 * - holdings whose company has no cap (no filer, no cover page public by the rank day, no
 *   price) are left out and counted; below MIN_COMPANY_COVERAGE of the fund's value, no
 *   company universe at all.
 */
export async function companyUniverse(
  store: Store,
  snapshot: { fund: string; asOf: string; holdings: readonly Holding[] },
  rankDay: string,
  opts: { tickerMap?: Readonly<Record<string, string>> } = {},
): Promise<CompanyUniverse> {
  const lines = snapshot.holdings.filter((h) => isConstituent(h) && h.price !== null && h.price > 0 && h.shares !== null && h.shares > 0);
  const caps = await companyCaps(
    store,
    lines.map((h) => ({ ticker: h.ticker, name: h.name, price: h.price })),
    rankDay,
    { priceDay: snapshot.asOf, tickerMap: opts.tickerMap, concepts: CONCEPTS.sharesOutstanding },
  );

  // A class EDGAR's ticker map lacks joins the filer of its namesake classes.
  const cikOf = new Map(caps.cikOf);
  for (const g of groupShareClasses(lines)) {
    const known = g.tickers.map((t) => caps.cikOf.get(t)).find((c) => c !== undefined);
    if (known !== undefined) for (const t of g.tickers) if (!cikOf.has(t)) cikOf.set(t, known);
  }

  const fundValue = (h: Holding) => (h.shares as number) * (h.price as number);
  const capOf = (h: Holding): CompanyCap | undefined => {
    const cik = cikOf.get(h.ticker);
    const c = cik === undefined ? undefined : caps.companies.get(cik);
    return c && c.cap !== null && c.cap > 0 && c.shares && c.price && caps.closeOf.has(h.ticker) ? c : undefined;
  };

  // The fund's dollars in each company's priced classes: the split of its cap.
  const classValue = new Map<number, number>();
  let total = 0;
  let covered = 0;
  for (const h of lines) {
    total += fundValue(h);
    const c = capOf(h);
    if (!c) continue;
    covered += fundValue(h);
    const close = caps.closeOf.get(h.ticker)?.close as number;
    classValue.set(c.cik, (classValue.get(c.cik) ?? 0) + (h.shares as number) * close);
  }
  const coverage = total > 0 ? covered / total : 0;
  const keys = new Map<string, string>();
  for (const [t, cik] of cikOf) keys.set(t, cikCompanyId(cik));
  // Another fund's holding (a previous membership) may list a class this fund does not.
  const companyKey = (h: { ticker: string; name: string }) => {
    const own = keys.get(h.ticker);
    if (own !== undefined) return own;
    const cik = caps.filer(h);
    return cik === undefined ? undefined : cikCompanyId(cik);
  };

  const skipped: CompanyUniverse["skipped"] = [];
  const securities: UniverseSecurity[] = [];
  const fromEdgar: string[] = [];
  const used = new Map<number, CompanyCap>();
  for (const h of lines) {
    const c = capOf(h);
    if (!c) {
      const cik = cikOf.get(h.ticker);
      skipped.push({ ticker: h.ticker, reason: cik === undefined ? "no SEC filer" : "no SEC shares outstanding or no price on the rank day" });
      continue;
    }
    let country = h.location === null ? null : (LOCATION_TO_ISO[h.location] ?? null);
    if (country === null) {
      country = edgarCountry(c.company);
      if (country === null) {
        skipped.push({ ticker: h.ticker, reason: "no location" });
        continue;
      }
      fromEdgar.push(h.ticker);
    }
    const close = caps.closeOf.get(h.ticker)?.close as number;
    const lead = c.price?.close as number;
    const shareOfCap = ((h.shares as number) * close) / (classValue.get(c.cik) as number);
    // S x (lead price / own price) x the class's part: one class gets exactly S.
    const shares = (c.shares?.shares as number) * (lead / close) * shareOfCap;
    used.set(c.cik, c);
    securities.push(holdingSecurity(h, { country, shares, price: close, companyId: cikCompanyId(c.cik) }));
  }

  const prices = [...used.values()].map((c) => c.price).filter((p) => p !== null);
  const fromCloses = prices.filter((p) => p.from === "close");
  const fromHoldings = prices.length - fromCloses.length;
  const linesOf = new Map<string | null | undefined, number>();
  for (const s of securities) linesOf.set(s.companyId, (linesOf.get(s.companyId) ?? 0) + 1);
  const multi = [...used.values()].filter((c) => (linesOf.get(cikCompanyId(c.cik)) ?? 0) > 1).length;
  const left = skipped.filter((s) => s.reason !== "no location");
  const leftTickers = new Set(left.map((s) => s.ticker));
  const leftValue = lines.filter((h) => leftTickers.has(h.ticker)).reduce((a, h) => a + fundValue(h), 0);
  const priceText = [
    fromCloses.length ? `the stored close of ${span(fromCloses.map((p) => p.day))} (${count(fromCloses.length, "company", "companies")})` : "",
    fromHoldings ? `the ${snapshot.fund} holdings' price of ${snapshot.asOf} (${count(fromHoldings, "company", "companies")} without a stored close)` : "",
  ].filter((t) => t !== "");
  const notes = [
    `universe: the companies of the ${snapshot.fund} holdings of ${snapshot.asOf}, ranked by total market cap in company dollars: SEC cover-page shares outstanding of every class filed by ${rankDay} (cover pages dated ${span([...used.values()].map((c) => c.shares?.end ?? ""))}) x ${priceText.join(", and ")}`,
    `float estimated as the total shares (an investable weight of 1; no float data is stored): the float screen passes every company and index weights are total-cap weights`,
    `share classes grouped by SEC filer (CIK): ${count(multi, "company", "companies")} with several lines; a company's cap is split among its listed classes by the fund's dollars in each`,
    "country is the fund's Location" +
      (fromEdgar.length ? `, else the filer's EDGAR business address or state of incorporation (${some(fromEdgar)})` : "") +
      "; the country screen is off (the fund holds only Russell US names)",
  ];
  if (left.length) {
    notes.push(
      `${count(left.length, "holding")} (${pct(total > 0 ? leftValue / total : 0)} of the fund's value) left out: no SEC shares outstanding stored or no rank-day price for their companies (${some(left.map((s) => s.ticker))})`,
    );
  }
  return { securities: coverage >= MIN_COMPANY_COVERAGE && securities.length > 0 ? securities : null, coverage, notes, skipped, companyKey };
}
