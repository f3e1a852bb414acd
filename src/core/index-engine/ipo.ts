import type { UniverseSecurity } from "../../model/universe.ts";
import { rankUniverse } from "./rank.ts";
import type { ReconResult } from "./recon.ts";
import { resolveRules, type Rules } from "./rules.ts";
import { IndexEngineError, type SizeIndex } from "./types.ts";

/** What a quarterly IPO window compares against: the last reconstitution, moved with the market. */
export interface IpoReference {
  /** Total cap of the company ranked 1,000 at the last reconstitution. */
  breakpoint1000Cap: number;
  /** Total cap of the company ranked 3,000 (null when fewer were eligible). */
  breakpoint3000Cap: number | null;
  /** Smallest total cap in the Russell 3000E at the last reconstitution. */
  smallest3000eCap: number;
  /** Market movement since that rank day (e.g. broad index level now over then); 1 = none. */
  marketFactor: number;
}

export interface IpoAddition {
  companyId: string;
  ticker: string;
  name: string;
  totalCap: number;
  floatCap: number;
  /** "out" = joins the Russell 3000E and Microcap only. */
  index: SizeIndex;
  securities: UniverseSecurity[];
}

export interface IpoResult {
  additions: IpoAddition[];
  rejected: { id: string; ticker: string; reasons: string[] }[];
}

/** The reference of a reconstitution result, for the IPO windows that follow it. */
export function ipoReferenceFrom(recon: ReconResult, marketFactor = 1): IpoReference {
  const bp = recon.breakpoints.r1000;
  const smallest = recon.indexes.r3000e.smallestCap;
  if (!bp || smallest === null) {
    throw new IndexEngineError("the reconstitution has no 1,000 breakpoint: IPO placement needs one");
  }
  return {
    breakpoint1000Cap: bp.totalCap,
    breakpoint3000Cap: recon.breakpoints.r3000?.totalCap ?? null,
    smallest3000eCap: smallest,
    marketFactor,
  };
}

/**
 * Quarterly IPO additions (docs/methodology.md section 7): candidates must pass every normal
 * screen, must not already be members, and must be larger than the market-adjusted smallest
 * Russell 3000E company. They are placed against the market-adjusted breakpoints of the last
 * reconstitution. No member is deleted to make room.
 */
export function ipoAdditions(
  candidates: readonly UniverseSecurity[],
  members: ReadonlySet<string>,
  ref: IpoReference,
  rules: Partial<Rules> = {},
): IpoResult {
  if (!(ref.marketFactor > 0)) throw new IndexEngineError(`market factor must be positive (got ${ref.marketFactor})`);
  const r = resolveRules({ ...rules, r3000eSize: Math.max(candidates.length, resolveRules(rules).r3000eSize) });
  const ranking = rankUniverse(candidates, r);
  const rejected = ranking.ineligible.map((x) => ({ id: x.id, ticker: x.ticker, reasons: x.reasons }));
  const floor = ref.smallest3000eCap * ref.marketFactor;
  const bp1000 = ref.breakpoint1000Cap * ref.marketFactor;
  const bp3000 = ref.breakpoint3000Cap === null ? null : ref.breakpoint3000Cap * ref.marketFactor;
  const additions: IpoAddition[] = [];
  for (const c of ranking.ranked) {
    const already = members.has(c.companyId) || c.securities.some((s) => members.has(s.id) || members.has(s.ticker));
    if (already) {
      for (const s of c.securities) rejected.push({ id: s.id, ticker: s.ticker, reasons: ["already a member"] });
      continue;
    }
    if (!(c.totalCap > floor)) {
      for (const s of c.securities) {
        rejected.push({
          id: s.id,
          ticker: s.ticker,
          reasons: [`total cap ${c.totalCap} not above the market-adjusted smallest R3000E company (${floor})`],
        });
      }
      continue;
    }
    const index: SizeIndex = c.totalCap >= bp1000 ? "1000" : bp3000 !== null && c.totalCap < bp3000 ? "out" : "2000";
    additions.push({
      companyId: c.companyId,
      ticker: c.ticker,
      name: c.name,
      totalCap: c.totalCap,
      floatCap: c.floatCap,
      index,
      securities: c.securities,
    });
  }
  return { additions, rejected };
}
