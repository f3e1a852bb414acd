import { Store } from "../../store/index.ts";
import { runUpdate } from "./run.ts";
import type { UpdateOptions, UpdateReport } from "./types.ts";

/** "6h", "30m", "90s", "1d", "500ms" -> milliseconds (for `r2k serve --refresh`). */
export function parseInterval(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)\s*$/i.exec(text);
  if (!m) throw new Error(`not an interval: ${JSON.stringify(text)} (use e.g. 30m, 6h, 1d)`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2].toLowerCase() as "ms" | "s" | "m" | "h" | "d"];
  const ms = Math.round(Number(m[1]) * unit);
  if (ms < 1000) throw new Error(`refresh interval ${text} is too short (at least 1s)`);
  return ms;
}

export interface RefreshLoop {
  /** Stops the timer, interrupts a run in progress and waits for it to end. */
  stop(): Promise<void>;
  /** Runs an update now unless one is running (then returns that one). */
  runNow(): Promise<UpdateReport | null>;
  readonly lastReport: UpdateReport | null;
}

/**
 * Keeps a store current in the background (`r2k serve --refresh 6h`): an update at start
 * (unless `runAtStart` is false), then one `intervalMs` after the previous one finished, so
 * runs never overlap. `target` is an open Store (the server's own: writes go through its
 * transactions) or a store path, opened for each run and closed after it. The timer does not
 * keep the process alive. Reports go to `onReport`, unexpected errors to `onError`; nothing throws.
 */
export function startRefreshLoop(
  target: Store | string,
  /** A fixed interval, or the wait before the next run, asked after each (a daily schedule). */
  intervalMs: number | (() => number),
  opts: Omit<UpdateOptions, "signal"> & {
    runAtStart?: boolean;
    /** Runs each update when no other write is running (a server's writes go one at a time). */
    serialize?: <T>(work: () => Promise<T>) => Promise<T>;
    onReport?: (r: UpdateReport) => void;
    onError?: (err: unknown) => void;
  } = {},
): RefreshLoop {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<UpdateReport | null> | null = null;
  let lastReport: UpdateReport | null = null;
  let stopped = false;

  const work = async (): Promise<UpdateReport | null> => {
    const store = typeof target === "string" ? await Store.open(target) : target;
    try {
      const report = await runUpdate(store, { ...opts, signal: controller.signal });
      lastReport = report;
      opts.onReport?.(report);
      return report;
    } finally {
      if (typeof target === "string") store.close();
    }
  };
  const once = () => (opts.serialize ? opts.serialize(work) : work());
  const schedule = () => {
    if (stopped) return;
    // setTimeout fires at once past 2^31 - 1 ms (about 24 days).
    timer = setTimeout(() => void runNow(), Math.min(2 ** 31 - 1, Math.max(0, typeof intervalMs === "number" ? intervalMs : intervalMs())));
    timer.unref();
  };
  const runNow = (): Promise<UpdateReport | null> => {
    if (running) return running;
    if (stopped) return Promise.resolve(null);
    if (timer) clearTimeout(timer);
    running = once()
      .catch((err: unknown) => {
        opts.onError?.(err);
        return null;
      })
      .finally(() => {
        running = null;
        schedule();
      });
    return running;
  };
  if (opts.runAtStart === false) schedule();
  else void runNow();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      controller.abort();
      await running;
    },
    runNow,
    get lastReport() {
      return lastReport;
    },
  };
}
