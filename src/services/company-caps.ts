/**
 * Company market caps on a day from what is stored: the total shares outstanding of every
 * class (the latest SEC cover page public by that day) times the company's close on that day
 * (the stored bars of its listed symbol, else the price a holdings file gives). Shared by the
 * valuation (caps on a holdings date or a quarter's end) and the index engine (caps on the
 * rank day), so both read one cap for one company on one day.
 */
import { CONCEPTS, totalShares, type CompanyFigures } from "../core/fundamentals.ts";
import { dayToIso, isoToDay, lastIndexOnOrBefore } from "../model/dates.ts";
import type { Company, Fact } from "../model/index.ts";
import { constituentSymbol } from "../sources/files/share-classes.ts";
import { readCompanies, readFacts, readFactsAsOf } from "../store/fundamentals-read.ts";
import { readClosesOnDays } from "../store/queries.ts";
import type { Store } from "../store/store.ts";
import { filerOf } from "./filers.ts";

/** A close older than this many calendar days before the day is not that day's price (a week covers weekends and holidays). */
export const CLOSE_MAX_AGE_DAYS = 7;

/** A line of a holdings file, or any security named by ticker and issuer name. */
export interface CapSecurity {
  ticker: string;
  name: string;
  /** The holdings file's price, used when no stored close is recent enough; null: none. */
  price: number | null;
}

export interface SecurityClose {
  /** The stored symbol whose close was used (null: the holdings' price). */
  symbol: string | null;
  close: number;
  /** The close's day (the holdings' date for a holdings price). */
  day: string;
  from: "close" | "holdings";
}

export interface CompanyCap {
  cik: number;
  company: Company | undefined;
  /** The security that prices the company: the first of its classes in the input with a price. */
  ticker: string;
  /** Every class of the company in the input, in input order. */
  tickers: string[];
  /** Total shares of every class (null: no cover page public by the day). */
  shares: CompanyFigures["shares"];
  price: SecurityClose | null;
  /** Total shares x price (null when either is missing). */
  cap: number | null;
  /** The filer's stored facts (of the concepts asked for), for further figures as of the day. */
  facts: Fact[];
}

export interface CompanyCaps {
  day: string;
  /** By CIK, in the input's order. */
  companies: Map<number, CompanyCap>;
  /** Input ticker -> CIK, for the securities a stored filer lists. */
  cikOf: Map<string, number>;
  /** Input ticker -> its price on the day (stored close or holdings price). */
  closeOf: Map<string, SecurityClose>;
  /** Input tickers no stored filer lists. */
  unmatched: string[];
  /** The lookup of any holding's filer among the stored ones (another fund's lines too). */
  filer: CapInputs["filer"];
}

export interface CompanyCapsOptions {
  /** The user's symbol map (config `constituents.tickerMap`). */
  tickerMap?: Readonly<Record<string, string>>;
  /** Concepts whose facts are read (default: every stored concept). */
  concepts?: readonly string[];
  /** The holdings file's date: the day its prices are for (default: the day itself). */
  priceDay?: string;
}

/**
 * Caps of the companies behind `securities` on `day`. Only facts filed by `day` count (point
 * in time); the close is the latest stored one on or before `day`, no older than a week;
 * without one, the holdings' price stands in when the holdings are dated within that week.
 */
export async function companyCaps(store: Store, securities: readonly CapSecurity[], day: string, opts: CompanyCapsOptions = {}): Promise<CompanyCaps> {
  // One day: only the facts a figure as of that day may read, one version per period.
  const filings = await readCapFilings(store, securities, { ...opts, asOf: day });
  const closes = await readCapCloses(store, securities, [day], opts);
  return capsOn({ ...filings, closes }, securities, day, opts);
}

/** What the caps of some securities on a set of days rest on, read from the store beforehand. */
export interface CapInputs {
  companies: Map<number, Company>;
  filer: (s: { ticker: string; name: string }) => number | undefined;
  /** The filers' stored facts (of the concepts asked for), by CIK. */
  factsOf: Map<number, Fact[]>;
  /** Stored closes of the securities' symbols in the week to each day, by symbol, in date order. */
  closes: Map<string, { days: number[]; closes: number[] }>;
}

/**
 * The stored filers and the facts of those behind `securities` (one query each): every stored
 * version, or with `asOf` only those a figure as of that day may read (readFactsAsOf), or
 * none with `facts: false` (the caller reads them day by day).
 */
export async function readCapFilings(store: Store, securities: readonly CapSecurity[], opts: CompanyCapsOptions & { asOf?: string; facts?: boolean } = {}): Promise<Omit<CapInputs, "closes">> {
  const stored = await readCompanies(store);
  const filer = filerOf(stored, opts.tickerMap);
  const ciks = new Set<number>();
  for (const s of securities) {
    const cik = filer(s);
    if (cik !== undefined) ciks.add(cik);
  }
  const which = { ciks: [...ciks], concepts: opts.concepts };
  const facts = ciks.size === 0 || opts.facts === false ? [] : opts.asOf ? await readFactsAsOf(store, { ...which, asOf: opts.asOf }) : await readFacts(store, which);
  const factsOf = new Map<number, Fact[]>();
  for (const f of facts) {
    const list = factsOf.get(f.cik);
    if (list) list.push(f);
    else factsOf.set(f.cik, [f]);
  }
  return { companies: new Map(stored.map((c) => [c.cik, c])), filer, factsOf };
}

/**
 * The stored closes of `securities` that their prices on `days` may come from (each day and
 * the week before it), in one query: a quarterly history reads them once, not once a quarter.
 */
export async function readCapCloses(store: Store, securities: readonly CapSecurity[], days: readonly string[], opts: CompanyCapsOptions = {}): Promise<CapInputs["closes"]> {
  const wanted = [...new Set(securities.flatMap((s) => symbolsOf(s, opts)))];
  const window = new Set<string>();
  for (const d of days) for (let k = 0, end = isoToDay(d); k <= CLOSE_MAX_AGE_DAYS; k++) window.add(dayToIso(end - k));
  const cols = await readClosesOnDays(store, wanted, [...window].sort());
  const closes: CapInputs["closes"] = new Map();
  // Rows come in date order, so each symbol's lists do too.
  for (let i = 0; i < cols.symbols.length; i++) {
    let c = closes.get(cols.symbols[i]);
    if (!c) closes.set(cols.symbols[i], (c = { days: [], closes: [] }));
    c.days.push(cols.days[i]);
    c.closes.push(cols.closes[i]);
  }
  return closes;
}

/** Caps of the companies behind `securities` on `day` from inputs read beforehand (see companyCaps for the rules). */
export function capsOn(inputs: CapInputs, securities: readonly CapSecurity[], day: string, opts: CompanyCapsOptions = {}): CompanyCaps {
  const cikOf = new Map<string, number>();
  const unmatched: string[] = [];
  for (const s of securities) {
    const cik = inputs.filer(s);
    if (cik === undefined) unmatched.push(s.ticker);
    else cikOf.set(s.ticker, cik);
  }
  const closeOf = closesOn(inputs.closes, securities, day, opts);
  const out = new Map<number, CompanyCap>();
  for (const s of securities) {
    const cik = cikOf.get(s.ticker);
    if (cik === undefined) continue;
    let c = out.get(cik);
    if (!c) {
      const own = inputs.factsOf.get(cik) ?? [];
      c = { cik, company: inputs.companies.get(cik), ticker: s.ticker, tickers: [], shares: totalShares(own, day), price: null, cap: null, facts: own };
      out.set(cik, c);
    }
    c.tickers.push(s.ticker);
    const price = closeOf.get(s.ticker);
    if (!c.price && price) {
      c.price = price;
      c.ticker = s.ticker;
    }
  }
  for (const c of out.values()) c.cap = c.shares && c.price ? c.shares.shares * c.price.close : null;
  return { day, companies: out, cikOf, closeOf, unmatched, filer: inputs.filer };
}

/** The stored symbols a security may be found under: the listed one r2k reads it as, then its alternates. */
function symbolsOf(s: CapSecurity, opts: CompanyCapsOptions): string[] {
  // A history asks the same securities' symbols at every quarter end: worked out once each.
  const known = symbolCache.get(s);
  if (known && known.map === opts.tickerMap) return known.symbols;
  const { symbol, alternates } = constituentSymbol(s, opts.tickerMap);
  const symbols = [symbol, ...alternates];
  symbolCache.set(s, { map: opts.tickerMap, symbols });
  return symbols;
}
const symbolCache = new WeakMap<CapSecurity, { map: CompanyCapsOptions["tickerMap"]; symbols: string[] }>();

/** The latest close of `symbol` on or before day number `end`, no older than a week. */
function closeBy(closes: CapInputs["closes"], symbol: string, end: number): { day: number; close: number } | undefined {
  const c = closes.get(symbol);
  if (!c) return undefined;
  // Binary search: a history asks for many days of one list.
  const at = lastIndexOnOrBefore(c.days, end);
  if (at < 0 || end - c.days[at] > CLOSE_MAX_AGE_DAYS) return undefined;
  return { day: c.days[at], close: c.closes[at] };
}

/** The price of each security on `day`: its latest stored close within a week, else the holdings' price. */
export function closesOn(closes: CapInputs["closes"], securities: readonly CapSecurity[], day: string, opts: CompanyCapsOptions = {}): Map<string, SecurityClose> {
  const end = isoToDay(day);
  const priceDay = opts.priceDay ?? day;
  const holdingsUsable = isoToDay(priceDay) <= end && end - isoToDay(priceDay) <= CLOSE_MAX_AGE_DAYS;
  const out = new Map<string, SecurityClose>();
  for (const s of securities) {
    let found: { symbol: string; day: number; close: number } | undefined;
    for (const symbol of symbolsOf(s, opts)) {
      const hit = closeBy(closes, symbol, end);
      if (hit) {
        found = { symbol, ...hit };
        break;
      }
    }
    if (found && found.close > 0) out.set(s.ticker, { symbol: found.symbol, close: found.close, day: dayToIso(found.day), from: "close" });
    else if (holdingsUsable && s.price !== null && s.price > 0) out.set(s.ticker, { symbol: null, close: s.price, day: priceDay, from: "holdings" });
  }
  return out;
}

/** The concepts a valuation reads (shares, earnings, equity, debt, interest, operating income; not revenue). */
export const VALUATION_CONCEPTS: readonly string[] = [
  ...new Set([CONCEPTS.sharesOutstanding, CONCEPTS.netIncome, CONCEPTS.equity, CONCEPTS.debt, CONCEPTS.interestExpense, CONCEPTS.operatingIncome].flat()),
];
