import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defaultConfig, httpPolicy, type R2kConfig } from "../../config/index.ts";
import { dayToIso, isoToDay } from "../../model/index.ts";
import { FetchError, redactText } from "../../sources/live/errors.ts";
import { HttpClient } from "../../sources/live/http.ts";
import { ConflictError, type Store } from "../../store/index.ts";
import type { UpdateEvent, UpdateItem, UpdateOptions, UpdateSource } from "./types.ts";

/** Stored rows of another origin disagree with the source: the user decides (--replace). */
export class StoredConflict extends Error {
  override name = "StoredConflict";
  constructor(id: string, sources: string[], n: number, example: string) {
    super(
      `${n} stored row(s) of ${id} from ${sources.join(", ")} differ from the source (${example}); nothing written (\`r2k update --replace\` takes the source's values)`,
    );
  }
}

/** The URL of an item's latest answer, so a failure after it names what was asked. */
export interface Asked {
  url: string | null;
}

/** Calls `fn` on every item, at most `concurrency` at a time; once `signal` aborts, no new item starts. */
export async function pool<T>(items: readonly T[], concurrency: number, signal: AbortSignal | undefined, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length && !signal?.aborted) {
      const item = items[next++];
      await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
}

/**
 * What every source's update shares within one run: the store (reached one query or
 * transaction at a time), the HTTP client, the clock, the API key to keep out of every message,
 * a temp folder for downloads handed to the file importer, and the event stream.
 */
export class UpdateContext {
  readonly config: R2kConfig;
  readonly http: HttpClient;
  readonly now: () => Date;
  readonly apiKey: string | undefined;
  private tmp: string | null = null;

  constructor(
    readonly store: Store,
    readonly opts: UpdateOptions = {},
  ) {
    this.config = opts.config ?? defaultConfig();
    this.now = opts.now ?? (() => new Date());
    const key = (opts.env ?? process.env).FRED_API_KEY?.trim();
    this.apiKey = key ? key : undefined;
    const policy = httpPolicy(this.config);
    if (opts.constituents) {
      // A bulk run spaces its Yahoo requests further apart (constituents.minIntervalMs).
      const yahooHost = new URL(this.config.sources.yahoo.baseUrl).host;
      const limit = policy.hosts?.[yahooHost] ?? {};
      policy.hosts = { ...policy.hosts, [yahooHost]: { ...limit, minIntervalMs: Math.max(limit.minIntervalMs ?? 0, this.config.constituents.minIntervalMs) } };
    }
    this.http =
      opts.http ??
      new HttpClient(policy, {
        onEvent: (e) => {
          if (e.type === "retry") opts.onEvent?.({ ...e, reason: this.clean(e.reason) });
        },
      });
  }

  /**
   * Every read and write goes through the store's queue: it has one connection, and a query must
   * not run in the middle of another item's transaction (nor see its uncommitted rows).
   */
  alone<T>(fn: (store: Store) => Promise<T>): Promise<T> {
    return this.store.exclusive(() => fn(this.store));
  }

  /** Any text that leaves this service: the API key blanked out. */
  clean(text: string): string {
    return redactText(text, [this.apiKey]);
  }

  tempDir(): string {
    if (!this.tmp) this.tmp = mkdtempSync(join(tmpdir(), "r2k-update-"));
    return this.tmp;
  }

  removeTempDir(): void {
    if (this.tmp) rmSync(this.tmp, { recursive: true, force: true });
    this.tmp = null;
  }

  emit(e: UpdateEvent): void {
    this.opts.onEvent?.(e);
  }

  /** First date to fetch again after the last stored one: the configured overlap, in calendar days. */
  overlapFrom(lastStored: string): string {
    return dayToIso(isoToDay(lastStored) - this.config.overlapDays);
  }

  /** The item of a symbol, series or fund that could not be updated, with why in words. */
  failed(source: UpdateSource, id: string, err: unknown, url: string | null = null): UpdateItem {
    let kind: UpdateItem["errorKind"];
    let reason: string;
    if (err instanceof FetchError) {
      kind = err.kind;
      reason = err.message;
    } else if (err instanceof StoredConflict) {
      kind = "conflict";
      reason = err.message;
    } else if (err instanceof ConflictError) {
      kind = "conflict";
      reason = `${err.message.replace(/; use --replace.*$/, "")}; nothing written (\`r2k update --replace\` takes the source's values)`;
    } else {
      kind = "invalid";
      reason = (err as Error)?.message ?? String(err);
    }
    return { source, id, status: "failed", added: 0, updated: 0, firstDate: null, lastDate: null, importId: null, url: url && this.clean(url), reason: this.clean(reason), errorKind: kind, notes: [] };
  }
}
