import { z } from "zod";
import { IsoDate } from "./bar.ts";

/** What a fund row is: equities are constituents; everything else is kept apart. */
export const AssetClass = z.enum(["equity", "cash", "money-market", "collateral", "future", "other"]);
export type AssetClass = z.infer<typeof AssetClass>;

/** One line of a fund's holdings file on one as-of date. */
export const Holding = z.object({
  fund: z.string().min(1).max(16),
  asOf: IsoDate,
  ticker: z.string().min(1),
  name: z.string(),
  sector: z.string().nullable(),
  assetClass: AssetClass,
  marketValue: z.number().finite(),
  /** Fraction of the fund (0.0193 for the file's "1.93"). */
  weight: z.number().finite(),
  shares: z.number().finite().nullable(),
  price: z.number().finite().nonnegative().nullable(),
  location: z.string().nullable(),
  exchange: z.string().nullable(),
  currency: z.string().nullable(),
});
export type Holding = z.infer<typeof Holding>;

export { isConstituent } from "./constituent.ts";
