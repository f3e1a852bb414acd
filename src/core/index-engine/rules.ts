import { IndexEngineError } from "./types.ts";

/**
 * Every construction rule the engine applies, with the defaults taken from
 * docs/methodology.md (section numbers in brackets). Rules marked
 * "likely" or "unverified" there are parameters here, never constants.
 */
export interface Rules {
  /** Minimum close on rank day, dollars [3.3, confirmed]. Inclusive: 1.00 passes. */
  minPrice: number;
  /**
   * Existing members below `minPrice` stay eligible when their 30-day average close
   * (`avgPrice30`) is at least `minPrice` [3.3, confirmed]. Needs `avgPrice30` in the input.
   */
  existingMemberPriceException: boolean;
  /** Minimum total market cap of the company, dollars [3.4, likely: $30M]. Inclusive. */
  minTotalCap: number;
  /** Float (float_shares / shares_outstanding) must be strictly above this [3.5, likely: 5%]. */
  minFloatFraction: number;
  /** Eligible countries (ISO alpha-2), or null for no country screen [3.1]. */
  countries: readonly string[] | null;
  /**
   * Benefit-driven incorporation countries [3.1, list unverified]. A company assigned to one
   * of them counts as US when `bdiAsUs` is set: every universe row is a US-listed security,
   * which is the "most liquid trading in the US" half of the rule.
   */
  bdiCountries: readonly string[];
  bdiAsUs: boolean;
  /**
   * Security types that are never eligible [3.2, 3.6, likely]. Compared after lower-casing
   * and turning spaces and underscores into hyphens; a null type is common stock.
   */
  excludedSecurityTypes: readonly string[];
  /** Size of the Russell 1000 by rank [1, 5, confirmed]. */
  r1000Size: number;
  /** Size of the Russell 3000 by rank [1, 5, confirmed]. */
  r3000Size: number;
  /** Size of the Russell 3000E by rank [1, confirmed]. */
  r3000eSize: number;
  /** Microcap = the smallest `microcapFromR2000` companies of the R2000 plus R3000E names outside the R3000 [1]. */
  microcapFromR2000: number;
  /** Half-width of the band, in percentage points of cumulative market cap [6, likely: 2.5]. */
  bandHalfWidth: number;
  /** Whether the band ends belong to the band [6, unverified: inclusive]. */
  bandInclusive: boolean;
  /**
   * Denominator of the cumulative percentile: the Russell 3000E (top `r3000eSize` eligible
   * companies) as in the methodology [6, likely], or every eligible company.
   */
  bandUniverse: "r3000e" | "all";
  /** Breakpoints that are banded [6: 1,000 and 3,000]. */
  bandAt1000: boolean;
  bandAt3000: boolean;
  /**
   * How a company missing from the previous membership is treated: "new" (an entrant,
   * placed by rank [6 step 7, likely]) or "out" (an existing non-member of the R3000,
   * which inside the 3,000 band does not join [6, likely]). Use "out" only when the previous
   * membership covers the whole previous universe.
   */
  absentPrior: "new" | "out";
}

/** Known BDI jurisdictions [3.1; the exact list is unverified]. */
export const DEFAULT_BDI_COUNTRIES: readonly string[] = [
  "AI", // Anguilla
  "AG", // Antigua and Barbuda
  "BS", // Bahamas
  "BB", // Barbados
  "BZ", // Belize
  "BM", // Bermuda
  "VG", // British Virgin Islands
  "KY", // Cayman Islands
  "CW", // Curaçao
  "FK", // Falkland Islands
  "FO", // Faroe Islands
  "GI", // Gibraltar
  "GG", // Guernsey
  "IM", // Isle of Man
  "JE", // Jersey
  "LR", // Liberia
  "MH", // Marshall Islands
  "MU", // Mauritius
  "PA", // Panama
  "TC", // Turks and Caicos
];

export const DEFAULT_EXCLUDED_SECURITY_TYPES: readonly string[] = [
  "etf",
  "etn",
  "fund",
  "mutual-fund",
  "unit-trust",
  "closed-end-fund",
  "cef",
  "bdc",
  "lp",
  "mlp",
  "limited-partnership",
  "royalty-trust",
  "llc",
  "spac",
  "blank-check",
  "preferred",
  "convertible-preferred",
  "redeemable",
  "warrant",
  "right",
  "unit",
  "installment-receipt",
  "trust-receipt",
  "when-issued",
  "adr",
  "gdr",
  "otc",
];

export const DEFAULT_RULES: Readonly<Rules> = Object.freeze({
  minPrice: 1,
  existingMemberPriceException: true,
  minTotalCap: 30e6,
  minFloatFraction: 0.05,
  countries: ["US"],
  bdiCountries: DEFAULT_BDI_COUNTRIES,
  bdiAsUs: true,
  excludedSecurityTypes: DEFAULT_EXCLUDED_SECURITY_TYPES,
  r1000Size: 1000,
  r3000Size: 3000,
  r3000eSize: 4000,
  microcapFromR2000: 1000,
  bandHalfWidth: 2.5,
  bandInclusive: true,
  bandUniverse: "r3000e",
  bandAt1000: true,
  bandAt3000: true,
  absentPrior: "new",
});

export function normalizeSecurityType(type: string | null | undefined): string | null {
  if (type === null || type === undefined) return null;
  const t = type.trim().toLowerCase().replace(/[\s_]+/g, "-");
  return t === "" ? null : t;
}

/** Defaults overridden by `overrides`; checks that the result is usable. */
export function resolveRules(overrides: Partial<Rules> = {}): Rules {
  const r: Rules = { ...DEFAULT_RULES, ...stripUndefined(overrides) };
  const positiveInt = (name: keyof Rules) => {
    const v = r[name];
    if (typeof v !== "number" || !Number.isInteger(v) || v < 1) {
      throw new IndexEngineError(`rule ${name} must be a positive integer (got ${String(v)})`);
    }
  };
  positiveInt("r1000Size");
  positiveInt("r3000Size");
  positiveInt("r3000eSize");
  positiveInt("microcapFromR2000");
  if (!(r.r1000Size < r.r3000Size && r.r3000Size <= r.r3000eSize)) {
    throw new IndexEngineError(
      `index sizes must satisfy r1000Size < r3000Size <= r3000eSize (got ${r.r1000Size}, ${r.r3000Size}, ${r.r3000eSize})`,
    );
  }
  for (const name of ["minPrice", "minTotalCap", "minFloatFraction", "bandHalfWidth"] as const) {
    if (!Number.isFinite(r[name]) || r[name] < 0) {
      throw new IndexEngineError(`rule ${name} must be a non-negative number (got ${String(r[name])})`);
    }
  }
  if (r.minFloatFraction >= 1) throw new IndexEngineError(`rule minFloatFraction must be below 1`);
  return {
    ...r,
    countries: r.countries === null ? null : r.countries.map((c) => c.toUpperCase()),
    bdiCountries: r.bdiCountries.map((c) => c.toUpperCase()),
    excludedSecurityTypes: r.excludedSecurityTypes.map((t) => normalizeSecurityType(t) ?? ""),
  };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}
