/** The response of the quarterly small-vs-large valuation history (src/server/routes/valuation-history.ts). */
import { z } from "zod";
import type { ValuationHistoryReport } from "../../services/valuation-history.ts";
import { type Assert, type Mirrors, IsoDate, named, obj, Sources } from "./shared.ts";

const HistoryRatio = obj({
  value: z.number().nullable().meta({ description: "sum of caps over sum of the figure; null when that sum is not positive" }),
  coverage: z.number().meta({ description: "share of the fund's weight (today's market values) behind the ratio, 0..1" }),
  companies: z.number().int(),
});

const FundQuarter = obj({
  pe: HistoryRatio,
  pb: HistoryRatio,
  priced: z.number().int().meta({ description: "companies with a cap on the quarter end" }),
  unprofitableWeight: z.number().nullable().meta({ description: "weight of loss-makers among the companies with earnings" }),
});

const Premium = obj({
  value: z.number().nullable().meta({ description: "small / large - 1; null when the quarter is left out" }),
  leftOut: z.string().nullable().meta({ description: "why the quarter is left out for this ratio" }),
});

export const ValuationQuarter = named(
  "ValuationQuarter",
  obj({ quarterEnd: IsoDate, small: FundQuarter, large: FundQuarter, pe: Premium, pb: Premium }),
  "one quarter end of the valuation history: facts filed and closes traded by that day",
);

const HistoryFund = obj({
  fund: z.string(),
  asOf: IsoDate.meta({ description: "the holdings' date: the members are this day's" }),
  positions: z.number().int(),
  matched: z.number().int(),
  companies: z.number().int(),
  withCloses: z.number().int(),
});

export const ValuationHistoryReportSchema = z.discriminatedUnion("available", [
  obj({ available: z.literal(false), reason: z.string(), todo: z.string().meta({ description: "what to run or import to fill it" }) }),
  obj({
    available: z.literal(true),
    small: HistoryFund,
    large: HistoryFund,
    quarters: z.array(ValuationQuarter),
    leftOut: z.array(obj({ quarterEnd: IsoDate, reason: z.string() })),
    minCoverage: z.number(),
    asOf: IsoDate,
    sources: Sources,
    method: z.string(),
    survivorship: z.string(),
  }),
]);

export const ValuationHistoryResponse = named(
  "ValuationHistoryResponse",
  obj({
    meta: obj({ storeVersion: z.string(), demo: z.boolean(), asOf: IsoDate.nullable(), sources: Sources }),
    history: ValuationHistoryReportSchema,
  }),
  "the small- vs large-cap valuation at each quarter end (today's members: survivorship stated)",
);

type _History = Assert<Mirrors<typeof ValuationHistoryReportSchema, ValuationHistoryReport>>;
