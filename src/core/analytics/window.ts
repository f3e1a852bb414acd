/**
 * The window rule, in one place for every face (CLI, API and dashboard, report).
 *
 * A comparison of several series is measured over their common span by default: from the
 * latest first close to the earliest last close, so every column has the same base close and
 * the same last close. A window the user asks for is clipped to that span (and says so). A
 * user can ask for each series' full history instead ("full"): then every series keeps its own
 * span inside the requested bounds, and the window text says that.
 *
 * `from` follows the snapshot's convention: the first day whose return counts (the base is the
 * last close before it). The common span's `from` is therefore the day after the latest first
 * close, which makes that close every series' base close.
 */
import type { ClosesFrame } from "../../model/series.ts";
import { isoToDay, firstIndexOnOrAfter, dayToIso, lastIndexOnOrBefore } from "../../model/dates.ts";
import type { ConstituentsInput, MacroInput, SnapshotInputs } from "./snapshot-inputs.ts";

export type WindowMode = "common" | "full";

export interface WindowRequest {
  /** First day whose return counts (ISO), as the user gave it. */
  from?: string;
  /** Last day (ISO), inclusive, as the user gave it. */
  to?: string;
  mode?: WindowMode;
}

/** A series the window is measured over: its id and its (ascending) close dates. */
export interface WindowSeries {
  id: string;
  dates: ArrayLike<number>;
}

export interface ResolvedWindow {
  mode: WindowMode;
  /** The series the window was measured over. */
  series: string[];
  /** Pass to the snapshot: first day whose return counts (undefined = each series' start). */
  from: string | undefined;
  /** Pass to the snapshot: last day, inclusive (undefined = each series' end). */
  to: string | undefined;
  /** The closes the window spans (common mode: every series' base close and last close). */
  firstClose: string | null;
  lastClose: string | null;
  /** What the user asked for. */
  requested: { from: string | null; to: string | null };
  /** True when the request was narrowed to the common span. */
  clipped: boolean;
  /** Series whose first / last close set the common span's edges. */
  startSetBy: string[];
  endSetBy: string[];
  /** Why these dates, in a phrase ("common to ^RUT, ^GSPC, ^IXIC"). */
  reason: string;
  /** The whole statement: "1990-01-02 to 2023-12-21, common to ^RUT, ^GSPC, ^IXIC". */
  text: string;
  /** True when `to` was given by the user: holdings and fundamentals after it are not used. */
  strictEnd: boolean;
}

export class WindowError extends RangeError {
  override name = "WindowError";
}

const list = (ids: string[]) => ids.join(", ");

/** A window that is the request itself, not cut to the series' dates (no series, or each over its own span). */
function windowAsAsked(mode: ResolvedWindow["mode"], series: string[], req: WindowRequest, reason: string, text: string): ResolvedWindow {
  return {
    mode,
    series,
    from: req.from,
    to: req.to,
    firstClose: null,
    lastClose: null,
    requested: { from: req.from ?? null, to: req.to ?? null },
    clipped: false,
    startSetBy: [],
    endSetBy: [],
    reason,
    text,
    strictEnd: req.to !== undefined,
  };
}

/**
 * Resolves the window of a comparison. Throws WindowError when the series share no dates or
 * the requested window holds no close of them.
 */
export function resolveWindow(series: readonly WindowSeries[], req: WindowRequest = {}): ResolvedWindow {
  const mode = req.mode ?? "common";
  const ids = series.map((s) => s.id);
  const reqFrom = req.from === undefined ? undefined : isoToDay(req.from);
  const reqTo = req.to === undefined ? undefined : isoToDay(req.to);
  if (reqFrom !== undefined && reqTo !== undefined && reqFrom > reqTo) throw new WindowError(`from ${req.from} is after to ${req.to}`);
  const requested = { from: req.from ?? null, to: req.to ?? null };
  const empty = series.filter((s) => s.dates.length === 0).map((s) => s.id);
  if (empty.length) throw new WindowError(`no closes stored for ${list(empty)}`);
  if (series.length === 0) {
    // Nothing to compare: the sections say why; the window is what was asked for.
    return windowAsAsked(mode, [], req, "no price series stored", "no price series stored");
  }

  const firsts = series.map((s) => s.dates[0]);
  const lasts = series.map((s) => s.dates[s.dates.length - 1]);

  if (mode === "full") {
    const text = `each series' full history${req.from || req.to ? `, limited to ${req.from ?? "its start"} to ${req.to ?? "its end"}` : ""}`;
    return windowAsAsked(mode, ids, req, "each series over its own span", text);
  }

  const commonFirst = Math.max(...firsts);
  const commonLast = Math.min(...lasts);
  const startSetBy = ids.filter((_, i) => firsts[i] === commonFirst);
  const endSetBy = ids.filter((_, i) => lasts[i] === commonLast);
  if (commonFirst > commonLast) {
    throw new WindowError(
      `${list(ids)} share no dates: ${list(endSetBy)} ${endSetBy.length > 1 ? "end" : "ends"} ${dayToIso(commonLast)}, before ${list(startSetBy)} ${startSetBy.length > 1 ? "start" : "starts"} ${dayToIso(commonFirst)}`,
    );
  }
  // The day after the latest first close: that close is every series' base.
  const spanFrom = series.length > 1 ? commonFirst + 1 : undefined;
  let from = spanFrom;
  let clipped = false;
  if (reqFrom !== undefined) {
    if (spanFrom === undefined || reqFrom >= spanFrom) from = reqFrom;
    else clipped = true;
  }
  let to = commonLast;
  if (reqTo !== undefined) {
    if (reqTo <= commonLast) to = reqTo;
    else clipped = true;
  }
  if (from !== undefined && from > to) {
    throw new WindowError(
      `no closes of ${list(ids)} between ${req.from ?? dayToIso(from)} and ${req.to ?? dayToIso(to)}: their common span is ${dayToIso(commonFirst)} to ${dayToIso(commonLast)}`,
    );
  }
  // The closes actually spanned: the latest base close and the earliest last close.
  let firstClose = -Infinity;
  let lastClose = Infinity;
  for (const s of series) {
    const end = lastIndexOnOrBefore(s.dates, to);
    const start = from === undefined ? 0 : Math.max(0, firstIndexOnOrAfter(s.dates, from) - 1);
    if (end < 0 || start > end) {
      throw new WindowError(`${s.id} has no closes between ${dayToIso(from ?? s.dates[0])} and ${dayToIso(to)}`);
    }
    firstClose = Math.max(firstClose, s.dates[start]);
    lastClose = Math.min(lastClose, s.dates[end]);
  }
  const whose = series.length === 1 ? `${ids[0]}'s stored history` : `the span common to ${list(ids)}`;
  let reason: string;
  if (reqFrom === undefined && reqTo === undefined) reason = series.length === 1 ? `${ids[0]}'s full stored history` : `common to ${list(ids)}`;
  else if (clipped) reason = `requested ${req.from ?? "the start"} to ${req.to ?? "the end"}, clipped to ${whose}`;
  else reason = series.length === 1 ? "as requested" : `as requested, within the span common to ${list(ids)}`;
  const text = `${dayToIso(firstClose)} to ${dayToIso(lastClose)}, ${reason}`;
  return {
    mode,
    series: ids,
    from: from === undefined ? undefined : dayToIso(from),
    to: dayToIso(to),
    firstClose: dayToIso(firstClose),
    lastClose: dayToIso(lastClose),
    requested,
    clipped,
    startSetBy,
    endSetBy,
    reason,
    text,
    strictEnd: reqTo !== undefined,
  };
}

// ---------------------------------------------------------------------------------------------
// Cutting inputs at the window's end: nothing after it is read (no look-ahead).

/** The closes on or before `day`. */
export function clipBars(b: ClosesFrame, day: number): ClosesFrame {
  const n = lastIndexOnOrBefore(b.dates, day) + 1;
  if (n === b.dates.length) return b;
  return { symbol: b.symbol, dates: b.dates.subarray(0, n), close: b.close.subarray(0, n), adjClose: b.adjClose.subarray(0, n), sources: b.sources };
}

/** A series' observations on or before `day`. */
export function clipFrame<T extends { dates: Int32Array; values: Float64Array }>(f: T, day: number): T {
  const n = lastIndexOnOrBefore(f.dates, day) + 1;
  if (n === f.dates.length) return f;
  return { ...f, dates: f.dates.subarray(0, n), values: f.values.subarray(0, n) };
}

/**
 * Every dated input cut at `to` (ISO). Holdings and fundamentals snapshots are descriptive
 * (each shows its own as-of date): with `strict` (a window end the user chose), only those
 * dated on or before `to` are kept; otherwise the latest stored ones stay.
 */
export function clipInputs(inputs: SnapshotInputs, to: string, strict: boolean): SnapshotInputs {
  const day = isoToDay(to);
  const macro: MacroInput[] = (inputs.macro ?? []).map((m) => clipFrame(m, day)).filter((m) => m.dates.length > 0);
  const constituents: ConstituentsInput[] = (inputs.constituents ?? [])
    .map((c) => ({ ...c, closes: c.closes.map((f) => clipFrame(f, day)).filter((f) => f.dates.length > 0) }))
    .filter((c) => c.closes.length > 0);
  return {
    bars: inputs.bars.map((b) => clipBars(b, day)).filter((b) => b.dates.length > 0),
    macro,
    holdings: (inputs.holdings ?? []).filter((h) => !strict || h.asOf <= to),
    fundamentals: (inputs.fundamentals ?? []).filter((f) => !strict || f.asOf <= to),
    companies: (inputs.companies ?? []).filter((f) => !strict || f.asOf <= to),
    constituents,
  };
}
