/**
 * Pieces every response schema is built from: figures with their provenance, date windows,
 * chart series, the "unavailable" shape and the envelope's `meta`. The schemas describe the JSON
 * the server sends; `Mirrors` checks at compile time that a schema and the TypeScript type the
 * core or a service computes describe the same JSON, so neither can drift from the other.
 *
 * This folder imports only zod, the model and types of the pure core: the dashboard type-checks
 * against it (`import type` from web/src/api.ts) without pulling in server code.
 */
import { z } from "zod";
import type { ChartSeries as ViewChartSeries } from "../../views/series.ts";
import type { DateWindow as CoreDateWindow, Figure as CoreFigure, ResolvedWindow, SeriesOut as CoreSeriesOut, Unavailable as CoreUnavailable } from "../../core/analytics/index.ts";

// ---------------------------------------------------------------------------------------------
// Compile-time agreement between a schema and a computed type

/** Keys whose value may be undefined: JSON.stringify leaves them out, so in JSON they are optional. */
type UndefinedKeys<T> = { [K in keyof T]-?: undefined extends T[K] ? K : never }[keyof T];

/** What JSON.stringify makes of a value of type T, as a type (numbers stay numbers: the core never reports NaN). */
export type Serialized<T> = T extends string | number | boolean | null
  ? T
  : T extends readonly (infer U)[]
    ? T extends unknown[]
      ? Serialized<U>[]
      : readonly Serialized<U>[]
    : T extends object
      ? { [K in Exclude<keyof T, UndefinedKeys<T>>]: Serialized<T[K]> } & { [K in UndefinedKeys<T>]?: Serialized<Exclude<T[K], undefined>> }
      : T;

/**
 * True when the schema's type and the JSON of T are each assignable to the other: a field added,
 * removed, renamed or retyped on one side only makes it false. Checked where
 * each schema is defined: `type _X = Assert<Mirrors<typeof X, CoreX>>`.
 */
export type Mirrors<S extends z.ZodType, T> = [z.infer<S>] extends [Serialized<T>] ? ([Serialized<T>] extends [z.infer<S>] ? true : false) : false;
export type Assert<T extends true> = T;

// ---------------------------------------------------------------------------------------------
// Building blocks

/** The named schemas: components of the OpenAPI document, referenced wherever they recur. */
export const COMPONENTS = z.registry<{ id: string }>();

/** Registers `schema` as the component `id` (with a description) and returns it. */
export function named<T extends z.ZodType>(id: string, schema: T, description?: string): T {
  const described = description === undefined ? schema : schema.meta({ description });
  COMPONENTS.add(described, { id });
  return described;
}

/**
 * Objects are strict: a field the schema does not name fails validation, so the tests that
 * validate real responses catch a field added on the server but not in its contract.
 */
export const obj = z.strictObject;

export const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).meta({ description: "ISO date YYYY-MM-DD" });
export const IsoMonth = z.string().regex(/^\d{4}-\d{2}$/).meta({ description: "month YYYY-MM" });
/** Stored series behind a value, as "SERIES:source" (e.g. "^RUT:yahoo", "DFF:fred", "^RUT:demo" for the synthetic demo market). */
export const Sources = z.array(z.string()).meta({ description: 'stored series behind the value, as "SERIES:source"; source "demo" is the synthetic demo market' });
export const Basis = z.enum(["price", "total"]);

export const DateWindow = named("DateWindow", obj({ from: IsoDate, to: IsoDate }), "inclusive span of dates");
export type DateWindow = z.infer<typeof DateWindow>;

export const Unit = z.enum(["fraction", "ratio", "count", "days", "sessions", "level", "percent-points", "currency", "correlation"]);

const FIGURE_SHAPE = {
  value: z.number().nullable().meta({ description: "never NaN or infinite: null when not defined for the data, and `reason` says why" }),
  unit: Unit,
  asOf: IsoDate.nullable().meta({ description: "last date of data behind the figure" }),
  window: DateWindow.nullable().meta({ description: "first and last observation used (returns: base close .. end close)" }),
  sources: Sources,
  reason: z.string().optional(),
};
export const Figure = named("Figure", obj(FIGURE_SHAPE), "one reported number with its provenance");
export type Figure = z.infer<typeof Figure>;
/** A figure with more fields (Sharpe's risk-free rate, a drawdown's peak and trough). */
export const figureWith = <T extends z.ZodRawShape>(extra: T) => obj({ ...FIGURE_SHAPE, ...extra });

export const Unavailable = named("Unavailable", obj({ available: z.literal(false), reason: z.string() }), "a section or figure that could not be computed, and why");
/** A per-symbol result that could not be computed. */
export const UnavailableSymbol = obj({ available: z.literal(false), reason: z.string(), symbol: z.string() });

export const SeriesOut = named("SeriesOut", obj({ dates: z.array(IsoDate), values: z.array(z.number().nullable()) }), "a chart series: dates and values (null where missing), thinned for plotting");
export type SeriesOut = z.infer<typeof SeriesOut>;

const CHART_SERIES_SHAPE = {
  label: z.string(),
  dates: z.array(IsoDate),
  values: z.array(z.number().nullable()),
  asOf: IsoDate.nullable(),
  window: DateWindow.nullable(),
  sources: Sources,
};
/** A chart series re-expressed from stored closes (growth of 10,000, rolling returns, crash paths), with its provenance. */
export const ChartSeries = named("ChartSeries", obj(CHART_SERIES_SHAPE));
export const chartSeriesWith = <T extends z.ZodRawShape>(extra: T) => obj({ ...CHART_SERIES_SHAPE, ...extra });

// ---------------------------------------------------------------------------------------------
// The envelope

export const ResolvedWindowSchema = named(
  "MeasuredWindow",
  obj({
  mode: z.enum(["common", "full"]),
  series: z.array(z.string()),
  from: IsoDate.optional().meta({ description: "first day whose return counts (absent: each series' start)" }),
  to: IsoDate.optional().meta({ description: "last day, inclusive (absent: each series' end)" }),
  firstClose: IsoDate.nullable(),
  lastClose: IsoDate.nullable(),
  requested: obj({ from: IsoDate.nullable(), to: IsoDate.nullable() }),
  clipped: z.boolean(),
  startSetBy: z.array(z.string()),
  endSetBy: z.array(z.string()),
  reason: z.string(),
  text: z.string().meta({ description: 'the whole statement, e.g. "1990-01-02 to 2023-12-21, common to ^RUT, ^GSPC, ^IXIC"' }),
  strictEnd: z.boolean(),
}),
  "the window every figure of the response was measured over, and why",
);

/** `meta` of the measured endpoints and the stored series: the request as understood, the window measured, provenance. */
export const Meta = named("Meta", obj({
  storeVersion: z.string(),
  request: obj({
    from: IsoDate.nullable(),
    to: IsoDate.nullable(),
    symbols: z.array(z.string()).nullable(),
    benchmark: z.string().nullable(),
    span: z.enum(["common", "full"]).nullable(),
    basis: Basis.nullable(),
  }),
  window: ResolvedWindowSchema.nullable(),
  basis: Basis.nullable(),
  asOf: IsoDate.nullable().meta({ description: "the latest as-of date among the response's figures" }),
  sources: Sources.meta({ description: "every source the response rests on" }),
  demo: z.boolean().meta({ description: "true when any of it is the synthetic demo market" }),
}));
export type Meta = z.infer<typeof Meta>;

/** `meta` of the catalog endpoints (no window). */
export const StoreMeta = named("StoreMeta", obj({ storeVersion: z.string(), demo: z.boolean() }));

/** A measured response: `meta` first, then the endpoint's own fields. */
export const measured = <T extends z.ZodRawShape>(shape: T) => obj({ meta: Meta, ...shape });

type _DateWindow = Assert<Mirrors<typeof DateWindow, CoreDateWindow>>;
type _Figure = Assert<Mirrors<typeof Figure, CoreFigure>>;
type _Unavailable = Assert<Mirrors<typeof Unavailable, CoreUnavailable>>;
type _SeriesOut = Assert<Mirrors<typeof SeriesOut, CoreSeriesOut>>;
type _Window = Assert<Mirrors<typeof ResolvedWindowSchema, ResolvedWindow>>;
type _ChartSeries = Assert<Mirrors<typeof ChartSeries, ViewChartSeries>>;
