import { defaultConfig, type R2kConfig } from "../../config/index.ts";
import { latestStoredDate, type Store } from "../../store/index.ts";

/** Telling whether the sources can be reached, and what an offline run keeps. */

/**
 * Latest date of any stored price or observation (what "keeping the data stored up to" names).
 * Updates write only the user's store, which never holds synthetic demo rows.
 */
export async function storedUpTo(store: Store): Promise<string | null> {
  return latestStoredDate(store);
}

/** The one line an offline run prints (the CLI and `npm start` use it). */
export function offlineMessage(storedUpToDate: string | null): string {
  if (storedUpToDate) return `no network: keeping the data stored up to ${storedUpToDate}`;
  return "no network: nothing is stored yet (`r2k demo` generates the synthetic demo market, in a file of its own)";
}

/**
 * A cheap reachability probe: true as soon as any configured source host answers at all
 * (any HTTP status), false when none does within `timeoutMs` (DNS failure, refused, no route).
 */
export async function isOnline(opts: { config?: R2kConfig; timeoutMs?: number; fetch?: typeof fetch } = {}): Promise<boolean> {
  const config = opts.config ?? defaultConfig();
  const doFetch = opts.fetch ?? globalThis.fetch;
  const origins = [
    ...new Set([config.sources.yahoo.baseUrl, config.sources.fred.csvBaseUrl, config.sources.ishares.baseUrl].map((u) => new URL(u).origin)),
  ];
  const timeoutMs = opts.timeoutMs ?? 3000;
  try {
    return await Promise.any(
      origins.map(async (origin) => {
        const res = await doFetch(`${origin}/`, { method: "HEAD", signal: AbortSignal.timeout(timeoutMs), redirect: "manual" });
        await res.body?.cancel().catch(() => undefined);
        return true;
      }),
    );
  } catch {
    return false;
  }
}
