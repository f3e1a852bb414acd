/** A fund's holdings (an iShares file or a stored snapshot) as an approximate construction universe. */
import { InputError, isConstituent, type Holding, type UniverseSecurity } from "../../../model/index.ts";
import type { IsharesFile } from "../ishares.ts";
import { groupShareClasses } from "../share-classes.ts";
import type { UniverseInput } from "./input.ts";

/**
 * iShares Location names to ISO 3166 alpha-2 (the locations seen in Russell fund files and
 * the usual others). A name missing here is an error, so a new one is noticed.
 */
export const LOCATION_TO_ISO: Record<string, string> = {
  "United States": "US",
  Canada: "CA",
  Mexico: "MX",
  Brazil: "BR",
  Argentina: "AR",
  Chile: "CL",
  Colombia: "CO",
  Peru: "PE",
  Uruguay: "UY",
  Panama: "PA",
  "Puerto Rico": "PR",
  Bermuda: "BM",
  Bahamas: "BS",
  "Cayman Islands": "KY",
  "British Virgin Islands": "VG",
  "Virgin Islands (British)": "VG",
  Curacao: "CW",
  "Curaçao": "CW",
  "Marshall Islands": "MH",
  Liberia: "LR",
  "United Kingdom": "GB",
  Ireland: "IE",
  Jersey: "JE",
  Guernsey: "GG",
  "Isle of Man": "IM",
  Gibraltar: "GI",
  Netherlands: "NL",
  Belgium: "BE",
  Luxembourg: "LU",
  France: "FR",
  Germany: "DE",
  Switzerland: "CH",
  Austria: "AT",
  Italy: "IT",
  Spain: "ES",
  Portugal: "PT",
  Greece: "GR",
  Cyprus: "CY",
  Malta: "MT",
  Monaco: "MC",
  Denmark: "DK",
  Norway: "NO",
  Sweden: "SE",
  Finland: "FI",
  Iceland: "IS",
  Poland: "PL",
  "Czech Republic": "CZ",
  Hungary: "HU",
  Israel: "IL",
  Turkey: "TR",
  "United Arab Emirates": "AE",
  "Saudi Arabia": "SA",
  "South Africa": "ZA",
  China: "CN",
  "Hong Kong": "HK",
  Macau: "MO",
  Taiwan: "TW",
  Japan: "JP",
  Korea: "KR",
  "Korea (South)": "KR",
  "South Korea": "KR",
  Singapore: "SG",
  Malaysia: "MY",
  Thailand: "TH",
  Indonesia: "ID",
  Philippines: "PH",
  India: "IN",
  Kazakhstan: "KZ",
  Australia: "AU",
  "New Zealand": "NZ",
};

/** A holding's security type from its exchange and name (OTC quotation, warrants, rights and CVRs); null: common stock. */
export function securityTypeOf(name: string, exchange: string | null): string | null {
  if (exchange && /Non-Nms|\bOTC\b|Pink/i.test(exchange)) return "otc";
  if (/\bWARRANTS?\b/i.test(name)) return "warrant";
  if (/(\bCVR|\bRIGHTS?)\s*$/i.test(name)) return "right";
  return null;
}

/** One fund's holdings on one date, from a file (with its lines) or from the store. */
export interface HoldingsSnapshot {
  fund: string;
  asOf: string;
  holdings: readonly Holding[];
  /** 1-based file line of each holding; null for stored holdings. */
  lines: readonly number[] | null;
}

/**
 * A holding as a security of the construction universe: `shares` stand for both shares
 * outstanding and float (a holdings file knows no float), priced at `price`.
 */
export function holdingSecurity(
  h: Pick<Holding, "ticker" | "name" | "sector" | "exchange">,
  o: { country: string; shares: number; price: number; companyId: string | null },
): UniverseSecurity {
  return {
    id: h.ticker,
    ticker: h.ticker,
    name: h.name,
    sector: h.sector,
    country: o.country,
    sharesOutstanding: o.shares,
    floatShares: o.shares,
    price: o.price,
    securityType: securityTypeOf(h.name, h.exchange),
    earnings: null,
    bookValue: null,
    companyId: o.companyId,
    avgPrice30: null,
  };
}

/**
 * A fund's holdings as a construction universe (a file or a stored snapshot; `where` names it
 * in errors). Approximations (also in `notes`):
 * - shares outstanding = float shares = the fund's Quantity x `scale`: a replicating fund
 *   holds each constituent in proportion to its float, so caps are float caps times the
 *   fund's ownership fraction, and ranking is by float cap, not total cap;
 * - the caps are the fund's dollars (`capBasis` "fund-dollars"): faces show ranks and shares
 *   of the universe, not dollars, and the $30M minimum is switched off unless a scale is given;
 * - price is the file's Price (the fund's valuation, not necessarily a rank-day close);
 * - country is the file's Location mapped to ISO alpha-2; Location is not FTSE Russell's
 *   country assignment (the fund already holds only Russell US names), so the country screen
 *   is switched off by default;
 * - share classes are grouped into one company by name (./share-classes.ts);
 * - security type comes from the exchange and the name (OTC quotation, warrants, CVRs);
 * - non-equity rows, unlisted rows and rows without a price or quantity are skipped.
 * A seam for true company caps: a universe whose shares outstanding come from reported
 * fundamentals instead of the fund's quantity would carry capBasis "company".
 */
export function universeFromHoldingRows(snapshot: HoldingsSnapshot, where: string, opts: { scale?: number } = {}): UniverseInput {
  const scale = opts.scale ?? 1;
  if (!(scale > 0) || !Number.isFinite(scale)) throw new InputError(where, null, null, `scale must be positive (got ${scale})`);
  const kept: { s: UniverseSecurity; line: number }[] = [];
  const skipped: UniverseInput["skipped"] = [];
  const seen = new Map<string, number>();
  snapshot.holdings.forEach((h, i) => {
    const line = snapshot.lines?.[i] ?? i + 1;
    const at = snapshot.lines ? line : null;
    if (!isConstituent(h)) {
      skipped.push({ line, ticker: h.ticker, reason: h.assetClass !== "equity" ? h.assetClass : "unlisted" });
      return;
    }
    if (h.price === null || !(h.price > 0)) {
      skipped.push({ line, ticker: h.ticker, reason: "no price" });
      return;
    }
    if (h.shares === null || !(h.shares > 0)) {
      skipped.push({ line, ticker: h.ticker, reason: "no quantity" });
      return;
    }
    if (h.location === null) {
      skipped.push({ line, ticker: h.ticker, reason: "no location" });
      return;
    }
    const country = LOCATION_TO_ISO[h.location];
    if (!country) {
      throw new InputError(where, at, "Location", `${h.ticker}: unknown location ${JSON.stringify(h.location)}: no ISO 3166 alpha-2 mapping`);
    }
    const prev = seen.get(h.ticker);
    if (prev !== undefined) {
      throw new InputError(where, at, "Ticker", `duplicate ticker ${JSON.stringify(h.ticker)}${snapshot.lines ? ` (first on line ${prev})` : ""}`);
    }
    seen.set(h.ticker, line);
    const shares = h.shares * scale;
    kept.push({ line, s: holdingSecurity(h, { country, shares, price: h.price, companyId: null }) });
  });
  if (kept.length === 0) throw new InputError(where, null, null, "the holdings have no priced equity constituents");
  const groups = groupShareClasses(kept.map((k) => k.s));
  const companyOf = new Map<string, string>();
  for (const g of groups) for (const t of g.tickers) companyOf.set(t, g.companyId);
  for (const k of kept) k.s.companyId = companyOf.get(k.s.ticker) ?? null;

  const fundDollars = scale === 1;
  const notes = [
    `universe approximated from the ${snapshot.fund} holdings of ${snapshot.asOf}: shares = float = the fund's quantity` +
      (fundDollars ? "" : ` x ${scale}`) +
      ", so companies are ranked by float cap, not total cap",
    fundDollars
      ? "caps are the fund's dollars (its holding of each company), not company caps: shown as ranks and shares of the universe; the minimum-cap screen is off"
      : `caps are the fund's dollars x ${scale}: estimates of float caps, not company total caps`,
    "prices are the fund's valuation prices; country is the fund's Location, and the country screen is off (the fund holds only Russell US names)",
    `share classes grouped by issuer name: ${groups.length} ${groups.length === 1 ? "company" : "companies"} with several lines; warrants, CVRs and OTC lines typed from their names and exchange`,
  ];
  return {
    format: "ishares-holdings",
    file: where,
    asOf: snapshot.asOf,
    fund: snapshot.fund,
    securities: kept.map((k) => k.s),
    lines: kept.map((k) => k.line),
    skipped,
    suggestedRules: { countries: null, ...(fundDollars ? { minTotalCap: 0 } : {}) },
    capBasis: fundDollars ? "fund-dollars" : "scaled-fund-dollars",
    notes,
  };
}

/** An iShares holdings file as a construction universe (see universeFromHoldingRows). */
export function universeFromHoldings(parsed: IsharesFile, file: string, opts: { scale?: number } = {}): UniverseInput {
  return universeFromHoldingRows({ fund: parsed.fund, asOf: parsed.asOf, holdings: parsed.holdings, lines: parsed.lines }, file, opts);
}
