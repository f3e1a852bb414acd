import {
  errorCode,
  FetchError,
  isOfflineCode,
  isTransientCode,
  redactText,
  redactUrl,
} from "./errors.ts";

/**
 * The one HTTP path of every live source: per-request timeouts (connect, headers and body
 * together), retries with exponential backoff and jitter, `Retry-After` on 429/503, a
 * concurrency limit and a minimum spacing per host, and one typed error (FetchError) for
 * every way a request can fail. Built on the global fetch (undici); nothing here knows a
 * source's format.
 */

export interface HostLimit {
  /** Requests in flight at once to this host. */
  concurrency: number;
  /** Minimum time between two request starts to this host (a rate limit). */
  minIntervalMs: number;
}

export interface HttpPolicy {
  /** Whole-request timeout, including reading the body. */
  timeoutMs: number;
  /** Extra attempts after the first for retryable failures (timeouts, resets, 429, 5xx). */
  retries: number;
  /** First backoff delay; doubled each attempt, with jitter, capped by maxBackoffMs. */
  backoffMs: number;
  maxBackoffMs: number;
  /** A Retry-After longer than this fails the request instead of waiting. */
  maxRetryAfterMs: number;
  /** Default limit per host; `hosts` overrides it by host name (e.g. "query2.finance.yahoo.com"). */
  perHost: HostLimit;
  hosts?: Record<string, Partial<HostLimit>>;
  /** Sent with every request, whatever a caller (or a package) puts in its own headers. */
  userAgent: string;
  /**
   * A 429 pauses the whole host this long (or the Retry-After, when longer), doubling with each
   * 429 in a row, capped by maxRetryAfterMs: servers that rate-limit often send no Retry-After.
   */
  rateLimitPauseMs: number;
  /** 429s in a row after which the run stops asking the host (the rest is left for the next run). */
  maxConsecutive429: number;
}

export const DEFAULT_HTTP_POLICY: HttpPolicy = {
  timeoutMs: 30_000,
  retries: 3,
  backoffMs: 500,
  maxBackoffMs: 8_000,
  maxRetryAfterMs: 60_000,
  perHost: { concurrency: 4, minIntervalMs: 0 },
  userAgent: "Mozilla/5.0 (compatible; r2k/0.1)",
  rateLimitPauseMs: 30_000,
  maxConsecutive429: 4,
};

export interface HttpResponse {
  /** The URL as requested (never logged unredacted). */
  url: string;
  status: number;
  headers: Headers;
  body: Buffer;
  text: string;
}

export interface RequestOptions {
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Strings to blank out of any message (an API key that a server might echo). */
  secrets?: readonly (string | undefined)[];
  /**
   * Checks a 2xx body before it is returned; throw a FetchError to reject it. A FetchError
   * with `retryable` set (a truncated body) is retried like a dropped connection.
   */
  validate?: (res: HttpResponse) => void;
  /** Statuses that are answers rather than failures (returned to the caller as-is). */
  acceptStatus?: readonly number[];
}

export type HttpEvent =
  | { type: "retry"; url: string; attempt: number; waitMs: number; reason: string }
  | { type: "request"; url: string; attempt: number };

export interface HttpDeps {
  fetch?: typeof fetch;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  now?: () => number;
  onEvent?: (e: HttpEvent) => void;
}

/** A FetchError the client may retry (a body cut short, an intermittent proxy page). */
export class RetryableFetchError extends FetchError {
  readonly retryable = true;
}

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new FetchError("aborted", "interrupted"));
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new FetchError("aborted", "interrupted"));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** `Retry-After` as milliseconds from now: delta-seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (value === null) return null;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const at = Date.parse(v);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now);
}

/** One line of a response body for an error message: tags and whitespace collapsed, cut short. */
export function bodyExcerpt(text: string, max = 160): string {
  const t = text
    .replace(/<script[\s\S]*?<\/script>/gi, " ")
    .replace(/<style[\s\S]*?<\/style>/gi, " ")
    .replace(/<[^>]*>/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return t.length > max ? `${t.slice(0, max)}…` : t;
}

interface HostState {
  active: number;
  waiting: (() => void)[];
  lastStart: number;
  /** No request starts before this time (a Retry-After applies to the whole host). */
  pausedUntil: number;
  /** Set once the host proved unreachable or kept rate-limiting: later requests fail at once instead of waiting again. */
  down: FetchError | null;
  /** 429s in a row (a success resets it); one counts only if its request started after the last pause began. */
  consecutive429: number;
  /** When the latest 429 pause began. */
  pauseStartedAt: number;
}

export class HttpClient {
  readonly policy: HttpPolicy;
  private readonly hosts = new Map<string, HostState>();
  private readonly fetchImpl: typeof fetch;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly random: () => number;
  private readonly now: () => number;
  private readonly onEvent?: (e: HttpEvent) => void;
  /** Requests sent (attempts included), for tests and the summary. */
  requests = 0;

  constructor(policy: Partial<HttpPolicy> = {}, deps: HttpDeps = {}) {
    this.policy = { ...DEFAULT_HTTP_POLICY, ...policy, perHost: { ...DEFAULT_HTTP_POLICY.perHost, ...policy.perHost } };
    this.fetchImpl = deps.fetch ?? globalThis.fetch;
    this.sleep = deps.sleep ?? abortableSleep;
    this.random = deps.random ?? Math.random;
    this.now = deps.now ?? Date.now;
    this.onEvent = deps.onEvent;
  }

  private limitFor(host: string): HostLimit {
    return { ...this.policy.perHost, ...this.policy.hosts?.[host] };
  }

  private state(host: string): HostState {
    let s = this.hosts.get(host);
    if (!s) {
      s = { active: 0, waiting: [], lastStart: 0, pausedUntil: 0, down: null, consecutive429: 0, pauseStartedAt: -Infinity };
      this.hosts.set(host, s);
    }
    return s;
  }

  /** Why requests to `host` now fail at once (unreachable, or rate-limited too often), or null. */
  downReason(host: string): FetchError | null {
    return this.hosts.get(host)?.down ?? null;
  }

  /** True when every host this client tried proved unreachable. */
  get allHostsDown(): boolean {
    const states = [...this.hosts.values()];
    return states.length > 0 && states.every((s) => s.down !== null);
  }

  private async acquire(host: string, signal?: AbortSignal): Promise<void> {
    const s = this.state(host);
    const limit = this.limitFor(host);
    while (s.active >= Math.max(1, limit.concurrency)) {
      await new Promise<void>((resolve, reject) => {
        const wake = () => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        };
        const onAbort = () => {
          s.waiting.splice(s.waiting.indexOf(wake), 1);
          reject(new FetchError("aborted", "interrupted"));
        };
        if (signal?.aborted) return onAbort();
        s.waiting.push(wake);
        signal?.addEventListener("abort", onAbort, { once: true });
      });
    }
    s.active++;
    try {
      // Spacing and pauses are checked after taking the slot, so waiting requests start in turn.
      for (;;) {
        const now = this.now();
        const next = Math.max(s.pausedUntil, s.lastStart + limit.minIntervalMs);
        if (next <= now) break;
        await this.sleep(next - now, signal);
      }
      s.lastStart = this.now();
    } catch (err) {
      this.release(host);
      throw err;
    }
  }

  private release(host: string): void {
    const s = this.state(host);
    s.active--;
    s.waiting.shift()?.();
  }

  private backoff(attempt: number): number {
    const cap = Math.min(this.policy.maxBackoffMs, this.policy.backoffMs * 2 ** attempt);
    // "Equal jitter": at least half the delay, so retries never bunch up at zero.
    return Math.round(cap / 2 + (this.random() * cap) / 2);
  }

  /** GET with the policy's timeout and retries; resolves with a 2xx (or accepted) response, or throws FetchError. */
  async get(url: string, opts: RequestOptions = {}): Promise<HttpResponse> {
    const host = new URL(url).host;
    const shown = redactText(redactUrl(url), opts.secrets ?? []);
    const hostState = this.state(host);
    let lastError: FetchError | null = null;
    for (let attempt = 0; attempt <= this.policy.retries; attempt++) {
      if (hostState.down) throw hostState.down;
      if (opts.signal?.aborted) throw new FetchError("aborted", `interrupted before ${shown}`);
      let wait: number | null = null;
      await this.acquire(host, opts.signal);
      const startedAt = this.now();
      try {
        this.requests++;
        this.onEvent?.({ type: "request", url: shown, attempt });
        const res = await this.once(url, shown, opts);
        if (res.status >= 200 && res.status < 300) {
          hostState.consecutive429 = 0;
          opts.validate?.(res);
          return res;
        }
        if (opts.acceptStatus?.includes(res.status)) return res;
        const excerpt = redactText(bodyExcerpt(res.text), opts.secrets ?? []);
        const detail = excerpt ? `: ${excerpt}` : "";
        if (res.status === 429 || res.status === 503) {
          const after = parseRetryAfter(res.headers.get("retry-after"), this.now());
          if (after !== null && after > this.policy.maxRetryAfterMs) {
            throw new FetchError(
              res.status === 429 ? "rate-limited" : "http",
              `HTTP ${res.status} from ${shown}: asked to retry after ${Math.round(after / 1000)} s (longer than the ${Math.round(this.policy.maxRetryAfterMs / 1000)} s limit)`,
              res.status,
            );
          }
          lastError = new FetchError(
            res.status === 429 ? "rate-limited" : "http",
            `HTTP ${res.status} ${res.status === 429 ? "Too Many Requests" : "Service Unavailable"} from ${shown} after ${attempt + 1} attempt(s)${detail}`,
            res.status,
          );
          let pause = after;
          if (res.status === 429) {
            // Requests already in flight when the host was paused answer 429 too: one burst, one count.
            if (startedAt > hostState.pauseStartedAt) hostState.consecutive429++;
            if (hostState.consecutive429 >= this.policy.maxConsecutive429) {
              hostState.down = new FetchError(
                "rate-limited",
                `${host} answered 429 Too Many Requests ${hostState.consecutive429} times in a row, with growing pauses between: ` +
                  `r2k stopped asking it for this run (run again later; what is done is kept)`,
                429,
              );
              throw hostState.down;
            }
            const grown = Math.min(this.policy.maxRetryAfterMs, this.policy.rateLimitPauseMs * 2 ** (hostState.consecutive429 - 1));
            pause = Math.max(after ?? 0, grown);
            hostState.pauseStartedAt = this.now();
          }
          if (pause !== null) {
            wait = pause;
            // The whole host waits (acquire), not only this request.
            hostState.pausedUntil = Math.max(hostState.pausedUntil, this.now() + pause);
          }
        } else if (res.status >= 500 || res.status === 408) {
          lastError = new FetchError("http", `HTTP ${res.status} from ${shown} after ${attempt + 1} attempt(s)${detail}`, res.status);
        } else {
          // 4xx: the request itself is wrong (unknown symbol, bad key); retrying cannot help.
          throw new FetchError(res.status === 404 ? "not-found" : "http", `HTTP ${res.status} from ${shown}${detail}`, res.status);
        }
      } catch (err) {
        if (err instanceof RetryableFetchError) lastError = err;
        else if (err instanceof FetchError) throw err;
        else throw err;
      } finally {
        this.release(host);
      }
      if (lastError?.kind === "offline") {
        // One quick second try (a DNS hiccup), then the host counts as unreachable for this run.
        if (attempt >= 1) {
          hostState.down = lastError;
          throw lastError;
        }
      }
      if (attempt < this.policy.retries) {
        const delay = wait ?? this.backoff(attempt);
        this.onEvent?.({ type: "retry", url: shown, attempt: attempt + 1, waitMs: delay, reason: lastError?.message ?? "" });
        if (wait === null) await this.sleep(delay, opts.signal);
      }
    }
    if (lastError?.kind === "offline") hostState.down = lastError;
    throw lastError ?? new FetchError("http", `no answer from ${shown}`);
  }

  /** One attempt. Network failures become RetryableFetchError (or an offline error); HTTP statuses are returned. */
  private async once(url: string, shown: string, opts: RequestOptions): Promise<HttpResponse> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.policy.timeoutMs);
    const onAbort = () => controller.abort();
    opts.signal?.addEventListener("abort", onAbort, { once: true });
    try {
      // The configured User-Agent goes on the wire whatever the caller set (a package adds its own).
      const headers: Record<string, string> = { accept: "*/*" };
      for (const [k, v] of Object.entries(opts.headers ?? {})) if (k.toLowerCase() !== "user-agent") headers[k] = v;
      headers["user-agent"] = this.policy.userAgent;
      const res = await this.fetchImpl(url, {
        headers,
        signal: controller.signal,
        redirect: "follow",
      });
      const body = Buffer.from(await res.arrayBuffer());
      return { url, status: res.status, headers: res.headers, body, text: new TextDecoder("utf-8").decode(body) };
    } catch (err) {
      if (opts.signal?.aborted) throw new FetchError("aborted", `interrupted while fetching ${shown}`);
      if (timedOut) {
        throw new RetryableFetchError("timeout", `no complete answer from ${shown} within ${this.policy.timeoutMs / 1000} s`);
      }
      const code = errorCode(err);
      if (isOfflineCode(code)) {
        const what = code === "ECONNREFUSED" ? "connection refused" : code?.startsWith("EAI") || code === "ENOTFOUND" ? "host name not found" : "network unreachable";
        throw new RetryableFetchError("offline", `cannot reach ${new URL(url).host} (${what}, ${code})`);
      }
      if (isTransientCode(code) || (err as Error)?.message === "terminated" || err instanceof TypeError) {
        throw new RetryableFetchError(
          "http",
          `the connection to ${new URL(url).host} broke while fetching ${shown} (${code ?? (err as Error).message})`,
        );
      }
      throw err;
    } finally {
      clearTimeout(timer);
      opts.signal?.removeEventListener("abort", onAbort);
    }
  }
}
