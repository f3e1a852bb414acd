import type { SeriesFrame } from "../../model/series.ts";

export interface BreadthOptions {
  /** Moving-average lengths in sessions (50 and 200). */
  shortAverage: number;
  longAverage: number;
  /** Sessions in the high/low window including the day (252 = 52 weeks). */
  highLowWindow: number;
}

export const DEFAULT_BREADTH: BreadthOptions = { shortAverage: 50, longAverage: 200, highLowWindow: 252 };

export interface Breadth {
  /** Union of the constituents' dates, ascending. */
  dates: Int32Array;
  /** Constituents with a close on the date. */
  reporting: Int32Array;
  /** Share of constituents with enough history whose close is above their own 50-session average (NaN when none has). */
  aboveShort: Float64Array;
  aboveLong: Float64Array;
  advancers: Int32Array;
  decliners: Int32Array;
  /** Cumulative advancers - decliners from the first date. */
  advanceDeclineLine: Float64Array;
  /** Closes above every close of the previous highLowWindow - 1 sessions (needs that much history). */
  newHighs: Int32Array;
  newLows: Int32Array;
}

/**
 * Market breadth from constituent closes. Each constituent is measured on its own sessions
 * (moving averages, day-over-day change and highs/lows over its own previous closes), then
 * counted on the date of the close: advancers rose from their previous close, decliners fell.
 * A close exactly on its average is not above it.
 */
export function breadth(constituents: readonly SeriesFrame[], options: Partial<BreadthOptions> = {}): Breadth {
  const o = { ...DEFAULT_BREADTH, ...options };
  for (const [k, w] of [["shortAverage", o.shortAverage], ["longAverage", o.longAverage], ["highLowWindow", o.highLowWindow]] as const) {
    if (!Number.isInteger(w) || w < 2) throw new RangeError(`${k} must be an integer >= 2, got ${w}`);
  }
  const all = new Set<number>();
  for (const c of constituents) for (let i = 0; i < c.dates.length; i++) all.add(c.dates[i]);
  const dates = Int32Array.from([...all].sort((a, b) => a - b));
  const m = dates.length;
  const index = new Map<number, number>();
  dates.forEach((d, i) => index.set(d, i));
  const reporting = new Int32Array(m);
  const eligS = new Int32Array(m);
  const aboveS = new Int32Array(m);
  const eligL = new Int32Array(m);
  const aboveL = new Int32Array(m);
  const adv = new Int32Array(m);
  const dec = new Int32Array(m);
  const highs = new Int32Array(m);
  const lows = new Int32Array(m);
  const W = o.highLowWindow;
  for (const c of constituents) {
    const v = c.values;
    const n = v.length;
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(v[i])) throw new RangeError(`${c.id}: close ${i} is ${v[i]}`);
    }
    let sS = 0;
    let sL = 0;
    // Monotonic deques of indices over the previous W - 1 closes, for the running max and min.
    const maxQ = new Int32Array(n);
    const minQ = new Int32Array(n);
    let mh = 0;
    let mt = 0;
    let nh = 0;
    let nt = 0;
    for (let i = 0; i < n; i++) {
      const k = index.get(c.dates[i]) as number;
      reporting[k]++;
      sS += v[i];
      sL += v[i];
      if (i >= o.shortAverage) sS -= v[i - o.shortAverage];
      if (i >= o.longAverage) sL -= v[i - o.longAverage];
      if (i >= o.shortAverage - 1) {
        eligS[k]++;
        if (v[i] > sS / o.shortAverage) aboveS[k]++;
      }
      if (i >= o.longAverage - 1) {
        eligL[k]++;
        if (v[i] > sL / o.longAverage) aboveL[k]++;
      }
      if (i > 0) {
        if (v[i] > v[i - 1]) adv[k]++;
        else if (v[i] < v[i - 1]) dec[k]++;
      }
      // Previous W - 1 closes: indices i - W + 1 .. i - 1.
      while (mh < mt && maxQ[mh] < i - W + 1) mh++;
      while (nh < nt && minQ[nh] < i - W + 1) nh++;
      if (i >= W - 1) {
        if (v[i] > v[maxQ[mh]]) highs[k]++;
        if (v[i] < v[minQ[nh]]) lows[k]++;
      }
      while (mt > mh && v[maxQ[mt - 1]] <= v[i]) mt--;
      maxQ[mt++] = i;
      while (nt > nh && v[minQ[nt - 1]] >= v[i]) nt--;
      minQ[nt++] = i;
    }
  }
  const aboveShort = new Float64Array(m);
  const aboveLong = new Float64Array(m);
  const line = new Float64Array(m);
  let cum = 0;
  for (let k = 0; k < m; k++) {
    aboveShort[k] = eligS[k] ? aboveS[k] / eligS[k] : NaN;
    aboveLong[k] = eligL[k] ? aboveL[k] / eligL[k] : NaN;
    cum += adv[k] - dec[k];
    line[k] = cum;
  }
  return { dates, reporting, aboveShort, aboveLong, advancers: adv, decliners: dec, advanceDeclineLine: line, newHighs: highs, newLows: lows };
}
