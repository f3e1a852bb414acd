/**
 * What an update does when freshly fetched daily bars meet the bars already stored for the same
 * dates: which fetched rows are new, which agree with the stored ones, which revise them, and
 * whether the revisions mean the source re-based its whole adjusted history. Pure: the caller
 * reads the stored rows, then acts on the answer (writes, asks for --replace, fetches again).
 */
import type { Bar } from "../model/index.ts";

/** A stored bar as the comparison needs it: its prices and the data source that wrote it. */
export interface StoredBar {
  date: string;
  open: number | null;
  high: number | null;
  low: number | null;
  close: number;
  adjClose: number | null;
  source: string;
}

/** Which price of a revised row is named when it is reported (the first that differs, in this order). */
export type RevisedField = "close" | "adjusted close" | "open/high/low";

export interface BarRevision {
  stored: StoredBar;
  fetched: Bar;
  field: RevisedField;
}

export interface FetchWindow {
  /** First date asked for: the start of the overlap with the stored rows. */
  from: string;
  /** The answer's splits and dividends (exchange dates). */
  splits: readonly { date: string }[];
  dividends: readonly { date: string }[];
  /** The fetching source's name in the store: rows it wrote itself are its own to revise. */
  source: string;
}

export interface BarReconciliation {
  /**
   * - "append": no stored row differs; `bars` adds the new days and rewrites the agreeing ones
   *   unchanged (the caller still checks the join with the last close before them).
   * - "revise": one or two stored rows differ; `bars` replaces them (with consent when
   *   `foreignSources` is not empty).
   * - "refetch": a split or dividend in the answer, or more than two differing rows: the source
   *   re-based its adjusted history, so all of it is to be fetched again and replace the stored rows.
   */
  action: "append" | "revise" | "refetch";
  /** What to write, in the fetched order: fetched bars, stored prices kept where they agree. */
  bars: Bar[];
  /** Fetched dates with no stored row. */
  added: number;
  /** Fetched rows whose prices agree with the stored row within rounding. */
  unchanged: number;
  /** Fetched rows whose prices differ from the stored row, in the fetched order. */
  revisions: BarRevision[];
  /** Sources other than the fetching one among the revised rows, in order of first appearance. */
  foreignSources: string[];
  /** The answer carries a split, or a dividend in the window, that re-bases adjusted prices. */
  eventInWindow: boolean;
}

/** Relative difference below which two prices are the same number written differently. */
const SAME = 1e-6;

/** A missing price on either side is not a disagreement: one side just does not carry it. */
const same = (a: number | null, b: number | null) =>
  a === null || b === null || Math.abs(a - b) <= SAME * Math.max(Math.abs(a), Math.abs(b));

/** A source corrects a day or two at a time; more rows changed at once is a re-based history. */
const MAX_SPOT_REVISIONS = 2;

function revisedField(b: Bar, s: StoredBar): RevisedField | null {
  if (!same(b.close, s.close)) return "close";
  if (!same(b.adjClose, s.adjClose)) return "adjusted close";
  if (!same(b.open, s.open) || !same(b.high, s.high) || !same(b.low, s.low)) return "open/high/low";
  return null;
}

/**
 * Compares `fetched` with the `stored` rows of the same series from `window.from` on. Stored
 * rows the answer does not carry are left out of the decision (and stay as they are).
 */
export function reconcileBars(stored: readonly StoredBar[], fetched: readonly Bar[], window: FetchWindow): BarReconciliation {
  const byDate = new Map(stored.map((s) => [s.date, s]));
  const bars: Bar[] = [];
  const revisions: BarRevision[] = [];
  let added = 0;
  let unchanged = 0;
  for (const b of fetched) {
    const s = byDate.get(b.date);
    if (!s) {
      added++;
      bars.push(b);
      continue;
    }
    const field = revisedField(b, s);
    if (field) {
      revisions.push({ stored: s, fetched: b, field });
      bars.push(b);
    } else {
      // Equal within rounding: the stored prices stay exactly as they are; a revised volume or a
      // price the stored row lacked is taken.
      unchanged++;
      bars.push({
        ...b,
        open: s.open ?? b.open,
        high: s.high ?? b.high,
        low: s.low ?? b.low,
        close: s.close,
        adjClose: s.adjClose ?? b.adjClose,
      });
    }
  }
  const foreignSources = [...new Set(revisions.map((r) => r.stored.source).filter((src) => src !== window.source))];
  // A split re-bases every split-adjusted price before it, a dividend every adjusted close: any
  // split in the answer counts, a dividend from the window's first day on.
  const eventInWindow = window.splits.length > 0 || window.dividends.some((d) => d.date >= window.from);
  const action =
    revisions.length === 0 ? "append" : eventInWindow || revisions.length > MAX_SPOT_REVISIONS ? "refetch" : "revise";
  return { action, bars, added, unchanged, revisions, foreignSources, eventInWindow };
}
