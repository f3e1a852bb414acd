import { placeCompanies, type Band, type Breakpoint, type PlacedCompany } from "./bands.ts";
import { companyIdOf, rankUniverse, securityFloatCap, type IneligibleSecurity } from "./rank.ts";
import { normalizeSecurityType, resolveRules, type Rules } from "./rules.ts";
import type { CapBasis, PriorMembership, PriorStatus, UniverseSecurity } from "../../model/universe.ts";
import { INDEX_LABELS, INDEX_NAMES, type IndexName, type SizeIndex } from "./types.ts";
import { investableWeight } from "./weights.ts";

export interface ReconOptions {
  /** Overrides of DEFAULT_RULES. */
  rules?: Partial<Rules>;
  /** Previous membership; null or absent: membership by rank alone (no banding). */
  prior?: PriorMembership | null;
  /** Label only: the rank day the universe describes. */
  rankDate?: string | null;
  /** Label only: what the caps measure (default "company"); faces decide how to show them. */
  capBasis?: CapBasis;
}

/** One line an index holds. */
export interface Constituent {
  securityId: string;
  ticker: string;
  companyId: string;
  name: string;
  sector: string | null;
  rank: number;
  price: number;
  sharesOutstanding: number;
  floatShares: number;
  /** Investable weight factor (float / shares outstanding). */
  iwf: number;
  floatCap: number;
  /** Share of the index's float cap, 0..1. */
  weight: number;
}

export interface IndexSummary {
  name: IndexName;
  label: string;
  companies: number;
  securities: number;
  totalCap: number;
  floatCap: number;
  largestCap: number | null;
  smallestCap: number | null;
  medianCap: number | null;
  /** Members' total cap over the total cap of every eligible company, 0..1. */
  capShare: number;
  /** Best and worst rank among the members (null when empty). */
  firstRank: number | null;
  lastRank: number | null;
  /** In rank order. */
  constituents: Constituent[];
}

export type ChangeTarget = SizeIndex | "ineligible" | "absent";

export interface ChangeRow {
  companyId: string;
  ticker: string;
  name: string;
  rank: number | null;
  totalCap: number | null;
  /** Total cap over the total cap of every eligible company, 0..1 (null: not ranked). */
  capShare: number | null;
  /** Float cap at the universe's prices; null when the company is not in the universe. */
  floatCap: number | null;
  from: PriorStatus | null;
  to: ChangeTarget;
  reason: string;
}

export interface IndexChanges {
  index: "r1000" | "r2000" | "r3000";
  priorCount: number;
  newCount: number;
  adds: ChangeRow[];
  deletes: ChangeRow[];
  /** Float cap of the adds over the float cap of the new index. */
  addWeight: number;
  /**
   * Float cap of the deletes over the float cap of all previous members, both at the
   * universe's prices; only previous members present in the universe count.
   */
  deleteWeight: number;
  /** Deletes absent from the universe (no price, so not in deleteWeight). */
  deletesWithoutData: number;
  /** One-way turnover by weight: (addWeight + deleteWeight) / 2. */
  turnoverByWeight: number;
  /** (adds + deletes) / (previous count + new count). */
  turnoverByCount: number;
}

/**
 * Changes per index. An index the previous membership says nothing about (no company marked
 * 1000, or none marked 2000; the R3000 needs both) has null changes: with only an IWM file,
 * "adds to the Russell 1000" would list every large company.
 */
export interface ReconChanges {
  r1000: IndexChanges | null;
  r2000: IndexChanges | null;
  r3000: IndexChanges | null;
  migrations: { up: ChangeRow[]; down: ChangeRow[] };
}

export interface ReconResult {
  rankDate: string | null;
  /** What the caps measure (see CapBasis): with "fund-dollars" show ranks and shares, not dollars. */
  capBasis: CapBasis;
  rules: Rules;
  /** True when a previous membership was given and banding applied. */
  banding: boolean;
  universe: {
    securities: number;
    companies: number;
    eligibleCompanies: number;
    eligibleSecurities: number;
    ineligibleSecurities: number;
  };
  /** Total cap of every eligible company: the denominator of every capShare. */
  eligibleCap: number;
  breakpoints: { r1000: Breakpoint | null; r3000: Breakpoint | null; r3000e: Breakpoint | null };
  bands: { r1000: Band | null; r3000: Band | null };
  /** Every eligible company in rank order with its placement. */
  companies: PlacedCompany[];
  ineligible: IneligibleSecurity[];
  indexes: Record<IndexName, IndexSummary>;
  changes: ReconChanges | null;
  warnings: string[];
}

const memberOf: Record<IndexName, (c: PlacedCompany) => boolean> = {
  r3000e: (c) => c.r3000e,
  r3000: (c) => c.index !== "out",
  r1000: (c) => c.index === "1000",
  r2000: (c) => c.index === "2000",
  microcap: (c) => c.microcap,
};

function summarize(name: IndexName, companies: readonly PlacedCompany[], eligibleCap: number): IndexSummary {
  const members = companies.filter(memberOf[name]);
  const constituents: Constituent[] = [];
  let floatCap = 0;
  let totalCap = 0;
  for (const c of members) {
    totalCap += c.totalCap;
    for (const s of c.securities) {
      const fc = securityFloatCap(s);
      floatCap += fc;
      constituents.push({
        securityId: s.id,
        ticker: s.ticker,
        companyId: c.companyId,
        name: s.name,
        sector: s.sector,
        rank: c.rank,
        price: s.price,
        sharesOutstanding: s.sharesOutstanding,
        floatShares: s.floatShares,
        iwf: investableWeight(s.floatShares, s.sharesOutstanding),
        floatCap: fc,
        weight: 0,
      });
    }
  }
  for (const k of constituents) k.weight = floatCap > 0 ? k.floatCap / floatCap : 0;
  const caps = members.map((c) => c.totalCap).sort((a, b) => a - b);
  const n = caps.length;
  return {
    name,
    label: INDEX_LABELS[name],
    companies: n,
    securities: constituents.length,
    totalCap,
    floatCap,
    largestCap: n ? caps[n - 1] : null,
    smallestCap: n ? caps[0] : null,
    medianCap: n ? (n % 2 ? caps[(n - 1) / 2] : (caps[n / 2 - 1] + caps[n / 2]) / 2) : null,
    capShare: eligibleCap > 0 ? totalCap / eligibleCap : 0,
    firstRank: n ? members[0].rank : null,
    lastRank: n ? members[n - 1].rank : null,
    constituents,
  };
}

interface PriorCompany {
  key: string;
  status: PriorStatus;
  placed: PlacedCompany | null;
  /** Float cap of the company's common securities at the universe's prices (null: absent). */
  floatCap: number | null;
  ticker: string;
  name: string;
  ineligibleReasons: string[] | null;
}

/** Resolves previous-membership keys (company or security ids, tickers) to companies. */
function priorCompanies(
  prior: PriorMembership,
  placed: readonly PlacedCompany[],
  universe: readonly UniverseSecurity[],
  ineligible: readonly IneligibleSecurity[],
  rules: Rules,
): PriorCompany[] {
  const placedByKey = new Map<string, PlacedCompany>();
  for (const c of placed) {
    placedByKey.set(c.companyId, c);
    for (const s of c.securities) {
      if (s.id !== c.companyId) placedByKey.set(s.id, c);
      if (s.ticker !== s.id && !placedByKey.has(s.ticker)) placedByKey.set(s.ticker, c);
    }
  }
  const excluded = new Set(rules.excludedSecurityTypes);
  const companyOfKey = new Map<string, string>();
  const secsByCompany = new Map<string, UniverseSecurity[]>();
  for (const s of universe) {
    const cid = companyIdOf(s);
    companyOfKey.set(s.id, cid);
    if (s.ticker !== s.id && !companyOfKey.has(s.ticker)) companyOfKey.set(s.ticker, cid);
    if (cid !== s.id) companyOfKey.set(cid, cid);
    let list = secsByCompany.get(cid);
    if (!list) secsByCompany.set(cid, (list = []));
    list.push(s);
  }
  const reasonsByCompany = new Map<string, string[]>();
  for (const x of ineligible) {
    const list = reasonsByCompany.get(x.companyId) ?? [];
    for (const r of x.reasons) if (!list.includes(r)) list.push(r);
    reasonsByCompany.set(x.companyId, list);
  }
  const commonFloatCap = (cid: string) => {
    let v = 0;
    for (const s of secsByCompany.get(cid) ?? []) {
      const t = normalizeSecurityType(s.securityType);
      if (t === null || !excluded.has(t)) v += securityFloatCap(s);
    }
    return v;
  };

  const out = new Map<string, PriorCompany>();
  for (const [key, status] of prior) {
    const placedCompany = placedByKey.get(key) ?? null;
    const cid = placedCompany?.companyId ?? companyOfKey.get(key) ?? null;
    const id = cid ?? `absent:${key}`;
    if (out.has(id)) continue;
    if (placedCompany) {
      out.set(id, {
        key,
        status: placedCompany.prior ?? status,
        placed: placedCompany,
        floatCap: commonFloatCap(placedCompany.companyId),
        ticker: placedCompany.ticker,
        name: placedCompany.name,
        ineligibleReasons: null,
      });
    } else if (cid !== null) {
      const secs = secsByCompany.get(cid) ?? [];
      out.set(id, {
        key,
        status,
        placed: null,
        floatCap: commonFloatCap(cid),
        ticker: secs[0]?.ticker ?? key,
        name: secs[0]?.name ?? "",
        ineligibleReasons: reasonsByCompany.get(cid) ?? ["not ranked"],
      });
    } else {
      out.set(id, { key, status, placed: null, floatCap: null, ticker: key, name: "", ineligibleReasons: null });
    }
  }
  return [...out.values()];
}

const sideLabel = (s: PriorStatus | SizeIndex | null) =>
  s === "1000" ? "R1000" : s === "2000" ? "R2000" : s === "out" ? "outside the R3000" : "new";

/** A total cap as a share of the eligible universe's total cap. */
type ShareOf = (totalCap: number | null) => number | null;

function changeRow(p: PriorCompany, share: ShareOf): ChangeRow {
  const c = p.placed;
  let to: ChangeTarget;
  let reason: string;
  if (c) {
    to = c.index;
    reason =
      c.index === "out"
        ? `ranked ${c.rank}, outside the R3000`
        : `moved to ${sideLabel(c.index)} (rank ${c.rank}${c.banded ? ", banded" : ""})`;
  } else if (p.ineligibleReasons) {
    to = "ineligible";
    reason = `ineligible: ${p.ineligibleReasons.join("; ")}`;
  } else {
    to = "absent";
    reason = "not in the universe";
  }
  return {
    companyId: c?.companyId ?? p.key,
    ticker: p.ticker,
    name: p.name,
    rank: c?.rank ?? null,
    totalCap: c?.totalCap ?? null,
    capShare: share(c?.totalCap ?? null),
    floatCap: p.floatCap,
    from: p.status,
    to,
    reason,
  };
}

function addRow(c: PlacedCompany, share: ShareOf): ChangeRow {
  const from = c.prior;
  const reason =
    from === null
      ? `new entrant at rank ${c.rank}`
      : from === "out"
        ? `joined from outside the R3000 at rank ${c.rank}`
        : `moved from ${sideLabel(from)} at rank ${c.rank}`;
  return {
    companyId: c.companyId,
    ticker: c.ticker,
    name: c.name,
    rank: c.rank,
    totalCap: c.totalCap,
    capShare: share(c.totalCap),
    floatCap: c.floatCap,
    from,
    to: c.index,
    reason,
  };
}

function indexChanges(
  index: "r1000" | "r2000" | "r3000",
  placed: readonly PlacedCompany[],
  priors: readonly PriorCompany[],
  share: ShareOf,
): IndexChanges {
  const isIn: (s: PriorStatus | SizeIndex | null) => boolean =
    index === "r1000" ? (s) => s === "1000" : index === "r2000" ? (s) => s === "2000" : (s) => s === "1000" || s === "2000";
  const members = placed.filter((c) => isIn(c.index));
  const adds = members.filter((c) => !isIn(c.prior)).map((c) => addRow(c, share));
  const priorMembers = priors.filter((p) => isIn(p.status));
  const order = { out: 0, "1000": 0, "2000": 0, ineligible: 1, absent: 2 } as const;
  const deletes = priorMembers
    .filter((p) => !(p.placed && isIn(p.placed.index)))
    .map((p) => changeRow(p, share))
    .sort(
      (a, b) =>
        order[a.to] - order[b.to] ||
        (a.rank ?? 0) - (b.rank ?? 0) ||
        (a.ticker < b.ticker ? -1 : a.ticker > b.ticker ? 1 : 0),
    );

  let newFloat = 0;
  for (const c of members) newFloat += c.floatCap;
  let addFloat = 0;
  for (const a of adds) addFloat += a.floatCap ?? 0;
  let priorFloat = 0;
  for (const p of priorMembers) priorFloat += p.floatCap ?? 0;
  let delFloat = 0;
  let withoutData = 0;
  for (const d of deletes) {
    if (d.floatCap === null) withoutData++;
    else delFloat += d.floatCap;
  }
  const addWeight = newFloat > 0 ? addFloat / newFloat : 0;
  const deleteWeight = priorFloat > 0 ? delFloat / priorFloat : 0;
  const denom = priorMembers.length + members.length;
  return {
    index,
    priorCount: priorMembers.length,
    newCount: members.length,
    adds,
    deletes,
    addWeight,
    deleteWeight,
    deletesWithoutData: withoutData,
    turnoverByWeight: (addWeight + deleteWeight) / 2,
    turnoverByCount: denom > 0 ? (adds.length + deletes.length) / denom : 0,
  };
}

const fmtInt = (n: number) => n.toLocaleString("en-US");

/**
 * A full reconstitution: screens, ranks, breakpoints and bands, places every company
 * (banded when a previous membership is given), builds the five indexes with float
 * weights and, against the previous membership, the adds, deletes, migrations and turnover.
 */
export function reconstitute(universe: readonly UniverseSecurity[], opts: ReconOptions = {}): ReconResult {
  const rules = resolveRules(opts.rules);
  const prior = opts.prior ?? null;
  const existing = (cid: string, s: UniverseSecurity) =>
    prior !== null && (prior.has(cid) || prior.has(s.id) || prior.has(s.ticker));
  const ranking = rankUniverse(universe, rules, existing);
  const placement = placeCompanies(ranking.ranked, rules, prior);
  const companies = placement.companies;
  const n = companies.length;

  const warnings: string[] = [];
  if (n === 0) warnings.push("no eligible company: every index is empty");
  else if (n < rules.r1000Size) {
    warnings.push(
      `only ${fmtInt(n)} eligible companies, fewer than ${fmtInt(rules.r1000Size)}: every one is in the Russell 1000, the Russell 2000 is empty and there are no breakpoints or bands`,
    );
  } else if (n < rules.r3000Size) {
    warnings.push(
      `only ${fmtInt(n)} eligible companies, fewer than ${fmtInt(rules.r3000Size)}: the Russell 3000 holds all of them, the Russell 2000 holds ranks ${fmtInt(rules.r1000Size + 1)}-${fmtInt(n)}, and there is no 3,000 breakpoint or band`,
    );
  }
  let matched = 0;
  if (prior) {
    for (const c of companies) if (c.prior !== null && !(rules.absentPrior === "out" && lookupMiss(prior, c))) matched++;
    if (prior.size > 0 && matched === 0) {
      warnings.push("no company of the previous membership is in this universe: everything is placed as a new entrant");
    }
  }

  let eligibleCap = 0;
  for (const c of companies) eligibleCap += c.totalCap;
  const share: ShareOf = (cap) => (cap === null ? null : eligibleCap > 0 ? cap / eligibleCap : 0);
  const indexes = Object.fromEntries(INDEX_NAMES.map((name) => [name, summarize(name, companies, eligibleCap)])) as Record<
    IndexName,
    IndexSummary
  >;

  let changes: ReconChanges | null = null;
  if (prior) {
    const priors = priorCompanies(prior, companies, universe, ranking.ineligible, rules);
    const has1000 = [...prior.values()].includes("1000");
    const has2000 = [...prior.values()].includes("2000");
    if (!has1000 || !has2000) {
      warnings.push(
        `the previous membership has no ${!has1000 ? "Russell 1000" : "Russell 2000"} members: changes are reported only for the ${has1000 ? "Russell 1000" : has2000 ? "Russell 2000" : "none of the indexes"}, and companies missing from it are placed as new entrants`,
      );
    }
    changes = {
      r1000: has1000 ? indexChanges("r1000", companies, priors, share) : null,
      r2000: has2000 ? indexChanges("r2000", companies, priors, share) : null,
      r3000: has1000 && has2000 ? indexChanges("r3000", companies, priors, share) : null,
      migrations: {
        up: companies.filter((c) => c.prior === "2000" && c.index === "1000").map((c) => addRow(c, share)),
        down: companies.filter((c) => c.prior === "1000" && c.index === "2000").map((c) => addRow(c, share)),
      },
    };
  }

  let eligibleSecurities = 0;
  for (const c of companies) eligibleSecurities += c.securities.length;
  return {
    rankDate: opts.rankDate ?? null,
    capBasis: opts.capBasis ?? "company",
    rules,
    banding: prior !== null,
    universe: {
      securities: ranking.universeSize,
      companies: ranking.companies,
      eligibleCompanies: n,
      eligibleSecurities,
      ineligibleSecurities: ranking.ineligible.length,
    },
    eligibleCap,
    breakpoints: placement.breakpoints,
    bands: placement.bands,
    companies,
    ineligible: ranking.ineligible,
    indexes,
    changes,
    warnings,
  };
}

function lookupMiss(prior: PriorMembership, c: PlacedCompany): boolean {
  if (prior.has(c.companyId)) return false;
  return !c.securities.some((s) => prior.has(s.id) || prior.has(s.ticker));
}
