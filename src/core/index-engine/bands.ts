import type { RankedCompany } from "./rank.ts";
import type { Rules } from "./rules.ts";
import type { PriorMembership, PriorStatus } from "../../model/universe.ts";
import type { SizeIndex } from "./types.ts";

/** Tolerance on band ends, in percentage points, so 94.2 - 2.5 = 91.7 compares as 91.7. */
export const BAND_EPSILON = 1e-9;

/** The company at a breakpoint rank among the eligible. */
export interface Breakpoint {
  rank: number;
  companyId: string;
  ticker: string;
  totalCap: number;
  cumPct: number;
}

/** A band around a breakpoint, in cumulative percent and in market cap terms. */
export interface Band {
  breakpointRank: number;
  centerPct: number;
  lowPct: number;
  highPct: number;
  inclusive: boolean;
  /** Ranks and total caps of the first and last company inside the band (null when none). */
  firstRankInBand: number | null;
  lastRankInBand: number | null;
  largestCapInBand: number | null;
  smallestCapInBand: number | null;
  companiesInBand: number;
}

/** A ranked company with where it was, where its rank puts it and where it ends up. */
export interface PlacedCompany extends RankedCompany {
  prior: PriorStatus | null;
  byRank: SizeIndex;
  index: SizeIndex;
  inBand1000: boolean;
  inBand3000: boolean;
  /** True when banding kept the company somewhere its rank alone would not put it. */
  banded: boolean;
  r3000e: boolean;
  microcap: boolean;
}

export interface Placement {
  companies: PlacedCompany[];
  breakpoints: { r1000: Breakpoint | null; r3000: Breakpoint | null; r3000e: Breakpoint | null };
  bands: { r1000: Band | null; r3000: Band | null };
}

export function breakpointAt(ranked: readonly RankedCompany[], rank: number): Breakpoint | null {
  const c = ranked[rank - 1];
  if (!c) return null;
  return { rank, companyId: c.companyId, ticker: c.ticker, totalCap: c.totalCap, cumPct: c.cumPct };
}

export function inBand(cumPct: number, band: Band): boolean {
  return band.inclusive
    ? cumPct >= band.lowPct - BAND_EPSILON && cumPct <= band.highPct + BAND_EPSILON
    : cumPct > band.lowPct + BAND_EPSILON && cumPct < band.highPct - BAND_EPSILON;
}

/** The band of ±halfWidth points around a breakpoint, with the caps of the companies inside. */
export function bandAround(ranked: readonly RankedCompany[], bp: Breakpoint, rules: Rules): Band {
  const band: Band = {
    breakpointRank: bp.rank,
    centerPct: bp.cumPct,
    lowPct: bp.cumPct - rules.bandHalfWidth,
    highPct: bp.cumPct + rules.bandHalfWidth,
    inclusive: rules.bandInclusive,
    firstRankInBand: null,
    lastRankInBand: null,
    largestCapInBand: null,
    smallestCapInBand: null,
    companiesInBand: 0,
  };
  for (const c of ranked) {
    if (!inBand(c.cumPct, band)) continue;
    if (band.firstRankInBand === null) {
      band.firstRankInBand = c.rank;
      band.largestCapInBand = c.totalCap;
    }
    band.lastRankInBand = c.rank;
    band.smallestCapInBand = c.totalCap;
    band.companiesInBand++;
  }
  return band;
}

/** Prior status of a company: by company id first, then by any of its securities' ids. */
export function lookupPrior(prior: PriorMembership | null, c: RankedCompany): PriorStatus | undefined {
  if (!prior) return undefined;
  const direct = prior.get(c.companyId);
  if (direct !== undefined) return direct;
  for (const s of c.securities) {
    const p = prior.get(s.id) ?? prior.get(s.ticker);
    if (p !== undefined) return p;
  }
  return undefined;
}

/**
 * Places every ranked company in the Russell 1000, the Russell 2000 or outside the
 * Russell 3000 (docs/methodology.md section 6):
 * - without a previous membership, by rank alone;
 * - with one, an existing member whose cumulative percentile lies inside the band around
 *   a breakpoint keeps its side of that breakpoint; everyone else goes by rank; new
 *   entrants (absent from the previous membership) always go by rank.
 * The 3,000 boundary is settled first, then the 1,000 boundary among R3000 members.
 */
export function placeCompanies(
  ranked: readonly RankedCompany[],
  rules: Rules,
  prior: PriorMembership | null,
): Placement {
  const bp1000 = breakpointAt(ranked, rules.r1000Size);
  const bp3000 = breakpointAt(ranked, rules.r3000Size);
  const bp3000e = breakpointAt(ranked, Math.min(rules.r3000eSize, ranked.length));
  const banding = prior !== null;
  const band1000 = bp1000 ? bandAround(ranked, bp1000, rules) : null;
  const band3000 = bp3000 ? bandAround(ranked, bp3000, rules) : null;

  const companies: PlacedCompany[] = ranked.map((c) => {
    let p: PriorStatus | null = lookupPrior(prior, c) ?? null;
    if (p === null && prior !== null && rules.absentPrior === "out") p = "out";
    const byRank: SizeIndex = c.rank <= rules.r1000Size ? "1000" : c.rank <= rules.r3000Size ? "2000" : "out";
    const b1000 = band1000 !== null && inBand(c.cumPct, band1000);
    const b3000 = band3000 !== null && inBand(c.cumPct, band3000);

    let inR3000 = c.rank <= rules.r3000Size;
    if (banding && rules.bandAt3000 && b3000 && p !== null) inR3000 = p !== "out";
    let index: SizeIndex;
    if (!inR3000) index = "out";
    else if (banding && rules.bandAt1000 && b1000 && (p === "1000" || p === "2000")) index = p;
    else index = c.rank <= rules.r1000Size ? "1000" : "2000";

    return {
      rank: c.rank,
      companyId: c.companyId,
      name: c.name,
      ticker: c.ticker,
      sector: c.sector,
      country: c.country,
      securities: c.securities,
      totalCap: c.totalCap,
      floatCap: c.floatCap,
      cumPct: c.cumPct,
      prior: p,
      byRank,
      index,
      inBand1000: b1000,
      inBand3000: b3000,
      banded: index !== byRank,
      r3000e: index !== "out" || c.rank <= rules.r3000eSize,
      microcap: false,
    };
  });

  // Microcap: the smallest `microcapFromR2000` R2000 members plus R3000E names outside the R3000.
  const r2000 = companies.filter((c) => c.index === "2000");
  for (const c of r2000.slice(Math.max(0, r2000.length - rules.microcapFromR2000))) c.microcap = true;
  for (const c of companies) if (c.r3000e && c.index === "out") c.microcap = true;

  return {
    companies,
    breakpoints: { r1000: bp1000, r3000: bp3000, r3000e: bp3000e },
    bands: { r1000: band1000, r3000: band3000 },
  };
}
