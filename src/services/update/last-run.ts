/**
 * The outcome of the latest update (r2k update, serve --refresh, the server's schedule), kept in
 * a small file beside the store, so that `r2k status`, /api/health and the dashboard can say
 * "updated 18:05 ET, 17 items, 1 failed: ..." whichever process ran it.
 */
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import type { UpdateReport } from "./types.ts";

export interface LastUpdate {
  /** When the run ended (ISO instant). */
  finishedAt: string;
  /** What started it. */
  trigger: "update" | "refresh" | "schedule";
  items: number;
  updated: number;
  failed: number;
  /** The first failed item and its reason, shortened. */
  firstFailure: string | null;
  offline: boolean;
}

/** The file beside `storePath` (r2k.duckdb -> r2k.last-update.json); null for an in-memory store. */
export function lastUpdatePath(storePath: string): string | null {
  if (storePath === ":memory:") return null;
  return join(dirname(storePath), `${basename(storePath).replace(/\.duckdb$/, "")}.last-update.json`);
}

export function summarizeUpdate(report: UpdateReport, finishedAt: Date, trigger: LastUpdate["trigger"]): LastUpdate {
  const failed = report.items.filter((i) => i.status === "failed");
  const first = failed[0];
  return {
    finishedAt: finishedAt.toISOString(),
    trigger,
    items: report.items.length,
    updated: report.items.filter((i) => i.status === "updated").length,
    failed: failed.length,
    firstFailure: first ? `${first.id}: ${(first.reason ?? "failed").slice(0, 160)}` : null,
    offline: report.offline,
  };
}

/** Writes the record (atomically); a store that cannot have one, or a failed write, is not an error of the update. */
export function writeLastUpdate(storePath: string, last: LastUpdate): void {
  const path = lastUpdatePath(storePath);
  if (!path) return;
  try {
    writeFileSync(`${path}.tmp`, `${JSON.stringify(last, null, 2)}\n`);
    renameSync(`${path}.tmp`, path);
  } catch {
    // The record is a convenience; the update itself is stored either way.
  }
}

/** The record beside the store, or null when there is none (or it cannot be read). */
export function readLastUpdate(storePath: string): LastUpdate | null {
  const path = lastUpdatePath(storePath);
  if (!path) return null;
  try {
    const v = JSON.parse(readFileSync(path, "utf8")) as LastUpdate;
    return typeof v.finishedAt === "string" && typeof v.items === "number" ? v : null;
  } catch {
    return null;
  }
}

/** "updated 18:05 ET (2026-12-01), 17 items, 1 failed: IWM: ..." in the given zone. */
export function describeLastUpdate(last: LastUpdate, timeZone = "America/New_York"): string {
  const at = new Date(last.finishedAt);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", timeZoneName: "short" })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const when = `${parts.hour}:${parts.minute} ${parts.timeZoneName} (${parts.year}-${parts.month}-${parts.day})`;
  if (last.offline) return `update at ${when} found no network: stored data kept`;
  return (
    `updated ${when}, ${last.items} item${last.items === 1 ? "" : "s"}, ${last.updated} changed` +
    (last.failed ? `, ${last.failed} failed: ${last.firstFailure}` : ", none failed")
  );
}
