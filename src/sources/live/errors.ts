/**
 * Why a download failed, in words a user can act on. Every message is built from URLs that
 * went through `redactUrl`, so an API key never reaches a log, an error or the store.
 */
export type FetchErrorKind =
  /** DNS failure, connection refused, network unreachable: the machine looks offline. */
  | "offline"
  /** No complete answer within the per-request timeout. */
  | "timeout"
  /** HTTP 429 after every retry (or a Retry-After longer than we are willing to wait). */
  | "rate-limited"
  /** Unknown symbol, series or fund (HTTP 404 or the source's "not found" error object). */
  | "not-found"
  /** Any other HTTP error status (4xx, or 5xx after every retry). */
  | "http"
  /** The body is not what the source sends: an HTML page, an error object, a truncated file, no rows. */
  | "invalid"
  /** The values parse but cannot be right (a 90% one-day move on an index). */
  | "implausible"
  /** The run was interrupted before this item finished. */
  | "aborted";

export class FetchError extends Error {
  override name = "FetchError";
  constructor(
    readonly kind: FetchErrorKind,
    message: string,
    readonly status: number | null = null,
  ) {
    super(message);
  }
}

/** Node/undici error codes that mean "cannot reach the host at all". */
const OFFLINE_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EAI_NONAME",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "ENETDOWN",
  "EHOSTDOWN",
]);

/** Codes of a connection that was reached but broke: worth a retry. */
const TRANSIENT_CODES = new Set([
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
]);

/** The innermost error code of a fetch failure (`fetch failed` wraps the socket error in `cause`). */
export function errorCode(err: unknown): string | null {
  let e: unknown = err;
  for (let depth = 0; depth < 5 && e && typeof e === "object"; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") return code;
    // AggregateError from happy-eyeballs connects: look at the first inner error.
    const inner = (e as { errors?: unknown[] }).errors;
    if (Array.isArray(inner) && inner.length > 0) {
      e = inner[0];
      continue;
    }
    e = (e as { cause?: unknown }).cause;
  }
  return null;
}

export function isOfflineCode(code: string | null): boolean {
  return code !== null && OFFLINE_CODES.has(code);
}

export function isTransientCode(code: string | null): boolean {
  return code !== null && TRANSIENT_CODES.has(code);
}

/** Query parameters whose values are secrets. */
const SECRET_PARAMS = ["api_key", "apikey", "api_token", "token", "key"];

/** The URL with every secret query parameter removed (for provenance) or masked (for messages). */
export function redactUrl(url: string, mode: "remove" | "mask" = "mask"): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return url.replace(/((?:api_key|apikey|api_token|token|key)=)[^&#\s]*/gi, mode === "mask" ? "$1***" : "");
  }
  for (const name of [...u.searchParams.keys()]) {
    if (SECRET_PARAMS.includes(name.toLowerCase())) {
      if (mode === "remove") u.searchParams.delete(name);
      else u.searchParams.set(name, "***");
    }
  }
  u.username = "";
  u.password = "";
  return u.toString().replace(/%2A%2A%2A/g, "***");
}

/** Removes every occurrence of the given secrets from a text (e.g. an error body echoing the key). */
export function redactText(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join("***");
  return out.replace(/((?:api_key|apikey)=)[^&#\s"']+/gi, "$1***");
}
