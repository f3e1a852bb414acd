import type { CapBasis, UniverseSecurity } from "../../../model/index.ts";

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

/** What every universe reader returns: a universe CSV, or a fund's holdings as a universe. */
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
