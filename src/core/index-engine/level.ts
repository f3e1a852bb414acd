import { lastIndexOnOrBefore } from "../../model/dates.ts";
import { IndexEngineError } from "./types.ts";

/** Holding of one security (a column of the price matrix) in the index. */
export interface Position {
  col: number;
  shares: number;
  /** Investable weight factor in [0, 1]. */
  iwf: number;
}

/**
 * A change to the index, effective after the close of `date` (a day number; when that is
 * not a trading date of the input, after the close of the last trading date before it).
 * The divisor is reset so that the level at that close is unchanged by the change
 * (docs/methodology.md section 9).
 */
export type IndexEvent =
  /** Replaces the whole composition (a reconstitution). */
  | { kind: "reconstitute"; date: number; positions: readonly Position[] }
  | { kind: "add"; date: number; col: number; shares: number; iwf: number }
  | { kind: "delete"; date: number; col: number }
  /** Share change (offering, buyback, quarterly update); iwf unchanged when omitted. */
  | { kind: "shares"; date: number; col: number; shares: number; iwf?: number }
  /**
   * `ratio` new shares per old share (2 for a 2-for-1 split); closes after `date` are on the
   * new basis. Market cap is unchanged, so the divisor is too.
   */
  | { kind: "split"; date: number; col: number; ratio: number }
  /**
   * Reference price after the close (ex-price of a spin-off, special dividend or rights
   * issue): the drop is not a market move, so the divisor absorbs it.
   */
  | { kind: "price-adjust"; date: number; col: number; price: number };

export interface LevelInput {
  /** Trading dates (day numbers), strictly ascending. */
  dates: Int32Array;
  /** One id per column of the price matrix. */
  ids: readonly string[];
  /** Closes, row-major: close[t * ids.length + col]; NaN where a security has no close that day (the last close is carried). */
  close: Float64Array;
  /** Cash dividend per share going ex on that date, same shape as close; NaN or 0 for none. */
  dividends?: Float64Array | null;
  /** Composition at the first close. */
  initial: readonly Position[];
  events?: readonly IndexEvent[];
  /** Level of both versions at the first close (default 100). */
  baseLevel?: number;
}

export interface DivisorAdjustment {
  /** Trading date after whose close the change applied. */
  date: number;
  kinds: IndexEvent["kind"][];
  level: number;
  capBefore: number;
  capAfter: number;
  divisorBefore: number;
  divisorAfter: number;
}

export interface LevelSeries {
  dates: Int32Array;
  /** Price index: float cap over divisor. */
  price: Float64Array;
  /** Total-return index: dividends reinvested on their ex-dates. */
  total: Float64Array;
  /** Divisor used for each close (before that day's events). */
  divisor: Float64Array;
  /** Index float cap at each close (before that day's events). */
  floatCap: Float64Array;
  /** Constituents with a non-zero holding during each day. */
  members: Int32Array;
  adjustments: DivisorAdjustment[];
}

function checkPosition(p: Position, n: number, what: string): void {
  if (!Number.isInteger(p.col) || p.col < 0 || p.col >= n) throw new IndexEngineError(`${what}: column ${p.col} out of range`);
  if (!Number.isFinite(p.shares) || p.shares < 0) throw new IndexEngineError(`${what}: shares must be finite and >= 0`);
  if (!Number.isFinite(p.iwf) || p.iwf < 0 || p.iwf > 1) throw new IndexEngineError(`${what}: iwf must be in [0, 1]`);
}

/**
 * Index levels with divisor continuity: level(t) = sum(price x shares x iwf) / divisor(t),
 * the divisor reset after every event so the level does not jump because of it.
 * The total-return version grows by (cap(t) + dividends(t)) / cap(t-1 after events).
 * Cost: one pass over the price matrix (T x N), memory O(T + N) besides the input.
 */
export function computeLevels(input: LevelInput): LevelSeries {
  const { dates, ids, close } = input;
  const T = dates.length;
  const N = ids.length;
  const base = input.baseLevel ?? 100;
  if (T === 0) throw new IndexEngineError("no dates");
  if (close.length !== T * N) throw new IndexEngineError(`close has ${close.length} values, expected ${T} x ${N}`);
  const div = input.dividends ?? null;
  if (div && div.length !== T * N) throw new IndexEngineError(`dividends has ${div.length} values, expected ${T} x ${N}`);
  if (!(base > 0) || !Number.isFinite(base)) throw new IndexEngineError(`base level must be positive (got ${base})`);
  for (let t = 1; t < T; t++) {
    if (dates[t] <= dates[t - 1]) throw new IndexEngineError(`dates must be strictly ascending (index ${t})`);
  }

  // Events grouped by the trading index after whose close they apply.
  const events = [...(input.events ?? [])];
  const byT = new Map<number, IndexEvent[]>();
  for (const e of events) {
    const t = lastIndexOnOrBefore(dates, e.date);
    if (t < 0) throw new IndexEngineError(`event ${e.kind} on day ${e.date} is before the first date`);
    if (t === T - 1 && e.date > dates[T - 1]) {
      throw new IndexEngineError(`event ${e.kind} on day ${e.date} is after the last date`);
    }
    let list = byT.get(t);
    if (!list) byT.set(t, (list = []));
    list.push(e);
  }

  const shares = new Float64Array(N);
  const iwf = new Float64Array(N);
  const w = new Float64Array(N);
  const last = new Float64Array(N).fill(NaN);
  let members = 0;
  const setPos = (col: number, s: number, f: number) => {
    const before = w[col] !== 0;
    shares[col] = s;
    iwf[col] = f;
    w[col] = s * f;
    const after = w[col] !== 0;
    members += (after ? 1 : 0) - (before ? 1 : 0);
  };
  for (const p of input.initial) {
    checkPosition(p, N, "initial position");
    setPos(p.col, p.shares, p.iwf);
  }

  const out: LevelSeries = {
    dates,
    price: new Float64Array(T),
    total: new Float64Array(T),
    divisor: new Float64Array(T),
    floatCap: new Float64Array(T),
    members: new Int32Array(T),
    adjustments: [],
  };

  const capNow = (): number => {
    let cap = 0;
    for (let i = 0; i < N; i++) {
      const wi = w[i];
      if (wi !== 0) cap += wi * last[i];
    }
    return cap;
  };
  const unpriced = (t: number): string => {
    const missing: string[] = [];
    for (let i = 0; i < N && missing.length < 5; i++) if (w[i] !== 0 && !(last[i] === last[i])) missing.push(ids[i]);
    return `no close yet for member(s) ${missing.join(", ")} on day ${dates[t]}`;
  };

  let divisor = NaN;
  let capRef = NaN;
  let tr = base;
  for (let t = 0; t < T; t++) {
    const o = t * N;
    let cap = 0;
    for (let i = 0; i < N; i++) {
      const p = close[o + i];
      if (p === p) last[i] = p;
      const wi = w[i];
      if (wi !== 0) cap += wi * last[i];
    }
    if (!(cap === cap)) throw new IndexEngineError(unpriced(t));
    if (t === 0) {
      if (!(cap > 0)) throw new IndexEngineError("the index has no capitalization at the first close");
      divisor = cap / base;
    }
    const level = cap / divisor;
    if (t > 0) {
      let dcap = 0;
      if (div) {
        for (let i = 0; i < N; i++) {
          const wi = w[i];
          const d = div[o + i];
          if (wi !== 0 && d === d && d !== 0) dcap += wi * d;
        }
      }
      tr = tr * ((cap + dcap) / capRef);
    }
    out.price[t] = level;
    out.total[t] = tr;
    out.divisor[t] = divisor;
    out.floatCap[t] = cap;
    out.members[t] = members;

    const todays = byT.get(t);
    if (todays) {
      for (const e of todays) applyEvent(e);
      const after = capNow();
      if (!(after === after)) throw new IndexEngineError(unpriced(t));
      if (!(after > 0)) throw new IndexEngineError(`the index has no members after the events of day ${dates[t]}`);
      const newDivisor = after / level;
      out.adjustments.push({
        date: dates[t],
        kinds: todays.map((e) => e.kind),
        level,
        capBefore: cap,
        capAfter: after,
        divisorBefore: divisor,
        divisorAfter: newDivisor,
      });
      divisor = newDivisor;
      capRef = after;
    } else capRef = cap;
  }
  return out;

  function applyEvent(e: IndexEvent): void {
    switch (e.kind) {
      case "reconstitute": {
        for (let i = 0; i < N; i++) if (w[i] !== 0) setPos(i, 0, 0);
        for (const p of e.positions) {
          checkPosition(p, N, "reconstitution position");
          setPos(p.col, p.shares, p.iwf);
        }
        break;
      }
      case "add":
        checkPosition(e, N, `add ${ids[e.col] ?? e.col}`);
        setPos(e.col, e.shares, e.iwf);
        break;
      case "delete":
        checkPosition({ col: e.col, shares: 0, iwf: 0 }, N, "delete");
        setPos(e.col, 0, 0);
        break;
      case "shares": {
        const f = e.iwf ?? iwf[e.col];
        checkPosition({ col: e.col, shares: e.shares, iwf: f }, N, `share change of ${ids[e.col] ?? e.col}`);
        setPos(e.col, e.shares, f);
        break;
      }
      case "split":
        if (!(e.ratio > 0) || !Number.isFinite(e.ratio)) throw new IndexEngineError(`split ratio must be positive (got ${e.ratio})`);
        checkPosition({ col: e.col, shares: 0, iwf: 0 }, N, "split");
        setPos(e.col, shares[e.col] * e.ratio, iwf[e.col]);
        last[e.col] = last[e.col] / e.ratio;
        break;
      case "price-adjust":
        if (!(e.price > 0) || !Number.isFinite(e.price)) throw new IndexEngineError(`adjusted price must be positive (got ${e.price})`);
        checkPosition({ col: e.col, shares: 0, iwf: 0 }, N, "price adjustment");
        last[e.col] = e.price;
        break;
    }
  }
}

/**
 * Levels of a fixed membership over a price history: securities priced on the first date
 * start in the index; one whose prices start later is added after the close of its first
 * priced day; one whose prices stop is deleted after the close of its last priced day.
 * Gaps inside a security's history carry its last close.
 */
export function fixedMembershipLevels(args: {
  dates: Int32Array;
  ids: readonly string[];
  close: Float64Array;
  dividends?: Float64Array | null;
  /** Shares and iwf per column; columns with zero shares are not members. */
  holdings: readonly { shares: number; iwf: number }[];
  baseLevel?: number;
}): LevelSeries & { added: string[]; deleted: string[]; neverPriced: string[] } {
  const { dates, ids, close } = args;
  const T = dates.length;
  const N = ids.length;
  if (args.holdings.length !== N) throw new IndexEngineError(`holdings has ${args.holdings.length} entries, expected ${N}`);
  const first = new Int32Array(N).fill(-1);
  const lastT = new Int32Array(N).fill(-1);
  for (let t = 0; t < T; t++) {
    const o = t * N;
    for (let i = 0; i < N; i++) {
      const p = close[o + i];
      if (p === p) {
        if (first[i] < 0) first[i] = t;
        lastT[i] = t;
      }
    }
  }
  const initial: Position[] = [];
  const events: IndexEvent[] = [];
  const added: string[] = [];
  const deleted: string[] = [];
  const neverPriced: string[] = [];
  for (let i = 0; i < N; i++) {
    const h = args.holdings[i];
    if (!(h.shares > 0) || !(h.iwf > 0)) continue;
    if (first[i] < 0) {
      neverPriced.push(ids[i]);
      continue;
    }
    if (first[i] === 0) initial.push({ col: i, shares: h.shares, iwf: h.iwf });
    else {
      events.push({ kind: "add", date: dates[first[i]], col: i, shares: h.shares, iwf: h.iwf });
      added.push(ids[i]);
    }
    if (lastT[i] < T - 1) {
      events.push({ kind: "delete", date: dates[lastT[i]], col: i });
      deleted.push(ids[i]);
    }
  }
  if (initial.length === 0) throw new IndexEngineError("no member has a close on the first date");
  const series = computeLevels({
    dates,
    ids,
    close,
    dividends: args.dividends,
    initial,
    events,
    baseLevel: args.baseLevel,
  });
  return { ...series, added, deleted, neverPriced };
}
