/**
 * Reconstitution preview use case: loads a universe (a file, a stored fund's holdings or the
 * stored demo universe) and a previous membership (files, the demo, or stored IWM/IWB
 * holdings dated before the rank day), then runs the pure index engine. Used by `r2k recon`,
 * `r2k index build` and the HTTP API's /api/recon.
 */
import { basename } from "node:path";
import { IndexEngineError, reconstitute, type ReconResult, type Rules } from "../core/index-engine/index.ts";
import { companyUniverse, MIN_COMPANY_COVERAGE } from "./recon-companies.ts";
import { InputError, isConstituent, type CapBasis, type PriorStatus, type UniverseSecurity } from "../model/index.ts";
import { readPreviousFile, readUniverseFile, universeFromHoldingRows, type UniverseInput } from "../sources/files/universe/index.ts";
import {
  listHoldingSnapshotSources,
  listUniverseDates,
  readHoldings,
  readUniverseSecurities,
  type HoldingSnapshotSource,
  type Store,
} from "../store/index.ts";

/** A request the inputs or the stored data cannot satisfy: asked wrongly, data missing, or invalid input. */
export class ReconInputError extends Error {
  override name = "ReconInputError";
  constructor(
    message: string,
    readonly kind: "usage" | "noData" | "invalid",
  ) {
    super(message);
  }
}

/** A universe ready for the engine, wherever it came from. */
export interface LoadedUniverse {
  label: string;
  asOf: string | null;
  demo: boolean;
  securities: UniverseSecurity[];
  suggestedRules: Partial<Rules>;
  capBasis: CapBasis;
  notes: string[];
  /**
   * Company universes keyed by SEC filer: the company id of a holding of another fund (a
   * previous membership), when its filer is one of this universe's companies.
   */
  companyKey?: (h: { ticker: string; name: string }) => string | undefined;
  /** What company caps rest on besides the universe ("SOURCE:name" like other sources); empty for fund dollars. */
  capSources?: string[];
}

/** Why a stored holdings universe stays in fund dollars, and how to get company caps. */
const COMPANY_CAPS_NEED =
  "company caps need SEC shares outstanding: run `r2k update --only fundamentals` with sources.sec.userAgent set, or import saved EDGAR JSON (r2k import FILE)";

const DEMO = /^demo(?::(\d{4}-\d{2}-\d{2}))?$/;

const STORED = /^stored:([A-Za-z0-9^._-]+)(?::(\d{4}-\d{2}-\d{2}))?$/;

/** `--previous stored`: the latest stored IWB and IWM holdings dated before the rank day. */
export const STORED_PREVIOUS = "stored";

export const isDemoSpec = (spec: string) => DEMO.test(spec);
/** Inputs read from the store: `demo[:DATE]`, `stored` and `stored:FUND[:DATE]`. */
export const needsStoreSpec = (spec: string) => DEMO.test(spec) || STORED.test(spec) || spec === STORED_PREVIOUS;

const FUND_INDEX: Record<string, PriorStatus> = { IWB: "1000", IWM: "2000" };
const FUND_LABEL: Record<string, string> = { IWB: "IWB (Russell 1000)", IWM: "IWM (Russell 2000)" };

/** The fund whose stored holdings make the best real universe: the Russell 3000 fund. */
export const UNIVERSE_FUND = "IWV";

/** "IWV holdings of 2025-05-02 (IWV_holdings_2025-05-02.csv)": the file name, never its folder. */
export function snapshotLabel(s: HoldingSnapshotSource): string {
  let from = "";
  if (s.importKind === "file" && s.importRef) from = ` (${basename(s.importRef)})`;
  else if (s.importKind === "url" && s.importRef) {
    try {
      from = ` (downloaded from ${new URL(s.importRef).host})`;
    } catch {
      from = "";
    }
  }
  return `${s.fund} holdings of ${s.asOf}${from}`;
}

const list = (dates: readonly string[]) => dates.join(", ");

/** "A and B" / "A, B and C". */
const andList = (items: readonly string[]) =>
  items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;

function needStore(store: Store | null, what: string): Store {
  if (!store) throw new Error(`a store is needed for ${what}`);
  return store;
}

/** A stored fund's holdings as the universe (`stored:FUND[:DATE]`). */
async function storedUniverse(
  store: Store,
  fund: string,
  date: string | undefined,
  rankDate: string | undefined,
  scale?: number,
  tickerMap?: Readonly<Record<string, string>>,
): Promise<LoadedUniverse> {
  const snaps = await listHoldingSnapshotSources(store, fund);
  if (snaps.length === 0) {
    throw new ReconInputError(`no ${fund} holdings stored: import an iShares ${fund} holdings file first (r2k import FILE)`, "noData");
  }
  let snap: HoldingSnapshotSource | undefined;
  if (date) {
    snap = snaps.find((s) => s.asOf === date);
    if (!snap) throw new ReconInputError(`no ${fund} holdings stored for ${date} (stored: ${list(snaps.map((s) => s.asOf))})`, "noData");
  } else if (rankDate) {
    snap = snaps.filter((s) => s.asOf <= rankDate).at(-1);
    if (!snap) throw new ReconInputError(`no ${fund} holdings stored on or before ${rankDate} (stored: ${list(snaps.map((s) => s.asOf))})`, "noData");
  } else snap = snaps[snaps.length - 1];
  const holdings = await readHoldings(store, fund, snap.asOf);
  const label = snap.source === "demo" ? `demo ${snapshotLabel(snap)}` : snapshotLabel(snap);
  const u = universeFromHoldingRows({ fund, asOf: snap.asOf, holdings, lines: null }, `stored ${label}`, { scale });
  const inFundDollars: LoadedUniverse = {
    label,
    asOf: snap.asOf,
    demo: snap.source === "demo",
    securities: u.securities,
    suggestedRules: u.suggestedRules,
    capBasis: u.capBasis,
    notes: [...u.notes, ...skippedNote(u.skipped.length)],
  };
  // A scale asks for scaled fund dollars; the demo market has no SEC filings.
  if (scale !== undefined || snap.source === "demo") return inFundDollars;
  const companies = await companyUniverse(store, { fund, asOf: snap.asOf, holdings }, rankDate ?? snap.asOf, { tickerMap });
  if (!companies.securities) {
    const why =
      companies.coverage > 0
        ? `ranked by the fund's dollars: company caps (SEC shares x the rank-day close) cover only ${(companies.coverage * 100).toFixed(1)}% of the fund's value, below ${MIN_COMPANY_COVERAGE * 100}%; ${COMPANY_CAPS_NEED} for the others`
        : `ranked by the fund's dollars; ${COMPANY_CAPS_NEED}`;
    return { ...inFundDollars, notes: [why, ...inFundDollars.notes] };
  }
  const ids = new Set(companies.securities.map((s) => s.companyId));
  // Lines without a location are out only when EDGAR gives no country either.
  const otherSkips = u.skipped.filter((s) => s.reason !== "no location").length + companies.skipped.filter((s) => s.reason === "no location").length;
  return {
    label,
    asOf: snap.asOf,
    demo: false,
    securities: companies.securities,
    // The minimum cap applies again: caps are company dollars.
    suggestedRules: { countries: null },
    capBasis: "company",
    capSources: ["SEC cover-page shares outstanding:sec", `closes of ${rankDate ?? snap.asOf}`],
    notes: [
      ...companies.notes,
      ...skippedNote(otherSkips),
    ],
    companyKey: (h) => {
      const key = companies.companyKey(h);
      return key !== undefined && ids.has(key) ? key : undefined;
    },
  };
}

function skippedNote(count: number): string[] {
  return count ? [`${count.toLocaleString("en-US")} non-equity, unlisted or unpriced lines left out`] : [];
}

const NO_DEMO =
  "no demo universe in this store: the demo market lives in its own file (`r2k demo` generates it, --demo reads it), or pass --universe FILE";

/**
 * The universe a request without one gets: the latest real IWV holdings (on or before the rank
 * date when one is given), else the stored demo universe, else null (nothing to rank).
 */
export async function defaultUniverseSpec(store: Store, rankDate?: string): Promise<string | null> {
  const real = (await listHoldingSnapshotSources(store, UNIVERSE_FUND)).filter((s) => s.source !== "demo" && (!rankDate || s.asOf <= rankDate));
  if (real.length > 0) return `stored:${UNIVERSE_FUND}`;
  if ((await listUniverseDates(store, "demo")).length > 0) return "demo";
  return null;
}

/**
 * `FILE`, `stored:FUND[:DATE]` (a stored fund's holdings, latest or latest on or before
 * --rank-date unless dated), `demo` (latest stored demo universe, or the latest on or before
 * --rank-date) or `demo:DATE`. `before` picks the latest stored demo universe strictly before
 * that date.
 */
export async function loadUniverse(
  spec: string,
  store: Store | null,
  opts: { rankDate?: string; before?: string; scale?: number; tickerMap?: Readonly<Record<string, string>> } = {},
): Promise<LoadedUniverse> {
  const stored = STORED.exec(spec);
  if (stored) return storedUniverse(needStore(store, "stored holdings"), stored[1].toUpperCase(), stored[2], opts.rankDate, opts.scale, opts.tickerMap);
  const m = DEMO.exec(spec);
  if (!m) {
    const u: UniverseInput = readUniverseFile(spec, { scale: opts.scale });
    return {
      label: u.fund ? `${basename(spec)} (${u.fund} holdings of ${u.asOf})` : basename(spec),
      asOf: u.asOf,
      demo: false,
      securities: u.securities,
      suggestedRules: u.suggestedRules,
      capBasis: u.capBasis,
      notes: [...u.notes, ...skippedNote(u.skipped.length)],
    };
  }
  const s = needStore(store, "the demo universe");
  const dates = await listUniverseDates(s, "demo");
  if (dates.length === 0) throw new ReconInputError(NO_DEMO, "noData");
  let asOf: string | undefined;
  if (m[1]) {
    asOf = dates.find((d) => d === m[1]);
    if (!asOf) throw new ReconInputError(`no demo universe stored for ${m[1]} (stored: ${list(dates)})`, "noData");
  } else if (opts.before) {
    asOf = dates.find((d) => d < (opts.before as string));
    if (!asOf) throw new ReconInputError(`no demo universe stored before ${opts.before} to use as the previous membership`, "noData");
  } else {
    asOf = opts.rankDate ? dates.find((d) => d <= (opts.rankDate as string)) : dates[0];
    if (!asOf) throw new ReconInputError(`no demo universe stored on or before ${opts.rankDate}`, "noData");
  }
  return {
    label: `demo universe of ${asOf}`,
    asOf,
    demo: true,
    securities: await readUniverseSecurities(s, "demo", asOf),
    suggestedRules: {},
    capBasis: "company",
    notes: [],
  };
}

/** Why a previous membership dated `asOf` cannot describe the time before `rankDay` (null: it can). */
function notBefore(asOf: string | null, rankDay: string | null): string | null {
  if (!asOf || !rankDay || asOf < rankDay) return null;
  return asOf === rankDay ? `dated on the rank day ${rankDay}` : `dated after the rank day ${rankDay}`;
}

function refuseLater(what: string, asOf: string, rankDay: string): never {
  throw new ReconInputError(`${what}: ${notBefore(asOf, rankDay)}; a previous membership must be dated before the rank day`, "usage");
}

export interface LoadedPrevious {
  prior: Map<string, PriorStatus>;
  labels: string[];
  demo: boolean;
  /** Inputs chosen by default but left out (dated on or after the rank day), in words. */
  warnings: string[];
}

/**
 * A stored fund's membership: every listed constituent was in the fund's index. Keyed by
 * ticker, or by the company id of a company universe (its SEC filer), so a company matches
 * whichever of its classes each fund lists.
 */
async function fundMembership(store: Store, snap: HoldingSnapshotSource, current?: LoadedUniverse): Promise<Map<string, PriorStatus>> {
  const status = FUND_INDEX[snap.fund];
  const prior = new Map<string, PriorStatus>();
  for (const h of await readHoldings(store, snap.fund, snap.asOf)) if (isConstituent(h)) prior.set(current?.companyKey?.(h) ?? h.ticker, status);
  return prior;
}

/**
 * `stored`: for IWB and IWM, the latest stored snapshot dated before the rank day (of the same
 * kind as the universe: real for a real universe, demo for the demo). Later snapshots are left
 * out with a warning.
 */
async function defaultStoredPrevious(store: Store, current: LoadedUniverse, rankDay: string | null, into: LoadedPrevious): Promise<boolean> {
  const later: string[] = [];
  const laterDates: string[] = [];
  const missing: string[] = [];
  let found = false;
  for (const fund of Object.keys(FUND_INDEX)) {
    const snaps = (await listHoldingSnapshotSources(store, fund)).filter((s) => (s.source === "demo") === current.demo);
    const usable = snaps.filter((s) => notBefore(s.asOf, rankDay) === null);
    const pick = usable.at(-1);
    if (pick) {
      for (const [k, v] of await fundMembership(store, pick, current)) into.prior.set(k, v);
      into.labels.push(`stored ${snapshotLabel(pick)}`);
      into.demo ||= pick.source === "demo";
      found = true;
    } else if (snaps.length > 0) {
      const last = snaps[snaps.length - 1].asOf;
      later.push(`${fund} holdings of ${last}`);
      laterDates.push(last);
    } else missing.push(FUND_LABEL[fund]);
  }
  if (later.length > 0) {
    const sameDay = laterDates.some((d) => d === rankDay);
    into.warnings.push(
      `${andList(later)} are dated ${sameDay ? "on or after" : "after"} the rank day ${rankDay}; not used as the previous membership` +
        (found ? "" : ": ranks without banding"),
    );
  } else if (!found) {
    into.warnings.push(`no ${missing.join(" or ")} holdings stored${rankDay ? ` before the rank day ${rankDay}` : ""}: ranks without banding`);
  }
  return found;
}

/**
 * Previous membership from `--previous` inputs (later ones win on overlaps). Every input must
 * be dated before the rank day: an input named explicitly and dated on or after it is refused;
 * `stored` (the default of the API) leaves such snapshots out with a warning.
 */
export async function loadPrevious(
  specs: readonly string[],
  store: Store | null,
  current: LoadedUniverse,
  rules: Partial<Rules>,
  scale?: number,
  rankDay: string | null = current.asOf,
): Promise<LoadedPrevious | null> {
  if (specs.length === 0) return null;
  const out: LoadedPrevious = { prior: new Map(), labels: [], demo: false, warnings: [] };
  let any = false;
  const byRank = (u: UniverseSecurity[], r: Partial<Rules>) => {
    const res = reconstitute(u, { rules: r });
    for (const c of res.companies) out.prior.set(c.companyId, c.index);
  };
  for (const spec of specs) {
    if (spec === STORED_PREVIOUS) {
      any = (await defaultStoredPrevious(needStore(store, "stored holdings"), current, rankDay, out)) || any;
      continue;
    }
    const stored = STORED.exec(spec);
    if (stored) {
      const s = needStore(store, "stored holdings");
      const fund = stored[1].toUpperCase();
      if (!FUND_INDEX[fund]) {
        throw new ReconInputError(`stored:${stored[1]}: only IWB (Russell 1000) and IWM (Russell 2000) holdings define a previous membership`, "usage");
      }
      const snaps = await listHoldingSnapshotSources(s, fund);
      const date = stored[2];
      let snap: HoldingSnapshotSource | undefined;
      if (date) {
        snap = snaps.find((x) => x.asOf === date);
        if (snap && rankDay && notBefore(snap.asOf, rankDay)) refuseLater(`previous membership stored:${fund}:${date}, ${snapshotLabel(snap)}`, date, rankDay);
      } else {
        snap = snaps.filter((x) => notBefore(x.asOf, rankDay) === null).at(-1);
        if (!snap && snaps.length > 0 && rankDay) {
          throw new ReconInputError(
            `previous membership stored:${fund}: every stored ${fund} snapshot (${list(snaps.map((x) => x.asOf))}) is dated on or after the rank day ${rankDay}; a previous membership must be dated before the rank day`,
            "usage",
          );
        }
      }
      if (!snap) {
        throw new ReconInputError(`no ${fund} holdings stored${date ? ` for ${date}` : ""}: import a holdings file (the synthetic demo market has its own: \`r2k demo\`, then --demo)`, "noData");
      }
      for (const [k, v] of await fundMembership(s, snap, current)) out.prior.set(k, v);
      out.labels.push(`stored ${snapshotLabel(snap)}`);
      out.demo ||= snap.source === "demo";
      any = true;
      continue;
    }
    if (isDemoSpec(spec)) {
      const s = needStore(store, "the demo universe");
      any = true;
      if (spec === "demo") {
        // The demo universe before the current one, else the demo's own IWM holdings: they
        // stand for its Russell 2000 as at the last reconstitution (dated like the universe).
        const dates = await listUniverseDates(s, "demo");
        if (!dates.some((d) => current.asOf === null || d < current.asOf)) {
          const iwm = (await listHoldingSnapshotSources(s, "IWM")).filter((x) => x.source === "demo").at(-1);
          if (iwm) {
            for (const [k, v] of await fundMembership(s, iwm)) out.prior.set(k, v);
            out.labels.push(`stored IWM holdings of ${iwm.asOf}`);
            out.demo = true;
            continue;
          }
        }
      }
      const u = await loadUniverse(spec, s, spec === "demo" ? { before: current.asOf ?? undefined } : {});
      if (rankDay && u.asOf && notBefore(u.asOf, rankDay)) refuseLater(`previous membership ${spec}, ${u.label}`, u.asOf, rankDay);
      byRank(u.securities, rules);
      out.labels.push(`${u.label}, ranked`);
      out.demo = true;
      continue;
    }
    const p = readPreviousFile(spec, { scale });
    if (rankDay && p.asOf && notBefore(p.asOf, rankDay)) refuseLater(`previous membership ${basename(spec)}, ${p.source.replace(/, ranked$/, "")}`, p.asOf, rankDay);
    if (p.kind === "membership") {
      for (const [k, v] of p.prior) out.prior.set(k, v);
    } else {
      byRank(p.universe.securities, { ...p.universe.suggestedRules, ...rules });
    }
    out.labels.push(p.source);
    any = true;
  }
  if (!any) return out.warnings.length ? { ...out, prior: new Map() } : null;
  return out;
}

/** A company ranked on several share classes. */
export interface ShareClassRow {
  companyId: string;
  tickers: string[];
  names: string[];
}

export interface ReconReport {
  universe: string;
  previous: string[];
  demo: boolean;
  capBasis: CapBasis;
  /** What company caps rest on besides the universe (SEC shares, closes); empty otherwise. */
  capSources: string[];
  notes: string[];
  /** Companies the universe lists with more than one security, in universe order. */
  shareClasses: ShareClassRow[];
  result: ReconResult;
}

export interface ReconRequest {
  /** FILE, stored:FUND[:DATE], demo or demo:DATE; absent: the best stored universe. */
  universe?: string;
  /**
   * FILE, demo, stored, stored:FUND[:DATE] (later ones win on overlaps); "default": `stored`
   * for a real universe, `demo` for the demo universe.
   */
  previous: string[] | "default";
  rankDate?: string;
  /** Holdings universes: multiply the fund's quantities. */
  scale?: number;
  /** Rules that override what the input suggests. */
  rules: Partial<Rules>;
  /** The user's symbol map (config `constituents.tickerMap`): finds holdings' SEC filers and closes. */
  tickerMap?: Readonly<Record<string, string>>;
}

function shareClassesOf(securities: readonly UniverseSecurity[]): ShareClassRow[] {
  const by = new Map<string, ShareClassRow>();
  for (const s of securities) {
    if (!s.companyId) continue;
    let row = by.get(s.companyId);
    if (!row) by.set(s.companyId, (row = { companyId: s.companyId, tickers: [], names: [] }));
    row.tickers.push(s.ticker);
    row.names.push(s.name);
  }
  return [...by.values()].filter((r) => r.tickers.length > 1);
}

export async function runRecon(store: Store | null, req: ReconRequest): Promise<ReconReport> {
  try {
    let spec = req.universe;
    if (spec === undefined) {
      const best = store ? await defaultUniverseSpec(store, req.rankDate) : null;
      if (!best) {
        throw new ReconInputError(
          "no stored universe: import an iShares Russell 3000 (IWV) holdings file (r2k import FILE), or use the synthetic demo market (`r2k demo`, then --demo)",
          "noData",
        );
      }
      spec = best;
    }
    const universe = await loadUniverse(spec, store, { rankDate: req.rankDate, scale: req.scale, tickerMap: req.tickerMap });
    const rules = { ...universe.suggestedRules, ...req.rules };
    const rankDay = req.rankDate ?? universe.asOf;
    const specs = req.previous === "default" ? [universe.demo ? "demo" : STORED_PREVIOUS] : req.previous;
    const previous = await loadPrevious(specs, store, universe, rules, req.scale, rankDay);
    const banding = previous !== null && previous.labels.length > 0;
    const result = reconstitute(universe.securities, {
      rules,
      prior: banding ? previous.prior : null,
      rankDate: rankDay,
      capBasis: universe.capBasis,
    });
    result.warnings.unshift(...(previous?.warnings ?? []));
    return {
      universe: universe.label,
      previous: banding ? previous.labels : [],
      demo: universe.demo || (previous?.demo ?? false),
      capBasis: universe.capBasis,
      capSources: universe.capSources ?? [],
      notes: universe.notes,
      shareClasses: shareClassesOf(universe.securities),
      result,
    };
  } catch (err) {
    // Engine rejections (duplicate ids, impossible rules) and bad stored rows are bad input.
    if (err instanceof IndexEngineError) throw new ReconInputError(`rejected: ${err.message}`, "invalid");
    if (err instanceof InputError) throw new ReconInputError(err.message, "invalid");
    throw err;
  }
}

/** Keys whose numbers are dollar amounts (or fund share counts) rather than ranks or shares. */
const DOLLAR_KEY_LIST = [
  "totalCap",
  "floatCap",
  "largestCap",
  "smallestCap",
  "medianCap",
  "largestCapInBand",
  "smallestCapInBand",
  "eligibleCap",
  "sharesOutstanding",
  "floatShares",
  "iwf",
] as const;
const DOLLAR_KEYS: ReadonlySet<string> = new Set(DOLLAR_KEY_LIST);

/** T as `forDisplay` returns it: every number under a dollar key may be null. */
export type Displayed<T> = T extends readonly (infer U)[]
  ? T extends unknown[]
    ? Displayed<U>[]
    : readonly Displayed<U>[]
  : T extends object
    ? { [K in keyof T]: K extends (typeof DOLLAR_KEY_LIST)[number] ? (T[K] extends number ? number | null : T[K]) : Displayed<T[K]> }
    : T;

/**
 * A copy of `value` fit to show for the cap basis: with fund dollars every dollar amount (and
 * the fund's share counts standing in for shares outstanding) becomes null, so no face prints
 * a fund's holding as a company cap. Ranks, cumulative percentiles, shares and weights stay.
 */
export function forDisplay<T>(value: T, capBasis: CapBasis): Displayed<T> {
  if (capBasis !== "fund-dollars") return value as Displayed<T>;
  const walk = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(walk);
    if (x === null || typeof x !== "object") return x;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(x)) out[k] = DOLLAR_KEYS.has(k) && typeof v === "number" ? null : walk(v);
    return out;
  };
  return walk(value) as Displayed<T>;
}
