/**
 * Company market caps on a day from what is stored: the total shares outstanding of every
 * class (the latest SEC cover page public by that day) times the company's close on that day
 * (the stored bars of its listed symbol, else the price a holdings file gives). Shared by the
 * valuation (caps on a holdings date or a quarter's end) and the index engine (caps on the
 * rank day), so both read one cap for one company on one day.
 */
import { companyFigures, CONCEPTS, type CompanyFigures } from "../core/fundamentals.ts";
import { dayToIso, isoToDay } from "../model/dates.ts";
import type { Company, Fact } from "../model/index.ts";
import { constituentSymbol } from "../sources/files/share-classes.ts";
import { readFacts, readCompanies } from "../store/fundamentals-read.ts";
import { readClosesOf } from "../store/queries.ts";
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
  const companies = await readCompanies(store);
  const byCik = new Map(companies.map((c) => [c.cik, c]));
  const filer = filerOf(companies, opts.tickerMap);
  const cikOf = new Map<string, number>();
  const unmatched: string[] = [];
  for (const s of securities) {
    const cik = filer(s);
    if (cik === undefined) unmatched.push(s.ticker);
    else cikOf.set(s.ticker, cik);
  }

  const closeOf = await closesOn(store, securities, day, opts);
  const facts = cikOf.size ? await readFacts(store, { ciks: [...new Set(cikOf.values())], concepts: opts.concepts }) : [];
  const factsOf = new Map<number, Fact[]>();
  for (const f of facts) {
    const list = factsOf.get(f.cik);
    if (list) list.push(f);
    else factsOf.set(f.cik, [f]);
  }

  const out = new Map<number, CompanyCap>();
  for (const s of securities) {
    const cik = cikOf.get(s.ticker);
    if (cik === undefined) continue;
    let c = out.get(cik);
    if (!c) {
      const own = factsOf.get(cik) ?? [];
      c = { cik, company: byCik.get(cik), ticker: s.ticker, tickers: [], shares: companyFigures(own, day).shares, price: null, cap: null, facts: own };
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
  return { day, companies: out, cikOf, closeOf, unmatched };
}

/** The price of each security on `day`: its latest stored close within a week, else the holdings' price. */
async function closesOn(store: Store, securities: readonly CapSecurity[], day: string, opts: CompanyCapsOptions): Promise<Map<string, SecurityClose>> {
  const symbolsOf = new Map<string, string[]>();
  for (const s of securities) {
    const { symbol, alternates } = constituentSymbol(s, opts.tickerMap);
    symbolsOf.set(s.ticker, [symbol, ...alternates]);
  }
  const end = isoToDay(day);
  const wanted = [...new Set([...symbolsOf.values()].flat())];
  const cols = wanted.length ? await readClosesOf(store, wanted, { from: dayToIso(end - CLOSE_MAX_AGE_DAYS), to: day }) : { symbols: [], days: [], closes: [] };
  // Rows come in date order: the last one of a symbol is its latest close.
  const latest = new Map<string, { day: number; close: number }>();
  for (let i = 0; i < cols.symbols.length; i++) latest.set(cols.symbols[i], { day: cols.days[i], close: cols.closes[i] });

  const priceDay = opts.priceDay ?? day;
  const holdingsUsable = isoToDay(priceDay) <= end && end - isoToDay(priceDay) <= CLOSE_MAX_AGE_DAYS;
  const out = new Map<string, SecurityClose>();
  for (const s of securities) {
    const symbol = (symbolsOf.get(s.ticker) ?? []).find((x) => latest.has(x));
    const hit = symbol === undefined ? undefined : latest.get(symbol);
    if (symbol !== undefined && hit && hit.close > 0) out.set(s.ticker, { symbol, close: hit.close, day: dayToIso(hit.day), from: "close" });
    else if (holdingsUsable && s.price !== null && s.price > 0) out.set(s.ticker, { symbol: null, close: s.price, day: priceDay, from: "holdings" });
  }
  return out;
}

/** The concepts a valuation reads (shares, earnings, equity, debt, interest, operating income). */
export const VALUATION_CONCEPTS: readonly string[] = [...new Set(Object.values(CONCEPTS).flat())];
