import { readFileSync } from "node:fs";
import { basename } from "node:path";
import {
  dayToIso,
  InputError,
  isConstituent,
  parseIsoDay,
  Security,
  type CapBasis,
  type Holding,
  type PriorStatus,
  type UniverseSecurity,
} from "../../model/index.ts";
import { looksLikeIshares, parseIshares, type IsharesFile } from "./ishares.ts";
import { groupShareClasses } from "./share-classes.ts";
import { splitCsvLine } from "./sniff.ts";

/**
 * Universe inputs of the index engine (docs/index-engine.md, "Inputs"):
 * - the generic universe CSV, header `ticker,name,sector,country,price,shares_outstanding,float_shares`
 *   plus optional `security_type,earnings,book_value` (and `id,company_id,avg_price_30d`);
 * - an iShares holdings file (IWV: Russell 3000) turned into an approximate universe;
 * - previous memberships: a `ticker,index` CSV, iShares Russell 1000 / 2000 holdings, or a
 *   universe whose membership is computed by rank.
 * Every rejection is an InputError naming the file, the line and the field.
 */

export type UniverseFormat = "universe-csv" | "ishares-holdings";

/**
 * The few engine rules (src/core/index-engine/rules.ts, same names and types) an input asks to
 * relax because its figures cannot support them; the caller merges them under its own rules.
 */
export interface SuggestedRules {
  /** null: no country screen. */
  countries?: readonly string[] | null;
  /** 0: no minimum-cap screen. */
  minTotalCap?: number;
}

export interface UniverseInput {
  format: UniverseFormat;
  file: string;
  /** As-of date: the holdings date, or a YYYY-MM-DD found in the file name, else null. */
  asOf: string | null;
  /** Fund ticker for holdings input. */
  fund: string | null;
  securities: UniverseSecurity[];
  /** 1-based file line of each security. */
  lines: number[];
  /** Rows left out on purpose (cash, unlisted, unpriced), with the reason. */
  skipped: { line: number; ticker: string; reason: string }[];
  /** Rule overrides this input needs (e.g. no $30M screen on fund-dollar caps). */
  suggestedRules: SuggestedRules;
  /** What the caps measure: "company" for a universe CSV, fund dollars for holdings. */
  capBasis: CapBasis;
  /** Approximations a reader of the result must know about. */
  notes: string[];
}

const REQUIRED_COLUMNS = ["ticker", "name", "sector", "country", "price", "shares_outstanding", "float_shares"] as const;
const OPTIONAL_COLUMNS = ["security_type", "earnings", "book_value", "id", "company_id", "avg_price_30d"] as const;

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function dateInName(file: string): string | null {
  const m = /(\d{4}-\d{2}-\d{2})/.exec(basename(file));
  return m && parseIsoDay(m[1]) !== null ? m[1] : null;
}

/** Plain or thousands-separated decimal; "" -> null; anything else -> NaN. */
function parseNum(text: string): number | null {
  const t = text.trim();
  if (t === "") return null;
  const c = t.replace(/,/g, "");
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(c)) return NaN;
  return Number(c);
}

function headerOf(line: string): string[] {
  return splitCsvLine(line).map((h) => h.trim().toLowerCase());
}

/**
 * True when the first non-blank line looks like a universe CSV header (a ticker column and a
 * price or share count), so a header missing a required column is reported as such.
 */
export function looksLikeUniverseCsv(firstLine: string): boolean {
  const h = headerOf(stripBom(firstLine));
  return h.includes("ticker") && ["price", "shares_outstanding", "float_shares"].some((c) => h.includes(c));
}

/** Parses the generic universe CSV. */
export function parseUniverseCsv(text: string, file: string): UniverseInput {
  const lines = stripBom(text).split(/\r?\n/);
  const headerIdx = lines.findIndex((l) => l.trim() !== "");
  if (headerIdx < 0) throw new InputError(file, null, null, "the file is empty");
  const header = headerOf(lines[headerIdx]);
  const headerLine = headerIdx + 1;
  for (const c of REQUIRED_COLUMNS) {
    if (!header.includes(c)) {
      throw new InputError(file, headerLine, c, `the header lacks the column ${JSON.stringify(c)} (needs ${REQUIRED_COLUMNS.join(",")})`);
    }
  }
  const known = new Set<string>([...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS]);
  header.forEach((h, i) => {
    if (!known.has(h)) {
      throw new InputError(
        file,
        headerLine,
        h || `column ${i + 1}`,
        `unknown column; allowed: ${[...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS].join(", ")}`,
      );
    }
    if (header.indexOf(h) !== i) throw new InputError(file, headerLine, h, "the column appears twice");
  });
  const col = (name: string) => header.indexOf(name);

  const securities: UniverseSecurity[] = [];
  const rowLines: number[] = [];
  const seenTicker = new Map<string, number>();
  const seenId = new Map<string, number>();
  for (let i = headerIdx + 1; i < lines.length; i++) {
    const raw = lines[i];
    if (raw.trim() === "") continue;
    const lineNo = i + 1;
    const cells = splitCsvLine(raw);
    if (cells.length !== header.length) {
      throw new InputError(file, lineNo, null, `expected ${header.length} fields, found ${cells.length}`);
    }
    const cell = (name: string) => (col(name) >= 0 ? cells[col(name)].trim() : "");
    const num = (name: string, required: boolean): number | null => {
      const v = parseNum(cell(name));
      if (v === null) {
        if (required) throw new InputError(file, lineNo, name, "value is missing");
        return null;
      }
      if (Number.isNaN(v) || !Number.isFinite(v)) throw new InputError(file, lineNo, name, `not a number: ${JSON.stringify(cell(name))}`);
      return v;
    };
    const ticker = cell("ticker");
    if (!ticker) throw new InputError(file, lineNo, "ticker", "value is missing");
    const prevLine = seenTicker.get(ticker);
    if (prevLine !== undefined) {
      throw new InputError(file, lineNo, "ticker", `duplicate ticker ${JSON.stringify(ticker)} (first on line ${prevLine})`);
    }
    seenTicker.set(ticker, lineNo);
    const id = cell("id") || ticker;
    const prevId = seenId.get(id);
    if (prevId !== undefined) throw new InputError(file, lineNo, "id", `duplicate id ${JSON.stringify(id)} (first on line ${prevId})`);
    seenId.set(id, lineNo);

    const price = num("price", true) as number;
    if (price < 0) throw new InputError(file, lineNo, "price", `negative price ${price}`);
    if (price === 0) throw new InputError(file, lineNo, "price", "price must be positive (0 given)");
    const shares = num("shares_outstanding", true) as number;
    if (shares <= 0) throw new InputError(file, lineNo, "shares_outstanding", `must be positive (got ${shares})`);
    const floatShares = num("float_shares", true) as number;
    if (floatShares < 0) throw new InputError(file, lineNo, "float_shares", `must not be negative (got ${floatShares})`);
    if (floatShares > shares) {
      throw new InputError(file, lineNo, "float_shares", `${floatShares} exceeds shares_outstanding ${shares}`);
    }
    const country = cell("country").toUpperCase();
    if (!/^[A-Z]{2}$/.test(country)) {
      throw new InputError(file, lineNo, "country", `must be an ISO 3166 alpha-2 code like US (got ${JSON.stringify(cell("country"))})`);
    }
    const avg = num("avg_price_30d", false);
    if (avg !== null && avg <= 0) throw new InputError(file, lineNo, "avg_price_30d", `must be positive (got ${avg})`);

    const candidate = {
      id,
      ticker,
      name: cell("name"),
      sector: cell("sector") || null,
      country,
      sharesOutstanding: shares,
      floatShares,
      price,
      securityType: cell("security_type") || null,
      earnings: num("earnings", false),
      bookValue: num("book_value", false),
    };
    const checked = Security.safeParse(candidate);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      throw new InputError(file, lineNo, String(issue.path[0] ?? ""), issue.message);
    }
    securities.push({ ...checked.data, companyId: cell("company_id") || null, avgPrice30: avg });
    rowLines.push(lineNo);
  }
  if (securities.length === 0) throw new InputError(file, headerLine + 1, null, "the universe has no rows");
  return {
    format: "universe-csv",
    file,
    asOf: dateInName(file),
    fund: null,
    securities,
    lines: rowLines,
    skipped: [],
    suggestedRules: {},
    capBasis: "company",
    notes: [],
  };
}

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

function securityTypeOf(name: string, exchange: string | null): string | null {
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
    kept.push({
      line,
      s: {
        id: h.ticker,
        ticker: h.ticker,
        name: h.name,
        sector: h.sector,
        country,
        sharesOutstanding: shares,
        floatShares: shares,
        price: h.price,
        securityType: securityTypeOf(h.name, h.exchange),
        earnings: null,
        bookValue: null,
        companyId: null,
        avgPrice30: null,
      },
    });
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

function readText(path: string): string {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new InputError(path, null, null, `cannot read the file: ${(err as Error).message.split("\n")[0]}`);
  }
  if (text.includes("\u0000")) throw new InputError(path, null, null, "this is a binary file, not a CSV text file");
  if (text.trim() === "") throw new InputError(path, null, null, "the file is empty");
  return stripBom(text);
}

/** Reads a universe file, generic CSV or iShares holdings, recognised by content. */
export function readUniverseFile(path: string, opts: { scale?: number } = {}): UniverseInput {
  const text = readText(path);
  const lines = text.split(/\r?\n/);
  if (looksLikeIshares(lines)) return universeFromHoldings(parseIshares(path), path, opts);
  const first = lines.find((l) => l.trim() !== "") ?? "";
  if (looksLikeUniverseCsv(first)) return parseUniverseCsv(text, path);
  throw new InputError(
    path,
    lines.indexOf(first) + 1,
    null,
    `not a universe file: expected the header ${REQUIRED_COLUMNS.join(",")} (optional ${OPTIONAL_COLUMNS.slice(0, 3).join(",")}) or an iShares holdings file`,
  );
}

/** A previous membership: a ready map, or a universe to rank. */
export type PreviousInput =
  | { kind: "membership"; file: string; source: string; asOf: string | null; prior: Map<string, PriorStatus> }
  | { kind: "universe"; file: string; source: string; asOf: string | null; universe: UniverseInput };

const INDEX_WORDS: Record<string, PriorStatus> = {
  "1000": "1000",
  r1000: "1000",
  "russell 1000": "1000",
  "2000": "2000",
  r2000: "2000",
  "russell 2000": "2000",
  out: "out",
  none: "out",
  microcap: "out",
  "3000e": "out",
  r3000e: "out",
};

/** `ticker,index` CSV; index is 1000, 2000 (or R1000, R2000) or out (none, microcap, 3000e). */
export function parseMembershipCsv(text: string, file: string): Map<string, PriorStatus> {
  const lines = stripBom(text).split(/\r?\n/);
  const headerIdx = lines.findIndex((l) => l.trim() !== "");
  if (headerIdx < 0) throw new InputError(file, null, null, "the file is empty");
  const header = headerOf(lines[headerIdx]);
  const t = header.indexOf("ticker");
  const x = header.indexOf("index");
  if (t < 0 || x < 0) throw new InputError(file, headerIdx + 1, t < 0 ? "ticker" : "index", "a membership file needs the header ticker,index");
  const out = new Map<string, PriorStatus>();
  const seen = new Map<string, number>();
  for (let i = headerIdx + 1; i < lines.length; i++) {
    if (lines[i].trim() === "") continue;
    const cells = splitCsvLine(lines[i]);
    const ticker = (cells[t] ?? "").trim();
    if (!ticker) throw new InputError(file, i + 1, "ticker", "value is missing");
    const word = (cells[x] ?? "").trim().toLowerCase();
    const status = INDEX_WORDS[word];
    if (!status) throw new InputError(file, i + 1, "index", `expected 1000, 2000 or out (got ${JSON.stringify(cells[x] ?? "")})`);
    const prev = seen.get(ticker);
    if (prev !== undefined) throw new InputError(file, i + 1, "ticker", `duplicate ticker ${JSON.stringify(ticker)} (first on line ${prev})`);
    seen.set(ticker, i + 1);
    out.set(ticker, status);
  }
  if (out.size === 0) throw new InputError(file, headerIdx + 2, null, "the membership file has no rows");
  return out;
}

/**
 * A previous-membership file: a `ticker,index` CSV; iShares Russell 1000 (IWB) or Russell
 * 2000 (IWM) holdings, whose listed constituents were members of that index; or a universe
 * (generic CSV or other holdings such as IWV), whose membership the caller computes by rank.
 */
export function readPreviousFile(path: string, opts: { scale?: number } = {}): PreviousInput {
  const text = readText(path);
  const lines = text.split(/\r?\n/);
  if (looksLikeIshares(lines)) {
    const parsed = parseIshares(path);
    const status: PriorStatus | null = parsed.fund === "IWB" ? "1000" : parsed.fund === "IWM" ? "2000" : null;
    if (status) {
      const prior = new Map<string, PriorStatus>();
      for (const h of parsed.holdings) if (isConstituent(h)) prior.set(h.ticker, status);
      return { kind: "membership", file: path, source: `${parsed.fund} holdings of ${parsed.asOf}`, asOf: parsed.asOf, prior };
    }
    return {
      kind: "universe",
      file: path,
      source: `${parsed.fund} holdings of ${parsed.asOf}, ranked`,
      asOf: parsed.asOf,
      universe: universeFromHoldings(parsed, path, opts),
    };
  }
  const first = lines.find((l) => l.trim() !== "") ?? "";
  const header = headerOf(first);
  if (header.includes("ticker") && header.includes("index") && !looksLikeUniverseCsv(first)) {
    return { kind: "membership", file: path, source: basename(path), asOf: dateInName(path), prior: parseMembershipCsv(text, path) };
  }
  if (looksLikeUniverseCsv(first)) {
    const universe = parseUniverseCsv(text, path);
    return { kind: "universe", file: path, source: `${basename(path)}, ranked`, asOf: universe.asOf, universe };
  }
  throw new InputError(
    path,
    lines.indexOf(first) + 1,
    null,
    "not a previous membership: expected a ticker,index CSV, an IWB/IWM holdings file or a universe file",
  );
}

/** Constituent closes for `r2k index build`, as a date x id matrix. */
export interface PriceMatrix {
  dates: Int32Array;
  ids: string[];
  /** close[t * ids.length + i]; NaN where an id has no close that day. */
  close: Float64Array;
  /** Same shape; null when the file has no dividend column. */
  dividends: Float64Array | null;
  /** Ids asked for that the file does not price at all. */
  missing: string[];
  rows: number;
}

/**
 * Long-format prices CSV: header with `date`, `ticker` (or `symbol`) and `close`, optional
 * `dividend` (cash per share going ex that day); any column order, other columns ignored.
 * Only the ids in `keep` are kept (all when omitted).
 */
export function parsePricesCsv(text: string, file: string, keep?: ReadonlySet<string>): PriceMatrix {
  const lines = stripBom(text).split(/\r?\n/);
  const headerIdx = lines.findIndex((l) => l.trim() !== "");
  if (headerIdx < 0) throw new InputError(file, null, null, "the file is empty");
  const header = headerOf(lines[headerIdx]);
  const dc = header.indexOf("date");
  const tc = header.includes("ticker") ? header.indexOf("ticker") : header.indexOf("symbol");
  const cc = header.indexOf("close");
  const vc = header.indexOf("dividend");
  if (dc < 0 || tc < 0 || cc < 0) {
    const missing = dc < 0 ? "date" : tc < 0 ? "ticker" : "close";
    throw new InputError(file, headerIdx + 1, missing, "a prices file needs the columns date, ticker (or symbol) and close");
  }
  // Columnar accumulation (a prices file can hold millions of rows).
  let cap = 1024;
  let n = 0;
  let days = new Int32Array(cap);
  let cols = new Int32Array(cap);
  let closes = new Float64Array(cap);
  let divs = new Float64Array(cap);
  let lineNos = new Int32Array(cap);
  const colOf = new Map<string, number>();
  const idList: string[] = [];
  const push = (day: number, c: number, close: number, div: number, line: number) => {
    if (n === cap) {
      cap *= 2;
      const grow = <T extends Int32Array | Float64Array>(a: T, make: (k: number) => T): T => {
        const b = make(cap);
        b.set(a);
        return b;
      };
      days = grow(days, (k) => new Int32Array(k));
      cols = grow(cols, (k) => new Int32Array(k));
      closes = grow(closes, (k) => new Float64Array(k));
      divs = grow(divs, (k) => new Float64Array(k));
      lineNos = grow(lineNos, (k) => new Int32Array(k));
    }
    days[n] = day;
    cols[n] = c;
    closes[n] = close;
    divs[n] = div;
    lineNos[n] = line;
    n++;
  };
  for (let i = headerIdx + 1; i < lines.length; i++) {
    const raw = lines[i];
    if (raw.trim() === "") continue;
    const lineNo = i + 1;
    const cells = splitCsvLine(raw);
    if (cells.length < header.length) throw new InputError(file, lineNo, null, `expected ${header.length} fields, found ${cells.length}`);
    const id = cells[tc].trim();
    if (!id) throw new InputError(file, lineNo, header[tc], "value is missing");
    if (keep && !keep.has(id)) continue;
    const day = parseIsoDay(cells[dc].trim());
    if (day === null) throw new InputError(file, lineNo, "date", `not a calendar date YYYY-MM-DD: ${JSON.stringify(cells[dc])}`);
    const close = parseNum(cells[cc]);
    if (close === null || Number.isNaN(close)) throw new InputError(file, lineNo, "close", `not a number: ${JSON.stringify(cells[cc])}`);
    if (!(close > 0)) throw new InputError(file, lineNo, "close", `price must be positive (got ${close})`);
    let div = 0;
    if (vc >= 0) {
      const d = parseNum(cells[vc] ?? "");
      if (d !== null) {
        if (Number.isNaN(d) || d < 0) throw new InputError(file, lineNo, "dividend", `not a non-negative number: ${JSON.stringify(cells[vc])}`);
        div = d;
      }
    }
    let c = colOf.get(id);
    if (c === undefined) {
      c = idList.length;
      colOf.set(id, c);
      idList.push(id);
    }
    push(day, c, close, div, lineNo);
  }
  if (n === 0) throw new InputError(file, headerIdx + 2, null, keep ? "the prices file has no rows for the requested tickers" : "the prices file has no rows");

  const dayList = Int32Array.from(new Set(days.subarray(0, n))).sort();
  // Final column order: the order of `keep` when given, else sorted ids.
  const ids = keep ? [...keep].filter((id) => colOf.has(id)) : [...idList].sort();
  const missing = keep ? [...keep].filter((id) => !colOf.has(id)) : [];
  const finalCol = new Int32Array(idList.length);
  ids.forEach((id, i) => (finalCol[colOf.get(id) as number] = i));
  const rowOf = new Map<number, number>();
  dayList.forEach((d, t) => rowOf.set(d, t));
  const N = ids.length;
  const close = new Float64Array(dayList.length * N).fill(NaN);
  const dividends = vc >= 0 ? new Float64Array(dayList.length * N) : null;
  const lineAt = new Int32Array(dayList.length * N);
  for (let r = 0; r < n; r++) {
    const k = (rowOf.get(days[r]) as number) * N + finalCol[cols[r]];
    if (close[k] === close[k]) {
      if (close[k] !== closes[r]) {
        throw new InputError(
          file,
          lineNos[r],
          "close",
          `${ids[finalCol[cols[r]]]} on ${dayToIso(days[r])} also appears on line ${lineAt[k]} with a different close`,
        );
      }
      continue;
    }
    close[k] = closes[r];
    lineAt[k] = lineNos[r];
    if (dividends) dividends[k] = divs[r];
  }
  return { dates: dayList, ids, close, dividends, missing, rows: n };
}

export function readPricesFile(path: string, keep?: ReadonlySet<string>): PriceMatrix {
  return parsePricesCsv(readText(path), path, keep);
}
