import { dayToIso, isoToDay } from "../model/index.ts";
import {
  listHoldingSnapshots,
  listImports,
  listSeries,
  readCloses,
  type ImportRow,
  type StoredSeries,
  type Store,
} from "../store/index.ts";

export interface StatusReport {
  path: string;
  schemaVersion: number;
  series: StoredSeries[];
  holdings: { fund: string; asOf: string; constituents: number; source: string }[];
  universes: { universe: string; asOf: string; companies: number; source: string }[];
  lastImport: ImportRow | null;
  imports: number;
  hasDemo: boolean;
}

export async function statusReport(store: Store): Promise<StatusReport> {
  const series = await listSeries(store);
  const holdings = await listHoldingSnapshots(store);
  const universes = (
    await store.rows<Record<string, unknown>>(
      `select universe, as_of::varchar as as_of, count(*) as n, min(source) as source
       from securities group by universe, as_of order by universe, as_of`,
    )
  ).map((r) => ({ universe: String(r.universe), asOf: String(r.as_of), companies: Number(r.n), source: String(r.source) }));
  const imports = await listImports(store, 1);
  return {
    path: store.path,
    schemaVersion: await store.schemaVersion(),
    series,
    holdings,
    universes,
    lastImport: imports[0] ?? null,
    imports: Number(await store.scalar(`select count(*) from imports`)),
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

/** Index of the last date on or before `day`, or -1. */
function lastOnOrBefore(dates: Int32Array, day: number): number {
  let lo = 0;
  let hi = dates.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (dates[mid] <= day) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/**
 * Latest close and its 1-day, year-to-date and 1-year changes: each change is the latest
 * close over the close on the base date (previous trading day; last close of the previous
 * year; last close on or before the same date a year earlier), price return.
 */
export function latestChanges(dates: Int32Array, closes: Float64Array): Omit<IndexChange, "id" | "name" | "kind" | "sources"> | null {
  const n = dates.length;
  if (n === 0) return null;
  const last = n - 1;
  const asOf = dayToIso(dates[last]);
  const change = (i: number) => (i >= 0 && i < last ? { value: closes[last] / closes[i] - 1, base: dayToIso(dates[i]) } : null);
  const year = Number(asOf.slice(0, 4));
  const oneYearBack = isoToDay(`${year - 1}${asOf.slice(4)}`.replace("-02-29", "-02-28"));
  return {
    asOf,
    close: closes[last],
    day: change(last - 1),
    ytd: change(lastOnOrBefore(dates, isoToDay(`${year - 1}-12-31`))),
    year: dates[0] <= oneYearBack ? change(lastOnOrBefore(dates, oneYearBack)) : null,
  };
}

/** Latest level and changes of each stored index and ETF. */
export async function indexSummary(store: Store): Promise<IndexChange[]> {
  const out: IndexChange[] = [];
  for (const s of await listSeries(store)) {
    if (s.kind !== "index" && s.kind !== "etf") continue;
    const frame = await readCloses(store, s.id);
    const changes = latestChanges(frame.dates, frame.values);
    if (changes) out.push({ id: s.id, name: s.name, kind: s.kind, sources: s.sources, ...changes });
  }
  return out;
}
