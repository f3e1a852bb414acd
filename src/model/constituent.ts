import type { Holding } from "./holding.ts";

/**
 * True for rows that are index constituents (listed equities), as opposed to cash, futures, rights.
 * Kept apart from the holding schema so the analytics core can use it without loading zod.
 */
export function isConstituent(h: Pick<Holding, "assetClass" | "ticker" | "exchange">): boolean {
  return h.assetClass === "equity" && h.ticker !== "-" && h.exchange !== "NO MARKET (E.G. UNLISTED)";
}
