/**
 * How current the stored data is, for the faces: the store's series handed to the pure rule of
 * core/analytics/staleness.ts. A module of its own so that `r2k status` does not load the analytics.
 */
import { staleness, type Staleness } from "../core/analytics/staleness.ts";
import { listSeries, type StoredSeries } from "../store/read.ts";
import type { Store } from "../store/store.ts";

/** Is the stored data current at `now`? Index and ETF prices against the exchange calendar, macro series against their publication lag. */
export async function storeStaleness(store: Store, now: Date): Promise<Staleness> {
  return stalenessOf(await listSeries(store), now);
}

export function stalenessOf(stored: readonly StoredSeries[], now: Date): Staleness {
  const spans = stored
    .filter((s) => (s.table === "bars" && (s.kind === "index" || s.kind === "etf")) || s.table === "observations")
    .map((s) => ({ id: s.id, table: s.table, frequency: s.frequency, last: s.last }));
  return staleness(spans, now);
}
