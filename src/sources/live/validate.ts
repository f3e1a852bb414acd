import { FetchError } from "./errors.ts";
import { bodyExcerpt, RetryableFetchError, type HttpResponse } from "./http.ts";

/**
 * Checks on a downloaded body before any parser sees it. Sources answer failures in many
 * ways besides an HTTP status: an HTML bot-protection page with 200, a JSON error object, a
 * file cut short. Each check names what it found so the summary can say why nothing was stored.
 */

export function looksLikeHtml(text: string): boolean {
  const start = text.replace(/^\uFEFF/, "").trimStart().slice(0, 512).toLowerCase();
  return start.startsWith("<!doctype") || start.startsWith("<html") || start.startsWith("<?xml") || /^<(head|body|title|div|script)\b/.test(start);
}

export function rejectHtml(res: HttpResponse, shown: string, expected: string): void {
  if (looksLikeHtml(res.text)) {
    const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(res.text)?.[1]?.trim();
    throw new FetchError(
      "invalid",
      `${shown} answered with an HTML page${title ? ` ("${bodyExcerpt(title, 80)}")` : ""} instead of ${expected} (an error or bot-protection page)`,
      res.status,
    );
  }
}

export function rejectEmpty(res: HttpResponse, shown: string): void {
  if (res.body.length === 0 || res.text.trim() === "") {
    throw new RetryableFetchError("invalid", `${shown} answered with an empty body`, res.status);
  }
}

/** Parses JSON or reports a cut or non-JSON body (a cut body is worth a retry). */
export function parseJsonBody(res: HttpResponse, shown: string): unknown {
  try {
    return JSON.parse(res.text);
  } catch {
    const t = res.text.trimEnd();
    const cut = t.startsWith("{") && !t.endsWith("}");
    const msg = cut
      ? `${shown} answered with truncated JSON (${res.body.length} bytes, cut off)`
      : `${shown} answered with something that is not JSON: ${bodyExcerpt(res.text, 80)}`;
    if (cut) throw new RetryableFetchError("invalid", msg, res.status);
    throw new FetchError("invalid", msg, res.status);
  }
}

/**
 * A CSV body must end with a line break: FRED and iShares always send one, so a body that
 * stops mid-line was cut short (a dropped connection without a Content-Length).
 */
export function rejectTruncatedCsv(res: HttpResponse, shown: string): void {
  if (!/\r?\n\s*$/.test(res.text)) {
    const last = res.text.slice(res.text.lastIndexOf("\n") + 1);
    throw new RetryableFetchError(
      "invalid",
      `${shown} answered with a truncated CSV (it stops mid-line: ${JSON.stringify(last.slice(0, 60))})`,
      res.status,
    );
  }
}

/** Largest believable one-day move by kind of instrument, as a fraction (0.5 = 50%). */
export interface PlausibilityLimits {
  index: number;
  etf: number;
  stock: number;
}

export const DEFAULT_PLAUSIBILITY: PlausibilityLimits = {
  // The worst index day on record is about -20% (S&P 500, 19 Oct 1987).
  index: 0.35,
  etf: 0.5,
  // Small caps can triple on a buyout or lose 80% on a failed trial: only a tenfold jump counts.
  stock: 9,
};

export interface CloseRow {
  date: string;
  close: number;
}

/**
 * The first day-over-day move beyond the limit, as a message, or null. Moves are measured
 * both ways (a 90% fall is a ratio of 0.1, i.e. a 900% rise read backwards), so a limit of 0.35
 * rejects a close 35% above or 26% below the day before.
 */
export function implausibleMove(rows: readonly CloseRow[], limit: number, label: string): string | null {
  for (let i = 1; i < rows.length; i++) {
    const a = rows[i - 1].close;
    const b = rows[i].close;
    if (!(a > 0) || !(b > 0)) continue;
    const up = b / a - 1;
    const down = a / b - 1;
    if (up > limit || down > limit) {
      const pct = ((b / a - 1) * 100).toFixed(1);
      return `implausible value: ${label} close ${b} on ${rows[i].date} is ${Number(pct) > 0 ? "+" : ""}${pct}% from ${a} on ${rows[i - 1].date} (limit ±${Math.round(limit * 100)}% a day); nothing stored`;
    }
  }
  return null;
}

