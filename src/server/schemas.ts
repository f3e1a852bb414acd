/**
 * Request schemas (zod): the single source for validation and for the OpenAPI document.
 * Everything a client can send is checked here; a value that fails answers 400 with the
 * reason, never reaches the store or the analytics.
 */
import { z } from "zod";
import { isIsoDate } from "../model/index.ts";

/** Dates outside this span are refused (a "huge range" is a mistake, not a question). */
export const MIN_DATE = "1900-01-01";
export const MAX_DATE = "2100-12-31";
export const MAX_SYMBOLS = 8;

export const DateParam = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date YYYY-MM-DD")
  .refine(isIsoDate, "must be a real calendar date")
  .refine((d) => d >= MIN_DATE && d <= MAX_DATE, `must be between ${MIN_DATE} and ${MAX_DATE}`)
  .meta({ description: "ISO date YYYY-MM-DD", example: "2015-01-01" });

/** Stored symbols look like ^RUT, IWM, BRK-B, DGS10, BAMLH0A0HYM2, EURUSD=X. */
export const SymbolParam = z
  .string()
  .regex(/^[A-Za-z0-9^][A-Za-z0-9^.=-]{0,31}$/, "must be a symbol of 1-32 letters, digits, ^ . = -")
  .meta({ description: "a stored series id", example: "^RUT" });

export const SymbolsParam = z
  .string()
  .max(400)
  .transform((s, ctx) => {
    const parts = s.split(",").map((p) => p.trim());
    if (parts.length > MAX_SYMBOLS) {
      ctx.addIssue({ code: "custom", message: `at most ${MAX_SYMBOLS} symbols` });
      return z.NEVER;
    }
    for (const p of parts) {
      const r = SymbolParam.safeParse(p);
      if (!r.success) {
        ctx.addIssue({ code: "custom", message: `${JSON.stringify(p.slice(0, 40))}: ${r.error.issues[0].message}` });
        return z.NEVER;
      }
    }
    return [...new Set(parts)];
  })
  .meta({ description: `comma-separated stored symbols (at most ${MAX_SYMBOLS}); default ^RUT,^GSPC,^IXIC`, example: "^RUT,^GSPC,^IXIC" });

export const MaxPointsParam = z.coerce
  .number()
  .int("must be an integer")
  .min(50)
  .max(20000)
  .meta({ description: "most points per returned series (longer series are thinned, keeping each bucket's extremes)", example: 1500 });

const intIn = (min: number, max: number, description: string) => z.coerce.number().int("must be an integer").min(min).max(max).meta({ description });

const fromBeforeTo = (q: { from?: string; to?: string }) => q.from === undefined || q.to === undefined || q.from <= q.to;
const INVERTED = { message: "from must not be after to", path: ["from"] };

const RANGE_SHAPE = { from: DateParam.optional(), to: DateParam.optional(), maxPoints: MaxPointsParam.optional() };

export const SpanParam = z
  .enum(["common", "full"])
  .meta({ description: "common (default): measure every series over the dates all of them have; full: each series over its own history" });
export const BasisParam = z
  .enum(["price", "total"])
  .meta({ description: "price (default): price returns; total: total returns where adjusted closes are stored (price elsewhere, marked)" });

const WINDOW_SHAPE = { ...RANGE_SHAPE, symbols: SymbolsParam.optional(), benchmark: SymbolParam.optional(), span: SpanParam.optional(), basis: BasisParam.optional() };

/** Window and subjects shared by the analytics endpoints, plus the endpoint's own parameters. */
function windowQuery<T extends z.ZodRawShape>(extra: T) {
  return z
    .object({ ...WINDOW_SHAPE, ...extra })
    .strict()
    .refine((q) => fromBeforeTo(q as { from?: string; to?: string }), INVERTED);
}

export const WindowQuery = windowQuery({});
export type WindowQuery = z.infer<typeof WindowQuery>;

export const RangeQuery = z.object(RANGE_SHAPE).strict().refine(fromBeforeTo, INVERTED);

export const SERIES_KINDS = ["index", "etf", "stock", "macro", "unknown"] as const;
export const SeriesListQuery = z
  .object({
    kind: z
      .string()
      .max(100)
      .transform((s, ctx) => {
        const parts = s.split(",").map((p) => p.trim());
        const bad = parts.find((p) => !(SERIES_KINDS as readonly string[]).includes(p));
        if (bad !== undefined) {
          ctx.addIssue({ code: "custom", message: `unknown kind ${JSON.stringify(bad.slice(0, 40))}; one of ${SERIES_KINDS.join(", ")}` });
          return z.NEVER;
        }
        return parts;
      })
      .optional()
      .meta({ description: `comma-separated kinds to list (default all): ${SERIES_KINDS.join(", ")}`, example: "index,etf" }),
  })
  .strict();

export const SeriesParams = z.object({ id: SymbolParam }).strict();

export const ReturnsQuery = windowQuery({ rollingYears: intIn(1, 20, "years of the rolling-return series (default 1)").optional() });
export const RollingQuery = windowQuery({ window: z.enum(["21", "63", "252"]).optional().meta({ description: "rolling window in sessions (default 63)" }) });

export const SECTIONS = ["symbols", "pairs", "caseStudies", "leadership", "leadLag", "rates", "regionalBanks", "composition", "valuation", "tracking"] as const;
export type SectionParam = (typeof SECTIONS)[number];
export const SnapshotQuery = windowQuery({
  sections: z
    .string()
    .max(200)
    .transform((s, ctx) => {
      const parts = s.split(",").map((p) => p.trim());
      const bad = parts.filter((p) => !(SECTIONS as readonly string[]).includes(p));
      if (bad.length) {
        ctx.addIssue({ code: "custom", message: `unknown section ${JSON.stringify(bad[0].slice(0, 40))}; one of ${SECTIONS.join(", ")}` });
        return z.NEVER;
      }
      return parts as SectionParam[];
    })
    .optional()
    .meta({ description: `comma-separated sections (default all): ${SECTIONS.join(", ")}` }),
});

/** A route without parameters: any parameter sent is refused, by name. */
export const NoQuery = z.object({}).strict();

/** Strips the parts of a ZodError a client needs: which parameter, what is wrong. */
/** Reconstitution preview over stored inputs only (no file paths over HTTP). */
const STORED_PRIOR = "stored:(IWM|IWB)(:\\d{4}-\\d{2}-\\d{2})?";
export const ReconQuery = z
  .object({
    universe: z
      .string()
      .regex(/^(demo|stored:[A-Za-z]{2,8})(:\d{4}-\d{2}-\d{2})?$/, "must be stored:FUND[:YYYY-MM-DD] (stored holdings) or demo[:YYYY-MM-DD] (the stored demo universe)")
      .optional()
      .meta({
        description: "stored universe: a fund's stored holdings (stored:IWV, latest unless dated) or the demo universe (default: the latest real IWV holdings, else the demo universe)",
        example: "stored:IWV",
      }),
    previous: z
      .string()
      .regex(
        new RegExp(`^(none|demo|stored|${STORED_PRIOR}(,${STORED_PRIOR})?)$`),
        "must be none, demo, stored, or stored:IWM / stored:IWB[:YYYY-MM-DD] (two joined by a comma)",
      )
      .optional()
      .meta({
        description:
          "previous membership for banding and the change report: stored = the latest stored IWB and IWM holdings dated before the rank day (the default for a real universe; later ones are left out with a warning); demo (the default for the demo universe); none ranks alone",
        example: "stored:IWB,stored:IWM",
      }),
    rankDate: DateParam.optional(),
    limit: intIn(0, 5000, "most rows per list (constituents, adds, deletes, migrations; default 100)").optional(),
  })
  .strict();

export function describeIssues(err: z.ZodError): string {
  return err.issues
    .slice(0, 3)
    .map((i) => {
      if (i.code === "unrecognized_keys") return `unknown parameter ${i.keys.map((k) => JSON.stringify(k.slice(0, 40))).join(", ")}`;
      const at = i.path.length ? `${i.path.join(".")}: ` : "";
      if (i.code === "invalid_type" && i.expected === "string") return `${at}must be given once, as text`;
      return `${at}${i.message}`;
    })
    .join("; ");
}
