import { z } from "zod";
import { isIsoDate } from "./dates.ts";

export const IsoDate = z.string().refine(isIsoDate, { message: "must be a calendar date YYYY-MM-DD" });

/**
 * What a valid bar or observation value is, in words: the one rule set the schemas (Bar below,
 * Observation; live answers, demo rows) and the store's bulk file reader (src/store/delimited.ts,
 * the same checks in SQL) both apply, so a row refused from a file and from a live source is
 * refused for the same reason.
 */
export const ROW_RULES = {
  finite: "not a finite number",
  positive: "price must be positive",
  volume: "volume must not be negative",
  range: "high is below low",
  close: "close is missing while other fields have values",
} as const;

/** The price fields of a bar: finite and positive where present. */
export const BAR_PRICE_FIELDS = ["open", "high", "low", "close", "adjClose"] as const;

const price = z.number({ error: ROW_RULES.finite }).positive({ message: ROW_RULES.positive });

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
    volume: z.number({ error: ROW_RULES.finite }).nonnegative({ message: ROW_RULES.volume }).nullable(),
  })
  .superRefine((b, ctx) => {
    if (b.high !== null && b.low !== null && b.high < b.low) {
      ctx.addIssue({ code: "custom", path: ["high"], message: `${ROW_RULES.range} (high ${b.high}, low ${b.low})` });
    }
  });
export type Bar = z.infer<typeof Bar>;
