/**
 * Reads what a report needs from the store and measures it, under the same window rule as
 * every other face (src/core/analytics/window.ts): the compared indices' common span by
 * default, a `from`/`asof` the user gives clipped to it. Nothing after the window's end is read
 * (event studies and regime tables included). Holdings and fundamentals: with `asof` given, only
 * snapshots dated on or before it (none, rather than a later one); otherwise the latest stored,
 * each shown with its own date.
 */
import type { Measurement, ReturnBasis, SnapshotOptions, Staleness, WindowMode } from "../core/analytics/index.ts";
import { isIsoDate } from "../model/index.ts";
import { AnalyticsInputError, measureStore, stalenessOf, type LoadInputsOptions } from "../services/analytics.ts";
import { DEFAULT_FUND_ROLES, type FundRoles } from "../services/funds.ts";
import { statusReport, type StatusReport } from "../services/summary.ts";
import { type ValuationHistoryReport, valuationHistoryOf } from "../services/valuation-history.ts";
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
  /** Window end: compute everything as if on this date (YYYY-MM-DD). */
  asof?: string;
  /** Window start: the first day whose return counts (YYYY-MM-DD). */
  from?: string;
  /** common (default): the dates every compared index has; full: each index's own history. */
  span?: WindowMode;
  /** price (default) or total return where adjusted closes are stored. */
  basis?: ReturnBasis;
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
  /** The instant staleness is judged at (default: now). */
  now?: Date;
  /** The small- and large-cap funds (default: IWM; IWB, else IVV; IWM and SPY for total returns). */
  funds?: FundRoles;
}

export interface ReportData {
  /** The window's last close: what "as of" means everywhere in the report. */
  asOf: string;
  asOfRequested: boolean;
  smallCap: string;
  benchmark: string;
  /** Indices compared side by side: the small cap, the benchmark, the S&P 500 and Nasdaq when stored. */
  indices: string[];
  /** Small-cap ETFs reported for access (IWM when stored). */
  etfs: string[];
  measurement: Measurement;
  funds: FundRoles;
  catalog: StoredSeries[];
  status: StatusReport;
  staleness: Staleness;
  /** The small-vs-large valuation at each quarter end (unavailable, with why, without SEC facts or closes). */
  valuationHistory: ValuationHistoryReport;
}


function stored(catalog: StoredSeries[], id: string): StoredSeries | undefined {
  return catalog.find((s) => s.id === id && s.table === "bars");
}

/** Loads and measures: everything a report (or the terminal comparison) shows. */
export async function loadReportData(store: Store, req: ReportRequest = {}): Promise<ReportData> {
  for (const [name, v] of [["--asof", req.asof], ["--from", req.from]] as const) {
    if (v !== undefined && !isIsoDate(v)) throw new ReportInputError(`${name}: not a calendar date YYYY-MM-DD: ${JSON.stringify(v)}`, "usage");
  }
  const catalog = await listSeries(store);
  const priceSeries = catalog.filter((s) => s.table === "bars" && s.kind !== "stock").map((s) => s.id);
  const smallCap = req.smallCap ?? "^RUT";
  const small = stored(catalog, smallCap);
  if (!small) {
    throw new ReportInputError(
      catalog.length === 0
        ? "nothing is stored yet: import files (`r2k import FILE|DIR`), or generate the synthetic demo market (`r2k demo`) and report on it (`r2k --demo report`)"
        : `the report needs the ${smallCap} price history; stored price series: ${priceSeries.join(", ") || "none"} (import ^RUT.csv or run \`r2k update\`)`,
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
  const indices = [...new Set([smallCap, benchmark, "^GSPC", "^IXIC"])].filter((s) => stored(catalog, s));
  const funds = req.funds ?? DEFAULT_FUND_ROLES;
  const etfs = [funds.smallFund].filter((s) => s !== smallCap && stored(catalog, s));
  const breadth = req.breadth !== false && catalog.some((s) => s.kind === "stock");

  let measurement: Measurement;
  try {
    measurement = await measureStore(store, {
      compared: indices,
      alsoReported: etfs,
      benchmark,
      from: req.from,
      to: req.asof,
      mode: req.span,
      basis: req.basis,
      load: { ...req.load, tickerMap: funds.tickerMap, ...(breadth ? { constituents: [funds.smallFund] } : {}) },
      options: {
        smallCap,
        largeCap: benchmark,
        smallFund: funds.smallFund,
        largeFunds: funds.largeFunds,
        capFunds: funds.capFunds,
        regionalBanks: ["KRE", funds.smallFund],
        includeSeries: req.includeSeries !== false,
        sections: req.sections,
      },
    });
  } catch (err) {
    if (err instanceof AnalyticsInputError) throw new ReportInputError(err.message, "usage");
    throw err;
  }
  const w = measurement.window;
  const asOf = w.lastClose ?? w.to ?? small.last;
  const now = req.now ?? new Date();
  return {
    asOf,
    asOfRequested: req.asof !== undefined,
    smallCap,
    benchmark,
    indices,
    etfs,
    measurement,
    funds,
    catalog,
    status: await statusReport(store),
    staleness: stalenessOf(catalog, now),
    valuationHistory: await valuationHistoryOf(store, { roles: funds, tickerMap: funds.tickerMap }),
  };
}
