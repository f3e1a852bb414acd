/** Snapshot sections per symbol: returns, risk, drawdowns; pairs vs the benchmark; ETF tracking. */
import type { SeriesFrame } from "../../model/series.ts";
import { asOfValues, dropMissing, lastPerPeriod, windowRange } from "./align.ts";
import { dayToIso, monthKeys } from "../../model/dates.ts";
import { drawdownEpisodes, maxDrawdown, topDrawdowns, underwater } from "./drawdown.ts";
import { type DateWindow, type Figure, type Unavailable, cell, figure, missing, span } from "./figure.ts";
import {
  HORIZONS,
  calendarYearReturns,
  cagr,
  horizonReturns,
  monthlyReturns,
  overlappingReturns,
  rollingReturnDistribution,
  simpleReturns,
} from "./returns.ts";
import {
  annualizedVolatility,
  beta,
  captureRatios,
  downsideDeviation,
  historicalTailRisk,
  rollingBetaCorrelation,
  rollingVolatility,
  sharpeRatio,
  sortinoRatio,
  volatilityRatio,
} from "./risk.ts";
import { correlation, excessKurtosis, skewness, stdev } from "./stats.ts";
import { DISTRIBUTIONS_NOTE, PRICE_TRACKING_NOTE, TOTAL_TRACKING_NOTE, distributionsByYear, monthlyTrackingError, trackingDifferenceByYear, trackingError } from "./tracking.ts";
import type { MacroInput } from "./snapshot-inputs.ts";
import type { Conventions } from "./snapshot-options.ts";
import { type Prepared, type RollingSummary, type SeriesOut, sourceTags, summarizeRolling, seriesOf, joinedWindow, toSeries } from "./snapshot-prep.ts";

// ---------------------------------------------------------------------------------------------
// Output types

export interface HorizonRow {
  horizon: string;
  price: Figure;
  /** CAGR for horizons of a year or more; null below a year. */
  priceAnnualized: Figure | null;
  /** On adjusted closes; null when the series has none. */
  total: Figure | null;
  totalAnnualized: Figure | null;
}

export interface TableMeta {
  asOf: string;
  window: DateWindow;
  sources: string[];
}

export interface CalendarYearRow {
  year: number;
  /** Base close date (previous year's last close, or the first close) and end close date. */
  from: string;
  to: string;
  price: number | null;
  total: number | null;
  partial: boolean;
}

export interface MonthlyTableRow {
  year: number;
  /** Twelve cells, January first; null where the data has no close in the month. */
  months: (number | null)[];
  /** Months (0 = January) whose return is partial: the first month of the data, a month after a gap, or a month still running. */
  partial: number[];
  /** The twelve months compounded; null unless all twelve are full months. */
  year_total: number | null;
}

export interface RollingReturnRow {
  years: number;
  windows: number;
  min: Figure;
  median: Figure;
  max: Figure;
  sharePositive: Figure;
  annualizedMin: Figure;
  annualizedMedian: Figure;
  annualizedMax: Figure;
}

export interface TailRow {
  horizon: "1 day" | "1 month";
  confidence: number;
  valueAtRisk: Figure;
  conditionalValueAtRisk: Figure;
}

export interface EpisodeRow {
  rank: number;
  peak: string;
  trough: string;
  recovery: string | null;
  recovered: boolean;
  depth: number;
  peakClose: number;
  troughClose: number;
  daysToTrough: number;
  sessionsToTrough: number;
  /** Trough to recovery, calendar days; null when not recovered. */
  daysToRecover: number | null;
  /** Peak to recovery (or to the last close when not recovered), calendar days. */
  daysUnderwater: number;
}

export interface SymbolReport {
  available: true;
  symbol: string;
  sources: string[];
  /** Stored data span (after dropping unusable rows). */
  data: DateWindow;
  /** The window's base close .. last close. */
  window: DateWindow;
  basis: "price" | "total";
  totalReturnAvailable: boolean;
  /** The window's first close (the base close when one precedes `from`) and last close. */
  firstClose: Figure;
  lastClose: Figure;
  returns: HorizonRow[];
  cagr: { price: Figure; total: Figure | null };
  calendarYears: TableMeta & { rows: CalendarYearRow[] };
  monthly: TableMeta & { basis: "price" | "total"; rows: MonthlyTableRow[] };
  rollingReturns: RollingReturnRow[];
  risk: {
    dailyReturns: Figure;
    volatility: Figure;
    rollingVolatility: RollingSummary[];
    /** MAR 0, over all returns. */
    downsideDeviation: Figure;
    sharpe: Figure & { riskFree: string | null };
    sortino: Figure & { riskFree: string | null };
    skewness: Figure;
    excessKurtosis: Figure;
    tail: TailRow[];
    probabilityOfLoss: { years: number; sessions: number; figure: Figure }[];
  };
  drawdowns: {
    max: Figure & { peak: string | null; trough: string | null };
    current: Figure;
    episodes: number;
    top: EpisodeRow[];
  };
  series?: { underwater: SeriesOut; rollingVolatility: Record<string, SeriesOut> };
  notes: string[];
}

export type SymbolResult = SymbolReport | (Unavailable & { symbol: string });

export interface PairReport {
  available: true;
  symbol: string;
  benchmark: string;
  window: DateWindow;
  beta: Figure;
  correlation: Figure;
  volatilityRatio: Figure;
  upCapture: Figure;
  downCapture: Figure;
  rolling: { window: number; beta: RollingSummary; correlation: RollingSummary };
  series?: { rollingBeta: SeriesOut; rollingCorrelation: SeriesOut };
}

export interface TrackingYear {
  year: number;
  fund: number;
  index: number;
  /** fund - index on the same basis: the tracking difference. */
  difference: number;
  partial: boolean;
  /** The fund's total minus price return that year (its distributions); null without adjusted closes. Not tracking. */
  distributions: number | null;
}

/** A fund against its index, like for like: both price returns, or both total returns. */
export interface TrackingReport {
  fund: string;
  /** The index the fund follows (e.g. ^RUT). */
  index: string;
  available: boolean;
  reason?: string;
  /** The basis both sides are on. */
  basis?: "price" | "total";
  /** The index series compared: the index itself on price, its total-return version on total. */
  indexSeries?: string;
  /** Daily tracking error, annualized (sqrt 252). */
  trackingError?: Figure;
  /** Monthly tracking error, annualized (sqrt 12): little affected by close timing. */
  trackingErrorMonthly?: Figure;
  years?: TrackingYear[];
  /** What the difference means on this basis, and why daily and monthly tracking errors differ. */
  note?: string;
  /** Why a total-return comparison was not possible, when it was asked for. */
  basisNote?: string;
  distributionsNote?: string;
}

// ---------------------------------------------------------------------------------------------
// Per symbol

export function symbolReport(
  p: Prepared,
  from: number | undefined,
  to: number | undefined,
  c: Conventions,
  rf: MacroInput | undefined,
  includeSeries: boolean,
): SymbolResult {
  if (p.dates.length === 0) return { symbol: p.symbol, available: false, reason: `${p.symbol}: no usable closes stored` };
  let w: ReturnType<typeof windowRange>;
  try {
    w = windowRange(p.dates, from, to);
  } catch (e) {
    return { symbol: p.symbol, available: false, reason: `${p.symbol}: ${(e as Error).message}` };
  }
  const notes = [...p.notes];
  const dates = p.dates.subarray(w.start, w.end + 1);
  const price = p.close.subarray(w.start, w.end + 1);
  const total = p.adj ? p.adj.subarray(w.start, w.end + 1) : null;
  const n = dates.length;
  const first = dates[0];
  const last = dates[n - 1];
  if (from !== undefined && from < p.dates[0]) {
    notes.push(`${p.symbol}: requested start ${dayToIso(from)} is before the first stored close ${dayToIso(p.dates[0])}; the window starts there`);
  }
  const src = p.sources;
  const prov = span(first, last, src);
  const basis: "price" | "total" = c.returnBasis === "price" ? "price" : c.returnBasis === "total" ? (total ? "total" : "price") : total ? "total" : "price";
  if (c.returnBasis === "total" && !total) notes.push(`${p.symbol}: no adjusted closes; daily metrics use closes (price return)`);
  const values = basis === "total" && total ? total : price;
  const returns = simpleReturns(values);
  const ppy = c.periodsPerYear;

  // Returns over horizons, CAGR.
  const hp = horizonReturns(dates, price, HORIZONS, c.calendarDaysPerYear);
  const ht = total ? horizonReturns(dates, total, HORIZONS, c.calendarDaysPerYear) : null;
  const hFig = (h: (typeof hp)[number], annual: boolean): Figure => {
    const pr = h.baseDate === null ? { asOf: dayToIso(last), window: null, sources: src } : span(h.baseDate, h.endDate, src);
    if (h.baseDate === null) return missing("fraction", pr, h.reason ?? "unavailable");
    return annual ? figure(h.annualized, "fraction", pr) : figure(h.value, "fraction", pr, h.reason);
  };
  const returnRows: HorizonRow[] = hp.map((h, i) => {
    const annualizable = Number.isFinite(h.annualized) || (h.baseDate === null && /Y$/.test(h.label));
    return {
      horizon: h.label,
      price: hFig(h, false),
      priceAnnualized: annualizable ? hFig(h, true) : null,
      total: ht ? hFig(ht[i], false) : null,
      totalAnnualized: ht && annualizable ? hFig(ht[i], true) : null,
    };
  });
  const cagrFig = (v: Float64Array) =>
    n < 2 ? missing("fraction", prov, "a single close: no return") : figure(cagr(v[0], v[n - 1], last - first, c.calendarDaysPerYear), "fraction", prov);

  // Calendar years and months (drop a leading period that is only the base close).
  const yp = calendarYearReturns(dates, price);
  const yt = total ? calendarYearReturns(dates, total) : null;
  // A period holding a single close (e.g. the window's base close alone in its year) has no return.
  const baseOnly = (r: { baseDate: number; endDate: number }) => r.baseDate === r.endDate;
  const yearRows: CalendarYearRow[] = [];
  yp.forEach((r, i) => {
    if (baseOnly(r)) return;
    yearRows.push({ year: r.period, from: dayToIso(r.baseDate), to: dayToIso(r.endDate), price: cell(r.value), total: yt ? cell(yt[i].value) : null, partial: r.partial });
  });
  const mr = monthlyReturns(dates, values).filter((r) => !baseOnly(r));
  const monthRows: MonthlyTableRow[] = [];
  for (const r of mr) {
    const y = Math.floor(r.period / 12);
    let row = monthRows[monthRows.length - 1];
    if (!row || row.year !== y) {
      row = { year: y, months: new Array<number | null>(12).fill(null), partial: [], year_total: null };
      monthRows.push(row);
    }
    row.months[r.period - y * 12] = cell(r.value);
    if (r.partial) row.partial.push(r.period - y * 12);
  }
  for (const row of monthRows) {
    if (row.months.every((x) => x !== null) && row.partial.length === 0) row.year_total = (row.months as number[]).reduce((g, x) => g * (1 + x), 1) - 1;
  }

  // Rolling N-year returns.
  // One pass of overlapping returns per holding period serves both the rolling-return rows and
  // the probability of loss (the same windows: 252 sessions a year).
  const dist = new Map<number, ReturnType<typeof rollingReturnDistribution>>();
  const distribution = (years: number) => {
    let d = dist.get(years);
    if (!d) dist.set(years, (d = rollingReturnDistribution(values, years, ppy)));
    return d;
  };
  const rollingReturns: RollingReturnRow[] = c.rollingReturnYears.map((years) => {
    const d = distribution(years);
    const reason = `needs more than ${d.sessions} sessions; the window has ${n} closes`;
    const f = (x: number) => figure(x, "fraction", prov, d.count ? undefined : reason);
    return {
      years,
      windows: d.count,
      min: f(d.min),
      median: f(d.median),
      max: f(d.max),
      sharePositive: f(d.sharePositive),
      annualizedMin: f(d.annualizedMin),
      annualizedMedian: f(d.annualizedMedian),
      annualizedMax: f(d.annualizedMax),
    };
  });

  // Risk.
  const tooShort = n < 3 ? "needs at least two daily returns" : undefined;
  const flat = stdev(returns) === 0 ? "returns do not vary" : undefined;
  const rv = c.rollingVolatilityWindows.map((win) => ({ win, v: rollingVolatility(returns, win, ppy) }));
  let sharpe: Figure & { riskFree: string | null };
  let sortino: Figure & { riskFree: string | null };
  const rfId = c.riskFree;
  if (rfId && rf) {
    const rd = dates.subarray(1);
    const rates = asOfValues(dropMissing(rf), rd, 7);
    let a = 0;
    while (a < rd.length && !Number.isFinite(rates[a])) a++;
    let b = rd.length - 1;
    while (b >= a && !Number.isFinite(rates[b])) b--;
    let gaps = 0;
    for (let i = a; i <= b; i++) if (!Number.isFinite(rates[i])) gaps++;
    const rfSources = [...src, ...sourceTags(rfId, rf.sources)];
    if (a > b || gaps > 0) {
      const reason = a > b ? `${rfId} has no values in the window` : `${rfId} has ${gaps} gaps longer than 7 days in the window`;
      sharpe = { ...missing("ratio", { ...prov, sources: rfSources }, reason), riskFree: rfId };
      sortino = c.sortinoExcess
        ? { ...missing("ratio", { ...prov, sources: rfSources }, reason), riskFree: rfId }
        : { ...figure(sortinoRatio(returns, 0, ppy), "ratio", prov, tooShort ?? "no negative return"), riskFree: null };
    } else {
      const sub = returns.subarray(a, b + 1);
      const rfp = new Float64Array(b - a + 1);
      for (let i = 0; i < rfp.length; i++) rfp[i] = rates[a + i] / 100 / ppy;
      const pr = { ...span(dates[a], dates[b + 1], rfSources) };
      if (a > 0 || b < rd.length - 1) {
        notes.push(`${p.symbol}: Sharpe${c.sortinoExcess ? " and Sortino" : ""} cover ${dayToIso(dates[a])}..${dayToIso(dates[b + 1])}, the part of the window with ${rfId} values`);
      }
      sharpe = { ...figure(sharpeRatio(sub, rfp, ppy), "ratio", pr, flat ?? tooShort), riskFree: rfId };
      sortino = c.sortinoExcess
        ? { ...figure(sortinoRatio(sub, rfp, ppy), "ratio", pr, tooShort ?? "no return below the risk-free rate"), riskFree: rfId }
        : { ...figure(sortinoRatio(returns, 0, ppy), "ratio", prov, tooShort ?? "no negative return"), riskFree: null };
    }
  } else {
    if (rfId) notes.push(`${p.symbol}: no ${rfId} series stored; Sharpe and Sortino use a zero risk-free rate`);
    sharpe = { ...figure(sharpeRatio(returns, 0, ppy), "ratio", prov, flat ?? tooShort), riskFree: null };
    sortino = { ...figure(sortinoRatio(returns, 0, ppy), "ratio", prov, tooShort ?? "no negative return"), riskFree: null };
  }
  const tail1 = historicalTailRisk(returns, c.varConfidences);
  const monthReturns = n > c.monthSessions ? overlappingReturns(values, c.monthSessions) : new Float64Array(0);
  const tailM = historicalTailRisk(monthReturns, c.varConfidences);
  const tail: TailRow[] = [];
  const noTail = (len: number, what: string) => (len === 0 ? `no ${what} returns in the window` : undefined);
  tail1.forEach((t) =>
    tail.push({
      horizon: "1 day",
      confidence: t.confidence,
      valueAtRisk: figure(t.valueAtRisk, "fraction", prov, noTail(returns.length, "daily")),
      conditionalValueAtRisk: figure(t.conditionalValueAtRisk, "fraction", prov, noTail(returns.length, "daily")),
    }),
  );
  tailM.forEach((t) =>
    tail.push({
      horizon: "1 month",
      confidence: t.confidence,
      valueAtRisk: figure(t.valueAtRisk, "fraction", prov, noTail(monthReturns.length, `${c.monthSessions}-session`)),
      conditionalValueAtRisk: figure(t.conditionalValueAtRisk, "fraction", prov, noTail(monthReturns.length, `${c.monthSessions}-session`)),
    }),
  );
  const pol = c.lossHorizonYears.map((years) => {
    const d = distribution(years);
    return { years, sessions: d.sessions, figure: figure(d.shareNegative, "fraction", prov, `needs more than ${d.sessions} sessions; the window has ${n} closes`) };
  });

  // Drawdowns.
  const md = maxDrawdown(values);
  const uw = underwater(values);
  const episodes = drawdownEpisodes(values);
  const top = topDrawdowns(episodes, c.topDrawdowns).map((e, i): EpisodeRow => ({
    rank: i + 1,
    peak: dayToIso(dates[e.peakIndex]),
    trough: dayToIso(dates[e.troughIndex]),
    recovery: e.recoveryIndex >= 0 ? dayToIso(dates[e.recoveryIndex]) : null,
    recovered: e.recoveryIndex >= 0,
    depth: e.depth,
    peakClose: values[e.peakIndex],
    troughClose: values[e.troughIndex],
    daysToTrough: dates[e.troughIndex] - dates[e.peakIndex],
    sessionsToTrough: e.troughIndex - e.peakIndex,
    daysToRecover: e.recoveryIndex >= 0 ? dates[e.recoveryIndex] - dates[e.troughIndex] : null,
    daysUnderwater: (e.recoveryIndex >= 0 ? dates[e.recoveryIndex] : last) - dates[e.peakIndex],
  }));

  const report: SymbolReport = {
    available: true,
    symbol: p.symbol,
    sources: src,
    data: { from: dayToIso(p.dates[0]), to: dayToIso(p.dates[p.dates.length - 1]) },
    window: { from: dayToIso(first), to: dayToIso(last) },
    basis,
    totalReturnAvailable: total !== null,
    firstClose: figure(price[0], "level", span(first, first, src)),
    lastClose: figure(price[n - 1], "level", span(last, last, src)),
    returns: returnRows,
    cagr: { price: cagrFig(price), total: total ? cagrFig(total) : null },
    calendarYears: { asOf: dayToIso(last), window: { from: dayToIso(first), to: dayToIso(last) }, sources: src, rows: yearRows },
    monthly: { asOf: dayToIso(last), window: { from: dayToIso(first), to: dayToIso(last) }, sources: src, basis, rows: monthRows },
    rollingReturns,
    risk: {
      dailyReturns: figure(returns.length, "count", prov),
      volatility: figure(annualizedVolatility(returns, ppy), "fraction", prov, tooShort),
      rollingVolatility: rv.map(({ win, v }) => summarizeRolling(win, v, dates, src, "fraction")),
      downsideDeviation: figure(downsideDeviation(returns, 0, ppy), "fraction", prov, tooShort),
      sharpe,
      sortino,
      skewness: figure(skewness(returns), "ratio", prov, n < 4 ? "needs at least three daily returns" : flat),
      excessKurtosis: figure(excessKurtosis(returns), "ratio", prov, n < 5 ? "needs at least four daily returns" : flat),
      tail,
      probabilityOfLoss: pol,
    },
    drawdowns: {
      max: {
        ...figure(md.depth, "fraction", prov),
        peak: md.depth < 0 ? dayToIso(dates[md.peakIndex]) : null,
        trough: md.depth < 0 ? dayToIso(dates[md.troughIndex]) : null,
      },
      current: figure(uw[n - 1], "fraction", span(last, last, src)),
      episodes: episodes.length,
      top,
    },
    notes,
  };
  if (includeSeries) {
    report.series = {
      underwater: toSeries(dates, uw),
      rollingVolatility: Object.fromEntries(rv.map(({ win, v }) => [String(win), toSeries(dates.subarray(win), v)])),
    };
  }
  return report;
}

// ---------------------------------------------------------------------------------------------
// Pairs (subject vs benchmark)


export function pairReport(
  a: Prepared,
  b: Prepared,
  from: number | undefined,
  to: number | undefined,
  c: Conventions,
  includeSeries: boolean,
): PairReport | (Unavailable & { symbol: string; benchmark: string }) {
  let j: ReturnType<typeof joinedWindow>;
  try {
    j = joinedWindow(seriesOf(a, c.returnBasis), seriesOf(b, c.returnBasis), from, to);
  } catch (e) {
    return { available: false, symbol: a.symbol, benchmark: b.symbol, reason: `${a.symbol} and ${b.symbol} share no dates in the window (${(e as Error).message})` };
  }
  const src = [...a.sources, ...b.sources];
  const n = j.dates.length;
  const prov = span(j.dates[0], j.dates[n - 1], src);
  const ra = simpleReturns(j.a);
  const rb = simpleReturns(j.b);
  const short = ra.length < 2 ? "needs at least two joined daily returns" : undefined;
  const flatB = stdev(rb) === 0 ? `${b.symbol} returns do not vary` : undefined;
  const flatA = stdev(ra) === 0 ? `${a.symbol} returns do not vary` : undefined;
  // Month-end closes of the joined series.
  const mk = monthKeys(j.dates);
  const ma = lastPerPeriod(j.dates, j.a, mk);
  const mb = lastPerPeriod(j.dates, j.b, mk);
  const mra = simpleReturns(ma.values);
  const mrb = simpleReturns(mb.values);
  const cap = captureRatios(mra, mrb);
  const mprov = ma.dates.length ? span(ma.dates[0], ma.dates[ma.dates.length - 1], src) : prov;
  const rw = c.rollingBetaWindow;
  const rolling = rollingBetaCorrelation(ra, rb, rw);
  const out: PairReport = {
    available: true,
    symbol: a.symbol,
    benchmark: b.symbol,
    window: prov.window as DateWindow,
    beta: figure(beta(ra, rb), "ratio", prov, short ?? flatB),
    correlation: figure(correlation(ra, rb), "correlation", prov, short ?? flatB ?? flatA),
    volatilityRatio: figure(volatilityRatio(ra, rb), "ratio", prov, short ?? flatB),
    upCapture: figure(cap.up, "ratio", mprov, cap.upPeriods ? undefined : `no month with a positive ${b.symbol} return`),
    downCapture: figure(cap.down, "ratio", mprov, cap.downPeriods ? undefined : `no month with a negative ${b.symbol} return`),
    rolling: {
      window: rw,
      beta: summarizeRolling(rw, rolling.beta, j.dates, src, "ratio"),
      correlation: summarizeRolling(rw, rolling.correlation, j.dates, src, "correlation"),
    },
  };
  if (includeSeries) {
    out.series = { rollingBeta: toSeries(j.dates.subarray(rw), rolling.beta), rollingCorrelation: toSeries(j.dates.subarray(rw), rolling.correlation) };
  }
  return out;
}

export function trackingReport(
  fund: Prepared,
  index: Prepared,
  totalIndex: Prepared | undefined,
  totalIndexId: string | undefined,
  from: number | undefined,
  to: number | undefined,
  c: Conventions,
): TrackingReport {
  // Like for like only: both price returns, or the fund's adjusted close against a total-return index.
  let basis: "price" | "total" = "price";
  let basisNote: string | undefined;
  if (c.returnBasis === "total") {
    if (fund.adj && totalIndex) basis = "total";
    else {
      basisNote = !fund.adj
        ? `${fund.symbol} has no adjusted closes, so it is compared with ${index.symbol} on price.`
        : `a total-return comparison needs the total-return index${totalIndexId ? ` ${totalIndexId}` : ""}, which is not stored; ${fund.symbol} is compared with ${index.symbol} on price (its distributions are shown apart).`;
    }
  }
  const f: SeriesFrame = basis === "total" ? { id: fund.symbol, dates: fund.dates, values: fund.adj as Float64Array } : { id: fund.symbol, dates: fund.dates, values: fund.close };
  const ix = basis === "total" ? (totalIndex as Prepared) : index;
  const x: SeriesFrame = { id: ix.symbol, dates: ix.dates, values: ix.close };
  let j: ReturnType<typeof joinedWindow>;
  try {
    j = joinedWindow(f, x, from, to);
  } catch (e) {
    return { fund: fund.symbol, index: index.symbol, available: false, reason: `${fund.symbol} and ${ix.symbol} share no dates in the window (${(e as Error).message})` };
  }
  const n = j.dates.length;
  const src = [...fund.sources, ...ix.sources];
  const prov = span(j.dates[0], j.dates[n - 1], src);
  const fj = { id: fund.symbol, dates: j.dates, values: j.a };
  const xj = { id: ix.symbol, dates: j.dates, values: j.b };
  const te = trackingError(fj, xj, c.periodsPerYear);
  const tm = monthlyTrackingError(fj, xj);
  // Calendar years on each series' own window closes.
  const wf = windowRange(f.dates, from, to);
  const wi = windowRange(x.dates, from, to);
  const fd = f.dates.subarray(wf.start, wf.end + 1);
  const years = trackingDifferenceByYear(
    { id: fund.symbol, dates: fd, values: f.values.subarray(wf.start, wf.end + 1) },
    { id: ix.symbol, dates: x.dates.subarray(wi.start, wi.end + 1), values: x.values.subarray(wi.start, wi.end + 1) },
  );
  const dist = fund.adj ? distributionsByYear(fd, fund.close.subarray(wf.start, wf.end + 1), fund.adj.subarray(wf.start, wf.end + 1)) : null;
  return {
    fund: fund.symbol,
    index: index.symbol,
    available: true,
    basis,
    indexSeries: ix.symbol,
    trackingError: figure(te.value, "fraction", prov, te.days < 2 ? "needs at least two joined daily returns" : undefined),
    trackingErrorMonthly: figure(tm.value, "fraction", prov, tm.months < 2 ? "needs at least two joined month-ends" : undefined),
    years: years.map((y) => ({ ...y, distributions: dist?.get(y.year) ?? null })),
    note: basis === "total" ? TOTAL_TRACKING_NOTE : PRICE_TRACKING_NOTE,
    ...(basisNote ? { basisNote } : {}),
    ...(dist ? { distributionsNote: DISTRIBUTIONS_NOTE } : {}),
  };
}
