/**
 * Reads what a report needs from the store and computes its snapshot, as of one date.
 *
 * No look-ahead: with `asof` given, every bar, macro observation and constituent close after it
 * is cut away before anything is computed (event studies and regime tables included), and only
 * holdings and fundamentals snapshots dated on or before it are used (none, rather than a later
 * one, when the store has nothing that early). Without `asof` the report is as of the small-cap
 * index's last close: prices and macro series are cut there so every column ends on the same
 * day, and the latest holdings snapshot describes the composition (its own date is shown).
 */
import {
  snapshot,
  type ConstituentsInput,
  type MacroInput,
  type Snapshot,
  type SnapshotInputs,
  type SnapshotOptions,
} from "../core/analytics/index.ts";
import { dayToIso, isIsoDate, isoToDay, lastIndexOnOrBefore, type BarFrame } from "../model/index.ts";
import { loadConstituents, loadSnapshotInputs, symbolsFor, type LoadInputsOptions } from "../services/analytics.ts";
import { statusReport, type StatusReport } from "../services/summary.ts";
import { listSeries, type StoredSeries, type Store } from "../store/index.ts";

/** A request the store cannot answer: `noData` (nothing to report on) or `usage` (bad option). */
export class ReportInputError extends Error {
  override name = "ReportInputError";
  constructor(
    message: string,
    readonly kind: "usage" | "noData",
  ) {
    super(message);
  }
}

export interface ReportRequest {
  /** Compute everything as if on this date (YYYY-MM-DD). */
  asof?: string;
  /** Benchmark for beta, correlation, capture and relative strength (default ^GSPC). */
  benchmark?: string;
  /** The small-cap index the report is about (default ^RUT). */
  smallCap?: string;
  /** Full series for charts (default true; the terminal comparison does without). */
  includeSeries?: boolean;
  /** Snapshot sections to compute (all by default). */
  sections?: SnapshotOptions["sections"];
  /** Load constituent closes for breadth when stored (default true). */
  breadth?: boolean;
  /** What else to load (default: every macro series, holdings and fundamentals). */
  load?: Pick<LoadInputsOptions, "macro" | "holdings" | "fundamentals">;
}

export interface ReportData {
  asOf: string;
  asOfRequested: boolean;
  smallCap: string;
  benchmark: string;
  /** Indices compared side by side: the small cap, the benchmark, the S&P 500 and Nasdaq when stored. */
  indices: string[];
  /** Small-cap ETFs reported for access (IWM when stored). */
  etfs: string[];
  /** The window every index column is measured over: from the latest first close to the as-of date. */
  window: { from: string; to: string } | null;
  snapshot: Snapshot;
  /** The inputs as the snapshot saw them (already cut at the as-of date). */
  inputs: SnapshotInputs;
  catalog: StoredSeries[];
  status: StatusReport;
}

const SMALL_CAP_ETFS = ["IWM"];
const BREADTH_FUND = "IWM";
/** Calendar days of breadth history (advance/decline line, % above averages) shown. */
const BREADTH_DAYS = 730;

/** The bars on or before `day`. */
export function clipBars(b: BarFrame, day: number): BarFrame {
  const n = lastIndexOnOrBefore(b.dates, day) + 1;
  if (n === b.dates.length) return b;
  return {
    ...b,
    dates: b.dates.subarray(0, n),
    open: b.open.subarray(0, n),
    high: b.high.subarray(0, n),
    low: b.low.subarray(0, n),
    close: b.close.subarray(0, n),
    adjClose: b.adjClose.subarray(0, n),
    volume: b.volume.subarray(0, n),
  };
}

/** A series' observations on or before `day`. */
export function clipFrame<T extends { dates: Int32Array; values: Float64Array }>(f: T, day: number): T {
  const n = lastIndexOnOrBefore(f.dates, day) + 1;
  if (n === f.dates.length) return f;
  return { ...f, dates: f.dates.subarray(0, n), values: f.values.subarray(0, n) };
}

/** Cuts every input at `asOf`; with `strict`, also drops holdings and fundamentals dated after it. */
export function clipInputs(inputs: SnapshotInputs, asOf: string, strict: boolean): SnapshotInputs {
  const day = isoToDay(asOf);
  const macro: MacroInput[] = (inputs.macro ?? []).map((m) => clipFrame(m, day)).filter((m) => m.dates.length > 0);
  const constituents: ConstituentsInput[] = (inputs.constituents ?? []).map((c) => ({
    ...c,
    closes: c.closes.map((f) => clipFrame(f, day)).filter((f) => f.dates.length > 0),
  }));
  return {
    bars: inputs.bars.map((b) => clipBars(b, day)).filter((b) => b.dates.length > 0),
    macro,
    holdings: (inputs.holdings ?? []).filter((h) => !strict || h.asOf <= asOf),
    fundamentals: (inputs.fundamentals ?? []).filter((f) => !strict || f.asOf <= asOf),
    constituents: constituents.filter((c) => c.closes.length > 0),
  };
}

function stored(catalog: StoredSeries[], id: string): StoredSeries | undefined {
  return catalog.find((s) => s.id === id && s.table === "bars");
}

/** Loads, cuts and computes: everything a report (or the terminal comparison) shows. */
export async function loadReportData(store: Store, req: ReportRequest = {}): Promise<ReportData> {
  if (req.asof !== undefined && !isIsoDate(req.asof)) {
    throw new ReportInputError(`--asof: not a calendar date YYYY-MM-DD: ${JSON.stringify(req.asof)}`, "usage");
  }
  const catalog = await listSeries(store);
  const priceSeries = catalog.filter((s) => s.table === "bars" && s.kind !== "stock").map((s) => s.id);
  const smallCap = req.smallCap ?? "^RUT";
  const small = stored(catalog, smallCap);
  if (!small) {
    throw new ReportInputError(
      catalog.length === 0
        ? "nothing is stored yet: import files (`r2k import FILE|DIR`) or load the synthetic demo market (`r2k demo`)"
        : `the report needs the ${smallCap} price history; stored price series: ${priceSeries.join(", ") || "none"} (import ^RUT.csv, run \`r2k update\` or \`r2k demo\`)`,
      "noData",
    );
  }
  const benchmark = req.benchmark ?? "^GSPC";
  if (!stored(catalog, benchmark)) {
    throw new ReportInputError(`--benchmark: ${benchmark} is not a stored price series (stored: ${priceSeries.join(", ") || "none"})`, "usage");
  }
  if (benchmark === smallCap) throw new ReportInputError(`--benchmark: ${benchmark} is the index the report is about; pick another`, "usage");
  if (req.asof !== undefined && req.asof < small.first) {
    throw new ReportInputError(`--asof ${req.asof} is before the first stored ${smallCap} close (${small.first})`, "noData");
  }
  const asOfRequested = req.asof !== undefined;
  const asOf = req.asof ?? small.last;

  const indices = [...new Set([smallCap, benchmark, "^GSPC", "^IXIC"])].filter((s) => stored(catalog, s));
  const etfs = SMALL_CAP_ETFS.filter((s) => s !== smallCap && stored(catalog, s));
  const subjects = [...indices, ...etfs];
  const options: SnapshotOptions = { subjects, benchmark, smallCap, largeCap: benchmark };
  const symbols = symbolsFor(options, catalog);

  const loaded = await loadSnapshotInputs(store, { symbols, to: asOfRequested ? asOf : undefined, ...req.load });
  if (req.breadth !== false && loaded.holdings?.some((h) => h.fund === BREADTH_FUND) && catalog.some((s) => s.kind === "stock")) {
    const from = dayToIso(isoToDay(asOf) - BREADTH_DAYS);
    const c = await loadConstituents(store, BREADTH_FUND, { from, to: asOfRequested ? asOf : undefined });
    if (c.closes.length) loaded.constituents = [c];
  }
  const inputs = clipInputs(loaded, asOf, asOfRequested);

  const day = isoToDay(asOf);
  const firsts = indices
    .map((s) => inputs.bars.find((b) => b.symbol === s))
    .filter((b): b is BarFrame => !!b && b.dates.length > 0 && b.dates[0] <= day)
    .map((b) => b.dates[0]);
  const from = firsts.length ? dayToIso(Math.max(...firsts)) : undefined;
  const window = from !== undefined && from <= asOf ? { from, to: asOf } : null;

  let snap: Snapshot;
  try {
    snap = snapshot(inputs, {
      ...options,
      subjects: subjects.filter((s) => inputs.bars.some((b) => b.symbol === s)),
      from: window?.from,
      to: asOf,
      includeSeries: req.includeSeries !== false,
      sections: req.sections,
    });
  } catch (err) {
    if (err instanceof RangeError) throw new ReportInputError(err.message, "usage");
    throw err;
  }
  return { asOf, asOfRequested, smallCap, benchmark, indices, etfs, window, snapshot: snap, inputs, catalog, status: await statusReport(store) };
}
