/**
 * Is the stored data current? Price series are compared with the exchange calendar (the last
 * session whose close should be stored by now) and with each other; macro series with how
 * often they are published. Pure: `now` is an argument.
 */
import { expectedLastSession, sessionsBetween } from "../exchange-calendar.ts";
import { isoToDay } from "../../model/dates.ts";

export interface StoredSpan {
  id: string;
  /** "bars" for prices, "observations" for macro series. */
  table: "bars" | "observations";
  /** daily, weekly, monthly, quarterly, annual (macro publication frequency). */
  frequency: string;
  last: string;
}

export interface SeriesStaleness {
  id: string;
  last: string;
  /** Prices: sessions missing after `last` up to the expected session; macro: days past the usual publication lag. */
  sessionsBehind: number | null;
  daysBehind: number;
  stale: boolean;
}

export interface Staleness {
  /** The instant checked, ISO date-time. */
  checkedAt: string;
  /** The last session whose close should be stored by then. */
  expectedSession: string;
  stale: boolean;
  series: SeriesStaleness[];
  /** One or two sentences for a banner; null when everything is current. */
  message: string | null;
}

/** How far past its date a macro observation is normally published (calendar days), by frequency. */
const MACRO_LAG_DAYS: Record<string, number> = { daily: 7, weekly: 14, monthly: 75, quarterly: 150, annual: 500 };

function groupByLast(rows: SeriesStaleness[]): string {
  const byLast = new Map<string, string[]>();
  for (const r of rows) byLast.set(r.last, [...(byLast.get(r.last) ?? []), r.id]);
  return [...byLast]
    // ISO dates sort as text; not localeCompare, whose first call loads the collation data (~5 ms).
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([last, ids]) => `${ids.join(", ")} ${ids.length > 1 ? "end" : "ends"} ${last}`)
    .join("; ");
}

export function staleness(spans: readonly StoredSpan[], now: Date): Staleness {
  const expected = expectedLastSession(now);
  const today = Math.floor(now.getTime() / 86_400_000);
  const series: SeriesStaleness[] = spans.map((s) => {
    const last = isoToDay(s.last);
    if (s.table === "bars") {
      const behind = sessionsBetween(last, expected.day);
      return { id: s.id, last: s.last, sessionsBehind: behind, daysBehind: Math.max(0, expected.day - last), stale: behind > 0 };
    }
    const lag = MACRO_LAG_DAYS[s.frequency] ?? MACRO_LAG_DAYS.daily;
    const days = Math.max(0, today - last);
    return { id: s.id, last: s.last, sessionsBehind: null, daysBehind: days, stale: days > lag };
  });
  const stalePrices = series.filter((r, i) => r.stale && spans[i].table === "bars");
  const staleMacro = series.filter((r, i) => r.stale && spans[i].table === "observations");
  const parts: string[] = [];
  if (stalePrices.length) {
    parts.push(`Prices are not current: ${groupByLast(stalePrices)}; the last session was ${expected.iso}.`);
  }
  if (staleMacro.length) parts.push(`Macro series behind their usual publication: ${groupByLast(staleMacro)}.`);
  if (parts.length) parts.push("Run `r2k update` or import newer files.");
  return {
    checkedAt: now.toISOString().replace(/\.\d+Z$/, "Z"),
    expectedSession: expected.iso,
    stale: parts.length > 0,
    series,
    message: parts.length ? parts.join(" ") : null,
  };
}

/**
 * Series of a comparison that end before the others (the common window ends at the earliest):
 * "^IXIC ends 2023-12-21, 266 days before ^GSPC (2024-09-12)". Empty when all end together.
 */
export function laggingSeries(spans: readonly { id: string; last: string }[], toleranceDays = 7): string[] {
  if (spans.length < 2) return [];
  const latest = spans.reduce((m, s) => (s.last > m.last ? s : m));
  const out: string[] = [];
  for (const s of spans) {
    const gap = isoToDay(latest.last) - isoToDay(s.last);
    if (gap > toleranceDays) out.push(`${s.id} ends ${s.last}, ${gap} days before ${latest.id} (${latest.last})`);
  }
  return out;
}

