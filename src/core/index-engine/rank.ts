import type { UniverseSecurity } from "../../model/universe.ts";
import { normalizeSecurityType, type Rules } from "./rules.ts";
import { IndexEngineError } from "./types.ts";

/** A security that failed a screen, with every reason that applies. */
export interface IneligibleSecurity {
  id: string;
  ticker: string;
  companyId: string;
  name: string;
  reasons: string[];
}

/** One eligible company in rank order. Ranks start at 1. */
export interface RankedCompany {
  rank: number;
  companyId: string;
  /** Name and ticker of the company's largest eligible security. */
  name: string;
  ticker: string;
  sector: string | null;
  country: string;
  /** Eligible securities of the company (the lines an index would hold), largest first. */
  securities: UniverseSecurity[];
  /** Price x shares outstanding over all common share classes (eligible or not). */
  totalCap: number;
  /** Price x float shares over the eligible securities. */
  floatCap: number;
  /** Cumulative total cap of ranks 1..rank over the band denominator, in percent. */
  cumPct: number;
}

export interface Ranking {
  ranked: RankedCompany[];
  ineligible: IneligibleSecurity[];
  /** Denominator of cumPct (sum of total caps of the band universe). */
  bandTotalCap: number;
  /** Securities in the input. */
  universeSize: number;
  /** Distinct companies in the input. */
  companies: number;
}

const fmtMoney = (v: number) =>
  v >= 1e9 ? `$${(v / 1e9).toFixed(2)}B` : v >= 1e6 ? `$${(v / 1e6).toFixed(1)}M` : `$${v.toFixed(0)}`;

/** Price x float shares, float capped at shares outstanding (an investable weight above 1 is an error in the data). */
export function securityFloatCap(s: UniverseSecurity): number {
  return s.price * Math.min(s.floatShares, s.sharesOutstanding);
}

export function companyIdOf(s: UniverseSecurity): string {
  return s.companyId ?? s.id;
}

/** Whether a company counts as an existing member for the minimum-price exception. */
export type ExistingMember = (companyId: string, security: UniverseSecurity) => boolean;

interface CompanyAcc {
  companyId: string;
  all: UniverseSecurity[];
  eligible: UniverseSecurity[];
  totalCap: number;
}

/**
 * Deterministic order: total cap descending, then float cap descending, then company id
 * in code-point order. Ids are unique, so the order never depends on input order.
 */
export function compareCompanies(
  a: { totalCap: number; floatCap: number; companyId: string },
  b: { totalCap: number; floatCap: number; companyId: string },
): number {
  if (a.totalCap !== b.totalCap) return b.totalCap - a.totalCap;
  if (a.floatCap !== b.floatCap) return b.floatCap - a.floatCap;
  return a.companyId < b.companyId ? -1 : a.companyId > b.companyId ? 1 : 0;
}

function badNumber(s: UniverseSecurity, field: string, v: unknown): never {
  throw new IndexEngineError(`security ${s.id} (${s.ticker}): ${field} must be a finite number (got ${String(v)})`);
}

function checkFinite(s: UniverseSecurity): void {
  if (!Number.isFinite(s.price) || s.price <= 0) badNumber(s, "price", s.price);
  if (!Number.isFinite(s.sharesOutstanding) || s.sharesOutstanding <= 0) badNumber(s, "sharesOutstanding", s.sharesOutstanding);
  if (!Number.isFinite(s.floatShares) || s.floatShares < 0) badNumber(s, "floatShares", s.floatShares);
}

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const byFloatCapDesc = (a: UniverseSecurity, b: UniverseSecurity) => securityFloatCap(b) - securityFloatCap(a) || byId(a, b);

/**
 * Screens every security, adds share classes up per company, ranks the eligible companies
 * by total market cap and computes each one's cumulative market-cap percentile.
 */
export function rankUniverse(
  universe: readonly UniverseSecurity[],
  rules: Rules,
  existing: ExistingMember = () => false,
): Ranking {
  const seen = new Set<string>();
  const byCompany = new Map<string, CompanyAcc>();
  const ineligible: IneligibleSecurity[] = [];
  const excluded = new Set(rules.excludedSecurityTypes);
  const countries = rules.countries === null ? null : new Set(rules.countries);
  const bdi = new Set(rules.bdiCountries);

  for (const s of universe) {
    if (seen.has(s.id)) throw new IndexEngineError(`duplicate security id ${JSON.stringify(s.id)} in the universe`);
    seen.add(s.id);
    checkFinite(s);
    const companyId = companyIdOf(s);
    let acc = byCompany.get(companyId);
    if (!acc) {
      acc = { companyId, all: [], eligible: [], totalCap: 0 };
      byCompany.set(companyId, acc);
    }
    acc.all.push(s);
    const type = s.securityType === null || s.securityType === undefined ? null : normalizeSecurityType(s.securityType);
    let reasons: string[] | null = null;
    if (type !== null && excluded.has(type)) (reasons ??= []).push(`security type ${type} is excluded`);
    else acc.totalCap += s.price * s.sharesOutstanding;
    if (s.price < rules.minPrice) {
      const avg = s.avgPrice30;
      const saved =
        rules.existingMemberPriceException &&
        avg !== null &&
        avg !== undefined &&
        avg >= rules.minPrice &&
        existing(companyId, s);
      if (!saved) (reasons ??= []).push(`price ${s.price} below ${rules.minPrice}`);
    }
    const floatFraction = s.floatShares / s.sharesOutstanding;
    if (!(floatFraction > rules.minFloatFraction)) {
      (reasons ??= []).push(
        `float ${(floatFraction * 100).toFixed(2)}% not above ${(rules.minFloatFraction * 100).toFixed(2)}%`,
      );
    }
    if (countries !== null && !countries.has(s.country)) {
      const c = s.country.toUpperCase();
      const us = rules.bdiAsUs && bdi.has(c) && countries.has("US");
      if (!countries.has(c) && !us) (reasons ??= []).push(`country ${c} not eligible`);
    }
    if (reasons) ineligible.push({ id: s.id, ticker: s.ticker, companyId, name: s.name, reasons });
    else acc.eligible.push(s);
  }

  const candidates: RankedCompany[] = [];
  for (const acc of byCompany.values()) {
    if (acc.eligible.length === 0) continue;
    if (acc.totalCap < rules.minTotalCap) {
      for (const s of acc.eligible) {
        ineligible.push({
          id: s.id,
          ticker: s.ticker,
          companyId: acc.companyId,
          name: s.name,
          reasons: [`company total market cap ${fmtMoney(acc.totalCap)} below ${fmtMoney(rules.minTotalCap)}`],
        });
      }
      continue;
    }
    const securities = acc.eligible.length > 1 ? [...acc.eligible].sort(byFloatCapDesc) : acc.eligible;
    let floatCap = 0;
    for (const s of securities) floatCap += securityFloatCap(s);
    const lead = securities[0];
    candidates.push({
      rank: 0,
      companyId: acc.companyId,
      name: lead.name,
      ticker: lead.ticker,
      sector: lead.sector,
      country: lead.country,
      securities,
      totalCap: acc.totalCap,
      floatCap,
      cumPct: 0,
    });
  }
  candidates.sort(compareCompanies);

  const bandN = rules.bandUniverse === "r3000e" ? Math.min(rules.r3000eSize, candidates.length) : candidates.length;
  let bandTotalCap = 0;
  for (let i = 0; i < bandN; i++) bandTotalCap += candidates[i].totalCap;
  let cum = 0;
  for (let i = 0; i < candidates.length; i++) {
    const c = candidates[i];
    cum += c.totalCap;
    c.rank = i + 1;
    c.cumPct = bandTotalCap > 0 ? (cum / bandTotalCap) * 100 : 0;
  }
  ineligible.sort(byId);
  return { ranked: candidates, ineligible, bandTotalCap, universeSize: universe.length, companies: byCompany.size };
}
