/**
 * Universe inputs of the index engine (docs/index-engine.md, "Inputs"), one reader per file here:
 * - the generic universe CSV, header `ticker,name,sector,country,price,shares_outstanding,float_shares`
 *   plus optional `security_type,earnings,book_value` (and `id,company_id,avg_price_30d`);
 * - an iShares holdings file (IWV: Russell 3000) turned into an approximate universe;
 * - previous memberships: a `ticker,index` CSV, iShares Russell 1000 / 2000 holdings, or a
 *   universe whose membership is computed by rank;
 * - constituent prices for `r2k index build` (./prices.ts).
 * This module recognises a universe file by its content and exports the readers.
 * Every rejection is an InputError naming the file, the line and the field.
 */
import { InputError } from "../../../model/index.ts";
import { looksLikeIshares, parseIshares } from "../ishares.ts";
import { looksLikeUniverseCsv, OPTIONAL_COLUMNS, parseUniverseCsv, REQUIRED_COLUMNS } from "./csv.ts";
import { universeFromHoldings } from "./holdings.ts";
import type { UniverseInput } from "./input.ts";
import { readText } from "./text.ts";

export type { SuggestedRules, UniverseFormat, UniverseInput } from "./input.ts";
export { looksLikeUniverseCsv, parseUniverseCsv } from "./csv.ts";
export { holdingSecurity, LOCATION_TO_ISO, securityTypeOf, universeFromHoldingRows, universeFromHoldings, type HoldingsSnapshot } from "./holdings.ts";
export { parseMembershipCsv, readPreviousFile, type PreviousInput } from "./membership.ts";
export { parsePricesCsv, readPricesFile, type PriceMatrix } from "./prices.ts";

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
