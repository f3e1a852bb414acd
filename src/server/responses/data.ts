/** Responses of the stored-data endpoints (src/server/routes/data.ts): the catalog, bars, observations, latest levels. */
import { z } from "zod";
import { SeriesKindOut } from "./analytics.ts";
import { named, DateWindow, IsoDate, Meta, obj, Sources, StoreMeta } from "./shared.ts";

/** A stored series as the catalog lists it. */
export const StoredSeries = named("StoredSeries", obj({
  id: z.string(),
  kind: SeriesKindOut,
  name: z.string(),
  table: z.enum(["bars", "observations"]).meta({ description: "bars: a price series; observations: a macro series" }),
  rows: z.number().int(),
  first: IsoDate,
  last: IsoDate,
  sources: z.array(z.string()).meta({ description: "where the rows came from (yahoo, fred, ishares, file, demo ...)" }),
  lastImportId: z.number().int(),
  frequency: z.string().meta({ description: "publication frequency: daily, weekly, monthly, quarterly, annual" }),
}));

export const HoldingsSnapshot = obj({ fund: z.string(), asOf: IsoDate, constituents: z.number().int(), source: z.string() });

export const LastImport = obj({ id: z.number().int(), sourceKind: z.string(), importedAt: z.string() }).nullable();

export const SeriesListResponse = named("SeriesListResponse", obj({
  meta: StoreMeta,
  series: z.array(obj({ ...StoredSeries.shape, demo: z.boolean() })),
  holdings: z.array(HoldingsSnapshot),
  lastImport: LastImport,
  defaults: obj({ symbols: z.array(z.string()), benchmark: z.string().nullable() }).meta({ description: "what the measured endpoints compare when no symbols are given" }),
}));

export const SeriesResponse = named("SeriesResponse", obj({ meta: StoreMeta, series: StoredSeries }));

/** A change from a base close: its value (a fraction) and the base close's date. */
const Change = obj({ value: z.number(), base: IsoDate }).nullable();

export const LatestResponse = named("LatestResponse", obj({
  meta: StoreMeta,
  rows: z.array(
    obj({
      symbol: z.string(),
      name: z.string(),
      kind: SeriesKindOut,
      sources: Sources,
      basis: z.literal("price"),
      asOf: IsoDate.meta({ description: "the series' own last close (on or before `to`)" }),
      close: z.number(),
      day: Change,
      ytd: Change,
      year: Change,
    }),
  ),
}));

const STORED_SHAPE = {
  meta: Meta,
  id: z.string(),
  name: z.string(),
  kind: SeriesKindOut,
  asOf: IsoDate.nullable(),
  window: DateWindow.nullable(),
  sources: Sources,
  rows: z.number().int().meta({ description: "rows stored in the range" }),
};
const column = z.array(z.number().nullable());

export const BarsResponse = named("BarsResponse", obj({
  ...STORED_SHAPE,
  every: z.number().int().meta({ description: "every k-th bar is returned (the last always) when the range holds more than maxPoints" }),
  dates: z.array(IsoDate),
  open: column,
  high: column,
  low: column,
  close: column,
  adjClose: column,
  volume: column,
}));

export const ObservationsResponse = named("ObservationsResponse", obj({
  ...STORED_SHAPE,
  dates: z.array(IsoDate),
  values: column,
}));
