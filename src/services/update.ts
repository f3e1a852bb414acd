/**
 * `r2k update`: brings stored prices (Yahoo chart API), FRED series and iShares holdings up
 * to date. Each symbol, series or fund is one item: fetched, validated, then written in one
 * transaction with its provenance (sourceKind "url", the URL without any key, the sha256 of
 * the body). An item that fails leaves its stored rows exactly as they were and does not
 * stop the others. Details and failure modes: docs/live-data.md.
 *
 * This file is the public entry; the work is in ./update/: run.ts plans a run and sums it up,
 * prices.ts, fred.ts, holdings.ts and constituents.ts update one source each, and the decision
 * on fetched bars that meet stored ones is the pure reconcileBars (src/core/reconcile-bars.ts).
 */

export { UPDATE_ONLY } from "./update/types.ts";
export type { ConstituentsProgress, UpdateEvent, UpdateItem, UpdateOnly, UpdateOptions, UpdateReport, UpdateSource } from "./update/types.ts";
export { runUpdate, Updater } from "./update/run.ts";
export { StoredConflict } from "./update/context.ts";
export { yahooSymbol } from "../sources/files/share-classes.ts";
export { readState, type ConstituentState } from "./update/resume-state.ts";
export { isOnline, offlineMessage, storedUpTo } from "./update/offline.ts";
export { parseInterval, startRefreshLoop, type RefreshLoop } from "./update/refresh.ts";
export { describeLastUpdate, readLastUpdate, summarizeUpdate, writeLastUpdate, type LastUpdate } from "./update/last-run.ts";
export { SEC_USER_AGENT_MISSING } from "./update/fundamentals.ts";
