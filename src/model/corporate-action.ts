import { z } from "zod";
import { IsoDate } from "./bar.ts";

const positive = z.number().finite().positive();

const common = {
  symbol: z.string().min(1).max(32),
  /** Exchange date of the event (ex-dividend date, split effective date), YYYY-MM-DD. */
  date: IsoDate,
};

/** A cash dividend: `amount` per share, in the series' currency, as the source states it. */
export const DividendAction = z.object({ ...common, kind: z.literal("dividend"), amount: positive });

/** A split of `numerator` new shares for `denominator` old ones (4:1 is 4/1, a 1:10 reverse split 1/10). */
export const SplitAction = z.object({ ...common, kind: z.literal("split"), numerator: positive, denominator: positive });

/** A corporate action as it arrives from a source, before it is stored (the store adds the source). */
export const CorporateActionInput = z.discriminatedUnion("kind", [DividendAction, SplitAction]);
export type CorporateActionInput = z.infer<typeof CorporateActionInput>;

const source = z.string().min(1);

/**
 * A stored corporate action of an index, ETF or stock, keyed by (symbol, date, kind).
 * `source` names who produced it ("yahoo", ...).
 */
export const CorporateAction = z.discriminatedUnion("kind", [
  DividendAction.extend({ source }),
  SplitAction.extend({ source }),
]);
export type CorporateAction = z.infer<typeof CorporateAction>;

export type CorporateActionKind = CorporateAction["kind"];
