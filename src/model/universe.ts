import type { Security } from "./security.ts";

/*
 * The index engine's inputs, as every provider produces them (a universe file, a fund's
 * holdings, the demo market, the store). They live in the model, not in src/core, so sources
 * can build them without importing the engine.
 */

/**
 * A security of the construction universe as the engine reads it: the canonical Security
 * plus two optional fields the model does not carry.
 */
export interface UniverseSecurity extends Security {
  /**
   * Company the security belongs to. Companies are ranked once on the total market cap of
   * all their share classes; securities without a company id are their own company.
   */
  companyId?: string | null;
  /**
   * Average daily close over the 30 days before rank day. Used only for the existing-member
   * exception to the minimum price (docs/methodology.md section 3.3); null when unknown.
   */
  avgPrice30?: number | null;
}

/**
 * What the caps of a universe measure, so every face knows whether it may print them as
 * dollars:
 * - "company": price x shares outstanding of the company (a universe CSV, the demo universe;
 *   later a holdings universe completed with reported shares outstanding);
 * - "fund-dollars": a fund's market value of each holding (an iShares holdings file without
 *   total shares outstanding). Ranks, cumulative percentiles and shares of the universe are
 *   meaningful; the dollar amounts are not company caps and are not shown;
 * - "scaled-fund-dollars": fund dollars times a user-given scale (estimates of float caps).
 */
export type CapBasis = "company" | "fund-dollars" | "scaled-fund-dollars";

/** Where a company sat in the previous reconstitution. */
export type PriorStatus = "1000" | "2000" | "out";

/**
 * Previous membership, keyed by company id or by security id (ticker for files). A company
 * absent from the map is a new entrant unless `absentPrior` says otherwise.
 */
export type PriorMembership = ReadonlyMap<string, PriorStatus>;
