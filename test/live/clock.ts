import { FetchError } from "../../src/sources/live/errors.ts";
import type { HttpDeps, HttpEvent } from "../../src/sources/live/http.ts";

/**
 * A clock for the HTTP layer's waits (HttpDeps `now` and `sleep`): virtual time that stands still
 * while anything else can run and jumps to the earliest wake-up when the process would otherwise
 * wait, one sleeper at a time (each wakes after everything its predecessor set off has settled),
 * so the order of starts is the one real time would give, without waiting. Tests assert the
 * waits asked for (backoff, Retry-After, host spacing) and the clock time of each request, never
 * elapsed wall-clock time. Timeouts stay real (they are the client's own timer).
 */
export class TestClock {
  /** Starts far from 0, as Date.now() would: a host's first request needs no spacing wait. */
  time = 1_700_000_000_000;
  /** Every wait asked for, in order (ms). */
  readonly waits: number[] = [];
  /** Clock time of each request attempt and of each retry decision. */
  readonly events: (HttpEvent & { at: number })[] = [];
  private readonly sleepers: { at: number; order: number; wake: () => void }[] = [];
  private order = 0;
  private scheduled = false;

  now = (): number => this.time;

  sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(new FetchError("aborted", "interrupted"));
      this.waits.push(ms);
      const sleeper = {
        at: this.time + ms,
        order: this.order++,
        wake: () => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        this.sleepers.splice(this.sleepers.indexOf(sleeper), 1);
        reject(new FetchError("aborted", "interrupted"));
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.sleepers.push(sleeper);
      this.schedule();
    });

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // After the pending promise jobs have run: nothing but sleepers (and I/O) is left to go on.
    setImmediate(() => {
      this.scheduled = false;
      if (this.sleepers.length === 0) return;
      this.sleepers.sort((a, b) => a.at - b.at || a.order - b.order);
      const next = this.sleepers.shift()!;
      this.time = Math.max(this.time, next.at);
      next.wake();
      if (this.sleepers.length) this.schedule();
    });
  }

  /** HttpClient deps using this clock; `random` fixes the backoff jitter. */
  deps(random: () => number = () => 0.5): HttpDeps {
    return { now: this.now, sleep: this.sleep, random, onEvent: (e) => this.events.push({ ...e, at: this.time }) };
  }

  /** Clock times at which requests to URLs matching `match` were sent. */
  requestTimes(match: RegExp = /./): number[] {
    return this.events.filter((e) => e.type === "request" && match.test(e.url)).map((e) => e.at);
  }

  /** The waits the client announced before retrying requests to URLs matching `match`. */
  retryWaits(match: RegExp = /./): number[] {
    return this.events.filter((e): e is Extract<HttpEvent, { type: "retry" }> & { at: number } => e.type === "retry" && match.test(e.url)).map((e) => e.waitMs);
  }
}

/** Values a backoff jitter source returns in turn (the last one repeats). */
export function sequence(...values: number[]): () => number {
  let i = 0;
  return () => values[Math.min(i++, values.length - 1)];
}
