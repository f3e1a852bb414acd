import { z } from "zod";
import { isIsoDate } from "./dates.ts";

export const IsoDate = z.string().refine(isIsoDate, { message: "must be a calendar date YYYY-MM-DD" });

const price = z.number().finite().positive();

/**
 * One daily bar of an index, ETF or stock. `close` is the exchange's (split-adjusted) close;
 * `adjClose` also reinvests dividends and is null where the source has none (price indices
 * from some vendors). open/high/low may be null when a source only carries closes.
 */
export const Bar = z
  .object({
    symbol: z.string().min(1).max(32),
    date: IsoDate,
    open: price.nullable(),
    high: price.nullable(),
    low: price.nullable(),
    close: price,
    adjClose: price.nullable(),
    volume: z.number().finite().nonnegative().nullable(),
  })
  .superRefine((b, ctx) => {
    if (b.high !== null && b.low !== null && b.high < b.low) {
      ctx.addIssue({ code: "custom", path: ["high"], message: `high ${b.high} is below low ${b.low}` });
    }
  });
export type Bar = z.infer<typeof Bar>;
