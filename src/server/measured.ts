/**
 * What every measured endpoint shares: the request's window (defaults filled, symbols checked),
 * the measurement over the cached inputs, and the response envelope. Every handler measures
 * through `measure` (src/core/analytics/measure.ts): the same window rule, cut at the window's
 * end and return basis as the CLI and the report, so a labelled figure is the same number in
 * every face. The envelope states the window used.
 */
import { measure, type Measurement, type SectionName, type SnapshotInputs, type SnapshotOptions, type Unavailable } from "../core/analytics/index.ts";
import { provenanceOf } from "../views/provenance.ts";
import { badRequest } from "./api.ts";
import type { Catalog, ServerContext } from "./context.ts";
import type { Meta } from "./responses/shared.ts";
import { SECTIONS, type WindowQuery } from "./schemas.ts";

export const DEFAULT_MAX_POINTS = 1500;

/** A request's subjects and window as given (defaults filled, symbols checked). */
export interface RequestWindow {
  from?: string;
  to?: string;
  span: "common" | "full";
  basis: "price" | "total";
  symbols: string[];
  benchmark: string | null;
  maxPoints: number;
}

/** Fills defaults and checks every named symbol is a stored price series (else 400). */
export function requestWindow(q: WindowQuery, catalog: Catalog): RequestWindow {
  const check = (s: string, what: string) => {
    const meta = catalog.bySymbol.get(s);
    if (!meta) {
      const known = catalog.series.filter((x) => x.table === "bars" && x.kind !== "stock").map((x) => x.id);
      throw badRequest(`${what}: unknown symbol ${JSON.stringify(s)}; stored price series: ${known.slice(0, 20).join(", ") || "none"}`);
    }
    if (meta.table !== "bars") throw badRequest(`${what}: ${s} is a macro series, not a price series`);
  };
  const symbols = q.symbols ?? catalog.defaultSymbols;
  for (const s of symbols) check(s, "symbols");
  if (q.benchmark !== undefined) check(q.benchmark, "benchmark");
  return {
    from: q.from,
    to: q.to,
    span: q.span ?? "common",
    basis: q.basis ?? "price",
    symbols,
    benchmark: q.benchmark ?? catalog.defaultBenchmark,
    maxPoints: q.maxPoints ?? DEFAULT_MAX_POINTS,
  };
}

/** The response envelope: the request as understood, the window measured, provenance, demo flag. */
export function envelope<T extends object>(catalog: Catalog, w: Partial<RequestWindow>, data: T, m?: Measurement): { meta: Meta } & T {
  const { asOf, sources } = provenanceOf(data);
  const prov = { asOf, sources };
  return {
    meta: {
      storeVersion: catalog.version,
      request: { from: w.from ?? null, to: w.to ?? null, symbols: w.symbols ?? null, benchmark: w.benchmark ?? null, span: w.span ?? null, basis: w.basis ?? null },
      window: m ? m.window : null,
      basis: m ? m.basis : null,
      asOf: prov.asOf,
      sources: prov.sources,
      demo: prov.sources.some((s) => s.endsWith(":demo")),
    },
    ...data,
  };
}

export interface MeasuredExtra {
  /** Snapshot options over the server's defaults (the configured funds). */
  options?: SnapshotOptions;
  /** Inputs to measure instead of the cached ones (breadth adds constituent closes). */
  inputs?: SnapshotInputs;
  /** Series reported besides the compared ones (see MeasureRequest.alsoReported). */
  alsoReported?: string[];
}

/** Measures the request over the cached inputs, computing only `sections`; a window the data cannot fill is a 400. */
export async function measured(ctx: ServerContext, w: RequestWindow, sections: SectionName[], extra: MeasuredExtra = {}): Promise<Measurement> {
  const all: SectionName[] = [...SECTIONS, "breadth"];
  const on = Object.fromEntries(all.map((s) => [s, sections.includes(s)])) as Record<SectionName, boolean>;
  const base = extra.inputs ?? (await ctx.inputs());
  try {
    return measure(base, {
      compared: w.symbols,
      alsoReported: extra.alsoReported ?? [],
      benchmark: w.benchmark ?? undefined,
      from: w.from,
      to: w.to,
      mode: w.span,
      basis: w.basis,
      options: { smallFund: ctx.funds.smallFund, largeFunds: ctx.funds.largeFunds, capFunds: ctx.funds.capFunds, regionalBanks: ["KRE", ctx.funds.smallFund], ...extra.options, sections: on },
    });
  } catch (err) {
    if (err instanceof RangeError) throw badRequest(err.message);
    throw err;
  }
}

/**
 * The cached inputs plus the small-cap fund's constituent closes up to `to`, which breadth
 * needs (heavy, so loaded only here); or why there are none.
 */
export async function breadthInputs(ctx: ServerContext, catalog: Catalog, to: string | undefined): Promise<SnapshotInputs | Unavailable> {
  const fund = ctx.funds.smallFund;
  if (!catalog.holdings.some((h) => h.fund === fund)) {
    return { available: false, reason: `no ${fund} holdings stored: import an iShares ${fund} holdings file, then the constituents' prices (r2k update --constituents)` };
  }
  const inputs = await ctx.inputs();
  const constituents = await ctx.constituents(fund, to);
  return { ...inputs, constituents: [constituents] };
}
