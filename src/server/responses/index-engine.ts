/**
 * The reconstitution preview (src/server/routes/index-engine.ts). With `capBasis` "fund-dollars"
 * every dollar amount (and the fund's share counts) is null, so those fields are nullable here
 * even where the engine always computes a number.
 */
import { z } from "zod";
import { IsoDate, named, obj } from "./shared.ts";

/** A dollar amount, or null when the caps are a fund's dollars (capBasis "fund-dollars"). */
const dollars = z.number().nullable();
const rank = z.number().int();
const PriorStatus = z.enum(["1000", "2000", "out"]);

export const Rules = named(
  "ReconRules",
  obj({
  minPrice: z.number(),
  existingMemberPriceException: z.boolean(),
  minTotalCap: z.number(),
  minFloatFraction: z.number(),
  countries: z.array(z.string()).readonly().nullable(),
  bdiCountries: z.array(z.string()).readonly(),
  bdiAsUs: z.boolean(),
  excludedSecurityTypes: z.array(z.string()).readonly(),
  r1000Size: z.number().int(),
  r3000Size: z.number().int(),
  r3000eSize: z.number().int(),
  microcapFromR2000: z.number().int(),
  bandHalfWidth: z.number(),
  bandInclusive: z.boolean(),
  bandUniverse: z.enum(["r3000e", "all"]),
  bandAt1000: z.boolean(),
  bandAt3000: z.boolean(),
  absentPrior: z.enum(["new", "out"]),
}),
  "every construction rule the preview applied",
);

export const Breakpoint = obj({ rank, companyId: z.string(), ticker: z.string(), totalCap: dollars, cumPct: z.number() });

export const Band = obj({
  breakpointRank: rank,
  centerPct: z.number(),
  lowPct: z.number(),
  highPct: z.number(),
  inclusive: z.boolean(),
  firstRankInBand: rank.nullable(),
  lastRankInBand: rank.nullable(),
  largestCapInBand: dollars,
  smallestCapInBand: dollars,
  companiesInBand: z.number().int(),
});

export const Constituent = obj({
  securityId: z.string(),
  ticker: z.string(),
  companyId: z.string(),
  name: z.string(),
  sector: z.string().nullable(),
  rank,
  price: z.number(),
  sharesOutstanding: dollars,
  floatShares: dollars,
  iwf: dollars,
  floatCap: dollars,
  weight: z.number().meta({ description: "share of the index's float cap, 0..1" }),
});

export const IndexSummary = obj({
  name: z.enum(["r3000e", "r3000", "r1000", "r2000", "microcap"]),
  label: z.string(),
  companies: z.number().int(),
  securities: z.number().int(),
  totalCap: dollars,
  floatCap: dollars,
  largestCap: dollars,
  smallestCap: dollars,
  medianCap: dollars,
  capShare: z.number(),
  firstRank: rank.nullable(),
  lastRank: rank.nullable(),
  constituents: z.array(Constituent).meta({ description: "in rank order, cut to `limit`" }),
});

export const ChangeRow = obj({
  companyId: z.string(),
  ticker: z.string(),
  name: z.string(),
  rank: rank.nullable(),
  totalCap: dollars,
  capShare: z.number().nullable(),
  floatCap: dollars,
  from: PriorStatus.nullable(),
  to: z.enum(["1000", "2000", "out", "ineligible", "absent"]),
  reason: z.string(),
});

export const IndexChanges = obj({
  index: z.enum(["r1000", "r2000", "r3000"]),
  priorCount: z.number().int(),
  newCount: z.number().int(),
  adds: z.array(ChangeRow),
  deletes: z.array(ChangeRow),
  addWeight: z.number(),
  deleteWeight: z.number(),
  deletesWithoutData: z.number().int(),
  turnoverByWeight: z.number(),
  turnoverByCount: z.number(),
});

export const IneligibleSecurity = obj({ id: z.string(), ticker: z.string(), companyId: z.string(), name: z.string(), reasons: z.array(z.string()) });

export const ShareClassRow = obj({ companyId: z.string(), tickers: z.array(z.string()), names: z.array(z.string()) });

export const ReconResponse = named("ReconResponse", obj({
  meta: obj({
    storeVersion: z.string(),
    demo: z.boolean(),
    asOf: IsoDate.nullable().meta({ description: "the rank day" }),
    sources: z.array(z.string()).meta({ description: "the universe, what company caps rest on (SEC shares, closes) and the previous-membership inputs, in words" }),
  }),
  universe: z.string(),
  previous: z.array(z.string()),
  notes: z.array(z.string()),
  rankDate: IsoDate.nullable(),
  calendar: obj({
    inWindow: z.boolean(),
    window: z.string(),
    rankDay: IsoDate,
    effectiveAfterClose: IsoDate,
    confidence: z.enum(["confirmed", "likely", "unverified"]),
  }).nullable(),
  capBasis: z.enum(["company", "fund-dollars", "scaled-fund-dollars"]),
  rules: Rules,
  banding: z.boolean(),
  counts: obj({
    securities: z.number().int(),
    companies: z.number().int(),
    eligibleCompanies: z.number().int(),
    eligibleSecurities: z.number().int(),
    ineligibleSecurities: z.number().int(),
  }),
  eligibleCap: dollars,
  shareClasses: obj({ count: z.number().int(), rows: z.array(ShareClassRow) }),
  breakpoints: obj({ r1000: Breakpoint.nullable(), r3000: Breakpoint.nullable(), r3000e: Breakpoint.nullable() }),
  bands: obj({ r1000: Band.nullable(), r3000: Band.nullable() }),
  indexes: z.array(obj({ ...IndexSummary.shape, constituentCount: z.number().int() })),
  changes: obj({
    migrations: obj({ up: z.array(ChangeRow), down: z.array(ChangeRow), upCount: z.number().int(), downCount: z.number().int() }),
    indexes: z.array(obj({ ...IndexChanges.shape, addCount: z.number().int(), deleteCount: z.number().int() })),
  }).nullable(),
  ineligible: obj({ count: z.number().int(), rows: z.array(IneligibleSecurity) }),
  warnings: z.array(z.string()),
}));
