import { HORIZONS, horizonReturns } from "../core/analytics/returns.ts";
import { dayToIso } from "../model/dates.ts";
// The store's readers, not store/index.ts: `r2k status` never loads the write paths.
import type { StoreKind } from "../store/kind.ts";
import { countImports, listUniverses } from "../store/queries.ts";
import { fundamentalsSummary, type FundamentalsSummary } from "../store/fundamentals-read.ts";
import { listHoldingSnapshots, listImports, listSeries, readCloses, type ImportRow, type StoredSeries } from "../store/read.ts";
import type { Store } from "../store/store.ts";
import { describeLastUpdate, readLastUpdate } from "./update/last-run.ts";

export interface StatusReport {
  path: string;
  /** "user": your own data; "demo": the synthetic demo market's own file. */
  kind: StoreKind;
  schemaVersion: number;
  series: StoredSeries[];
  holdings: { fund: string; asOf: string; constituents: number; source: string }[];
  universes: { universe: string; asOf: string; companies: number; source: string }[];
  lastImport: ImportRow | null;
  imports: number;
  hasDemo: boolean;
  /** The latest update from the live sources (r2k update, the server's), as recorded beside the store. */
  lastUpdate: { text: string; finishedAt: string } | null;
  /** Companies and XBRL facts from SEC EDGAR. */
  fundamentals: FundamentalsSummary;
}

function lastUpdateOf(path: string): StatusReport["lastUpdate"] {
  const last = readLastUpdate(path);
  return last && { text: describeLastUpdate(last), finishedAt: last.finishedAt };
}

export async function statusReport(store: Store): Promise<StatusReport> {
  const series = await listSeries(store);
  const holdings = await listHoldingSnapshots(store);
  const universes = await listUniverses(store);
  const imports = await listImports(store, 1);
  return {
    path: store.path,
    kind: store.kind,
    schemaVersion: await store.schemaVersion(),
    series,
    holdings,
    universes,
    lastImport: imports[0] ?? null,
    imports: await countImports(store),
    lastUpdate: lastUpdateOf(store.path),
    fundamentals: await fundamentalsSummary(store),
    hasDemo:
      series.some((s) => s.sources.includes("demo")) ||
      holdings.some((h) => h.source === "demo") ||
      universes.some((u) => u.source === "demo"),
  };
}

export interface IndexChange {
  id: string;
  name: string;
  kind: string;
  asOf: string;
  close: number;
  /** Close-to-close change over the period, with the base date it is measured from. */
  day: { value: number; base: string } | null;
  ytd: { value: number; base: string } | null;
  year: { value: number; base: string } | null;
  sources: string[];
}

const SUMMARY_HORIZONS = HORIZONS.filter((h) => h.label === "1D" || h.label === "YTD" || h.label === "1Y");

/**
 * Latest close and its 1-day, year-to-date and 1-year price changes, with the base date each
 * is measured from (the analytics core's horizon returns: previous close; last close of the
 * previous year; last close on or before the same date a year earlier).
 */
export function latestChanges(dates: Int32Array, closes: Float64Array): Omit<IndexChange, "id" | "name" | "kind" | "sources"> | null {
  if (dates.length === 0) return null;
  const [day, ytd, year] = horizonReturns(dates, closes, SUMMARY_HORIZONS).map((h) =>
    h.baseDate === null || !Number.isFinite(h.value) ? null : { value: h.value, base: dayToIso(h.baseDate) },
  );
  return { asOf: dayToIso(dates[dates.length - 1]), close: closes[closes.length - 1], day, ytd, year };
}

/** Latest level and changes of each stored index and ETF, each at its own last close (on or before `to`). */
export async function indexSummary(store: Store, to?: string): Promise<IndexChange[]> {
  const out: IndexChange[] = [];
  for (const s of await listSeries(store)) {
    if (s.kind !== "index" && s.kind !== "etf") continue;
    const frame = await readCloses(store, s.id, to === undefined ? {} : { to });
    const changes = latestChanges(frame.dates, frame.values);
    if (changes) out.push({ id: s.id, name: s.name, kind: s.kind, sources: s.sources, ...changes });
  }
  return out;
}
