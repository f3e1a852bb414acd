/**
 * Reconstitution preview use case: loads a universe (a file, or the stored demo universe) and a
 * previous membership (files, the demo, or stored IWM/IWB holdings), then runs the pure index
 * engine. Used by `r2k recon` and the HTTP API's /api/recon.
 */
import {
  IndexEngineError,
  reconstitute,
  type PriorStatus,
  type ReconResult,
  type Rules,
  type UniverseSecurity,
} from "../core/index-engine/index.ts";
import { isConstituent } from "../model/index.ts";
import { readPreviousFile, readUniverseFile, type UniverseInput } from "../sources/files/universe.ts";
import { readHoldings, type Store } from "../store/index.ts";

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
  notes: string[];
}

const DEMO = /^demo(?::(\d{4}-\d{2}-\d{2}))?$/;

const STORED = /^stored:([A-Za-z0-9^._-]+)(?::(\d{4}-\d{2}-\d{2}))?$/;

export const isDemoSpec = (spec: string) => DEMO.test(spec);
/** Inputs read from the store: `demo[:DATE]` and `stored:FUND[:DATE]`. */
export const needsStoreSpec = (spec: string) => DEMO.test(spec) || STORED.test(spec);

const FUND_INDEX: Record<string, PriorStatus> = { IWB: "1000", IWM: "2000" };

/** Stored holdings of IWB or IWM as a previous membership (latest snapshot unless dated). */
async function storedFundMembership(
  store: Store,
  fund: string,
  asOf?: string,
): Promise<{ prior: Map<string, PriorStatus>; label: string; demo: boolean } | null> {
  const status = FUND_INDEX[fund.toUpperCase()];
  if (!status) {
    throw new ReconInputError(`stored:${fund}: only IWB (Russell 1000) and IWM (Russell 2000) holdings define a previous membership`, "usage");
  }
  const holdings = await readHoldings(store, fund.toUpperCase(), asOf);
  if (holdings.length === 0) return null;
  const date = holdings[0].asOf;
  const source = await store.scalar(`select min(source) from holdings where fund = $1 and as_of = $2::date`, [fund.toUpperCase(), date]);
  const prior = new Map<string, PriorStatus>();
  for (const h of holdings) if (isConstituent(h)) prior.set(h.ticker, status);
  return { prior, label: `stored ${fund.toUpperCase()} holdings of ${date}`, demo: source === "demo" };
}

/** Stored universe dates (newest first), for `demo` and `demo:DATE`. */
async function demoDates(store: Store): Promise<string[]> {
  const rows = await store.rows<{ d: string }>(
    `select distinct as_of::varchar as d from securities where universe = 'demo' order by d desc`,
  );
  return rows.map((r) => r.d);
}

async function demoUniverse(store: Store, asOf: string): Promise<UniverseSecurity[]> {
  const rows = await store.rows<Record<string, unknown>>(
    `select id, ticker, name, sector, country, shares_outstanding, float_shares, price, security_type, earnings, book_value
     from securities where universe = 'demo' and as_of = $1::date order by id`,
    [asOf],
  );
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return rows.map((r) => ({
    id: String(r.id),
    ticker: String(r.ticker),
    name: String(r.name),
    sector: (r.sector as string | null) ?? null,
    country: String(r.country),
    sharesOutstanding: Number(r.shares_outstanding),
    floatShares: Number(r.float_shares),
    price: Number(r.price),
    securityType: (r.security_type as string | null) ?? null,
    earnings: num(r.earnings),
    bookValue: num(r.book_value),
  }));
}

const NO_DEMO =
  "no demo universe in this store: the demo market lives in its own file (`r2k demo` generates it, --demo reads it), or pass --universe FILE";

/**
 * `FILE`, `demo` (latest stored demo universe, or the latest on or before --rank-date) or
 * `demo:DATE`. `before` picks the latest stored demo universe strictly before that date.
 */
export async function loadUniverse(
  spec: string,
  store: Store | null,
  opts: { rankDate?: string; before?: string; scale?: number } = {},
): Promise<LoadedUniverse> {
  const m = DEMO.exec(spec);
  if (!m) {
    const u: UniverseInput = readUniverseFile(spec, { scale: opts.scale });
    return {
      label: u.fund ? `${spec} (${u.fund} holdings, ${u.asOf})` : spec,
      asOf: u.asOf,
      demo: false,
      securities: u.securities,
      suggestedRules: u.suggestedRules,
      notes: [
        ...u.notes,
        ...(u.skipped.length ? [`${u.skipped.length.toLocaleString("en-US")} non-equity, unlisted or unpriced lines left out`] : []),
      ],
    };
  }
  if (!store) throw new Error("a store is needed for the demo universe");
  const dates = await demoDates(store);
  if (dates.length === 0) throw new ReconInputError(NO_DEMO, "noData");
  let asOf: string | undefined;
  if (m[1]) {
    asOf = dates.find((d) => d === m[1]);
    if (!asOf) throw new ReconInputError(`no demo universe stored for ${m[1]} (stored: ${dates.join(", ")})`, "noData");
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
    securities: await demoUniverse(store, asOf),
    suggestedRules: {},
    notes: [],
  };
}

/** Previous membership from one or more `--previous` inputs (later files win on overlaps). */
export async function loadPrevious(
  specs: readonly string[],
  store: Store | null,
  current: LoadedUniverse,
  rules: Partial<Rules>,
  scale?: number,
): Promise<{ prior: Map<string, PriorStatus>; labels: string[]; demo: boolean } | null> {
  if (specs.length === 0) return null;
  const prior = new Map<string, PriorStatus>();
  const labels: string[] = [];
  let demo = false;
  const byRank = (u: UniverseSecurity[], r: Partial<Rules>) => {
    const res = reconstitute(u, { rules: r });
    for (const c of res.companies) prior.set(c.companyId, c.index);
  };
  for (const spec of specs) {
    const stored = STORED.exec(spec);
    if (stored) {
      if (!store) throw new Error("a store is needed for stored holdings");
      const m = await storedFundMembership(store, stored[1], stored[2]);
      if (!m) throw new ReconInputError(`no ${stored[1].toUpperCase()} holdings stored${stored[2] ? ` for ${stored[2]}` : ""}: import a holdings file or run \`r2k demo\``, "noData");
      for (const [k, v] of m.prior) prior.set(k, v);
      labels.push(m.label);
      demo ||= m.demo;
      continue;
    }
    if (isDemoSpec(spec)) {
      if (!store) throw new Error("a store is needed for the demo universe");
      if (spec === "demo") {
        // The demo universe before the current one, else the demo's own IWM holdings (its
        // Russell 2000 as at the last reconstitution).
        const dates = await demoDates(store);
        if (!dates.some((d) => current.asOf === null || d < current.asOf)) {
          const m = await storedFundMembership(store, "IWM");
          if (m && m.demo) {
            for (const [k, v] of m.prior) prior.set(k, v);
            labels.push(m.label);
            demo = true;
            continue;
          }
        }
      }
      const u = await loadUniverse(spec, store, spec === "demo" ? { before: current.asOf ?? undefined } : {});
      byRank(u.securities, rules);
      labels.push(`${u.label}, ranked`);
      demo = true;
      continue;
    }
    const p = readPreviousFile(spec, { scale });
    if (p.kind === "membership") {
      for (const [k, v] of p.prior) prior.set(k, v);
      labels.push(p.source);
    } else {
      byRank(p.universe.securities, { ...p.universe.suggestedRules, ...rules });
      labels.push(p.source);
    }
  }
  return { prior, labels, demo };
}

export interface ReconReport {
  universe: string;
  previous: string[];
  demo: boolean;
  notes: string[];
  result: ReconResult;
}

export interface ReconRequest {
  /** FILE, demo or demo:DATE. */
  universe: string;
  /** FILE, demo, stored:FUND[:DATE] (later ones win on overlaps). */
  previous: string[];
  rankDate?: string;
  /** Holdings universes: multiply the fund's quantities. */
  scale?: number;
  /** Rules that override what the input suggests. */
  rules: Partial<Rules>;
}

export async function runRecon(store: Store | null, req: ReconRequest): Promise<ReconReport> {
  try {
    const universe = await loadUniverse(req.universe, store, { rankDate: req.rankDate, scale: req.scale });
    const rules = { ...universe.suggestedRules, ...req.rules };
    const previous = await loadPrevious(req.previous, store, universe, rules, req.scale);
    const result = reconstitute(universe.securities, { rules, prior: previous?.prior ?? null, rankDate: req.rankDate ?? universe.asOf });
    return {
      universe: universe.label,
      previous: previous?.labels ?? [],
      demo: universe.demo || (previous?.demo ?? false),
      notes: universe.notes,
      result,
    };
  } catch (err) {
    // Engine rejections (duplicate ids, impossible rules) are bad input.
    if (err instanceof IndexEngineError) throw new ReconInputError(`rejected: ${err.message}`, "invalid");
    throw err;
  }
}
