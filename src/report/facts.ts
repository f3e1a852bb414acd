/**
 * The measured facts the narrative rules read: figures picked from the snapshot and a few the
 * report derives itself (relative-strength percentile, volatility against its median, latest rate
 * levels and their percentiles), each with provenance. Pure: a snapshot and its inputs in, facts out.
 */
import type { Figure, MacroInput, PairReport, ResolvedWindow, Snapshot, SnapshotInputs, SymbolReport } from "../core/analytics/index.ts";
import { dayToIso, isoToDay } from "../model/index.ts";
import { displayName } from "./comparison.ts";
import { duration } from "./blocks.ts";
import { derived, mergeProvenance } from "./format.ts";
import type { FigureFormat } from "./types.ts";

export interface Metric {
  figure: Figure;
  format: FigureFormat;
  /** What the figure is, for the citation ("Russell 2000 1-year price return"). */
  label: string;
  digits?: number;
}

export interface Facts {
  metrics: Record<string, Metric>;
  labels: Record<string, string>;
}

export interface FactsInput {
  snapshot: Snapshot;
  inputs: SnapshotInputs;
  smallCap: string;
  benchmark: string;
  asOf: string;
  names: ReadonlyMap<string, string>;
  /** Fund whose holdings and breadth describe the small caps (default IWM). */
  smallFund?: string;
  /** The measured window (for the long-run sentence). */
  window?: ResolvedWindow;
}

/** Years of relative-strength history the percentile is taken over. */
export const RS_LOOKBACK_YEARS = 10;
/** A policy regime counts as current when its last month reaches this close to the as-of date. */
const REGIME_CURRENT_DAYS = 45;

const available = (r: Snapshot["symbols"][number] | undefined): r is SymbolReport => !!r && r.available;

/** Share of `values` at or below `x` (ties count half), NaN-free input. */
export function percentileRank(values: ArrayLike<number>, x: number): number {
  let below = 0;
  let equal = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    n++;
    if (v < x) below++;
    else if (v === x) equal++;
  }
  return n ? (below + equal / 2) / n : NaN;
}

function macroTags(m: MacroInput): string[] {
  return (m.sources ?? []).map((s) => `${m.id}:${s}`);
}

/** Last finite value of a macro series, with provenance. */
function latest(m: MacroInput): { value: number; day: number } | null {
  for (let i = m.values.length - 1; i >= 0; i--) if (Number.isFinite(m.values[i])) return { value: m.values[i], day: m.dates[i] };
  return null;
}

function article(name: string): string {
  return /^(the |an? )/i.test(name) ? name : `the ${name}`;
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function buildFacts(input: FactsInput): Facts {
  const { snapshot: s, smallCap, benchmark } = input;
  const metrics: Record<string, Metric> = {};
  const labels: Record<string, string> = {};
  const put = (key: string, figure: Figure | null | undefined, format: FigureFormat, label: string, digits?: number) => {
    if (figure && figure.value !== null) metrics[key] = { figure, format, label, digits };
  };
  const smallName = displayName(smallCap, input.names);
  const benchName = displayName(benchmark, input.names);
  labels.small = article(smallName);
  labels.smallName = smallName;
  labels.benchName = benchName;
  labels.Small = cap(article(smallName));
  labels.bench = article(benchName);
  labels.asOf = input.asOf;

  const small = s.symbols.find((r) => r.symbol === smallCap);
  const bench = s.symbols.find((r) => r.symbol === benchmark);
  const pair = s.pairs.find((p): p is PairReport => p.symbol === smallCap && p.available);

  // Performance over a year, on the measurement's basis (total only where both have it).
  if (available(small) && available(bench)) {
    const total = small.basis === "total" && bench.basis === "total";
    const y = (r: SymbolReport) => {
      const row = r.returns.find((h) => h.horizon === "1Y");
      return total ? row?.total : row?.price;
    };
    labels.basis = total ? "total return" : "price return";
    const a = y(small);
    const b = y(bench);
    put("ret1Y", a, "pctSigned", `${smallName} 1-year ${labels.basis}`);
    put("benchRet1Y", b, "pctSigned", `${benchName} 1-year ${labels.basis}`);
    if (a?.value != null && b?.value != null) {
      put("relRet1Y", derived(a.value - b.value, "fraction", mergeProvenance([a, b])), "pp", `1-year return difference, ${smallName} minus ${benchName}`);
    }
    // Growth over the whole window.
    const g = (r: SymbolReport) => (total && r.cagr.total ? r.cagr.total : r.cagr.price);
    const ga = g(small);
    const gb = g(bench);
    put("cagrSmall", ga, "pct", `${smallName} growth over the window, % a year (${labels.basis})`);
    put("cagrBench", gb, "pct", `${benchName} growth over the window, % a year (${labels.basis})`);
    if (ga.value !== null && gb.value !== null) {
      put("cagrGap", derived(ga.value - gb.value, "fraction", mergeProvenance([ga, gb])), "pp", `growth over the window, ${smallName} minus ${benchName}, pp a year`);
      labels.windowText = ga.window ? `From ${ga.window.from} to ${ga.window.to}` : "Over the window";
    }
    const v = (r: SymbolReport) => r.risk.rollingVolatility.find((x) => x.window === 63);
    const sv = v(small);
    const bv = v(bench);
    if (sv) {
      put("vol63", sv.latest, "pct", `${smallName} volatility, last 63 sessions (annualized)`);
      put("vol63Median", sv.median, "pct", `${smallName} median 63-session volatility over the window`);
      if (sv.latest.value != null && sv.median.value != null && sv.median.value > 0) {
        put("volRegime", derived(sv.latest.value / sv.median.value, "ratio", mergeProvenance([sv.latest, sv.median])), "ratio", `${smallName} 63-session volatility over its median`);
      }
    }
    if (sv && bv) {
      put("benchVol63", bv.latest, "pct", `${benchName} volatility, last 63 sessions (annualized)`);
      if (sv.latest.value != null && bv.latest.value != null && bv.latest.value > 0) {
        put("relVol63", derived(sv.latest.value / bv.latest.value, "ratio", mergeProvenance([sv.latest, bv.latest])), "ratio", `${smallName} over ${benchName} volatility, last 63 sessions`);
      }
    }
  }
  if (pair) put("volRatio", pair.volatilityRatio, "ratio", `${smallName} over ${benchName} volatility, whole window`);

  // Drawdown from the highest close of the window.
  if (available(small)) {
    labels.windowFrom = small.window.from;
    put("ddCurrent", small.drawdowns.current, "pctSigned", `${smallName} decline from its highest close in the window`);
    const uw = small.series?.underwater;
    if (uw) {
      for (let i = uw.values.length - 1; i >= 0; i--) {
        if (uw.values[i] === 0) {
          labels.recordDate = uw.dates[i];
          break;
        }
      }
    }
  }

  // Crashes: the case studies, small cap against the benchmark (slots crashA and crashB, oldest first).
  const studies = s.caseStudies.filter((c) => c.rows.some((r) => r.symbol === smallCap && r.available));
  studies.slice(-2).forEach((cs, i) => {
    const slot = i === 0 && studies.length > 1 ? "crashA" : studies.length > 1 ? "crashB" : "crashA";
    const row = (sym: string) => cs.rows.find((r) => r.symbol === sym && r.available);
    const a = row(smallCap);
    const b = row(benchmark);
    if (!a?.depth) return;
    labels[`${slot}Name`] = cs.name === "2007-2009" ? "2007-2009 financial crisis" : cs.name === "2020" ? "2020 pandemic crash" : `${cs.name} episode`;
    labels[`${slot}Peak`] = a.peak ?? "?";
    labels[`${slot}Trough`] = a.trough ?? "?";
    const rec = (r: NonNullable<typeof a>) =>
      r.recovery ? `regained its peak on ${r.recovery}, ${duration(r.daysToRecover ?? 0)} after the trough` : `had not regained its peak by ${input.asOf}`;
    labels[`${slot}Recovery`] = rec(a);
    put(`${slot}Depth`, a.depth, "pctSigned", `${smallName} fall from peak to trough, ${cs.name}`);
    if (b?.depth) {
      labels[`${slot}BenchRecovery`] = rec(b).replace("its peak", "its own");
      put(`${slot}BenchDepth`, b.depth, "pctSigned", `${benchName} fall from peak to trough, ${cs.name}`);
    }
  });

  // Leadership turns and lead/lag.
  const lr = s.leadership;
  if (lr.available && lr.regimes.length) {
    const last = lr.regimes[lr.regimes.length - 1];
    const confirmed = lr.regimes.filter((r) => r.confirmed);
    labels.ltFrom = last.from;
    labels.ltLeader = last.leader.startsWith(lr.small) ? "small caps" : "large caps";
    labels.ltSwing = `${Math.round(lr.threshold * 100)}%`;
    labels.ltSince = lr.window.from;
    labels.ltSoFar = last.confirmed ? "" : " so far";
    put("ltChange", derived(last.ratioChange, "fraction", { asOf: last.to, window: { from: last.from, to: last.to }, sources: lr.ratio.latest.sources }), "pctSigned", `change of the ${smallName}/${benchName} ratio since its last turn`);
    const wp = { asOf: lr.window.to, window: lr.window, sources: lr.ratio.latest.sources };
    put("ltTotal", derived(confirmed.length, "count", wp), "num0", `confirmed leadership swings of the ${smallName}/${benchName} ratio in the window`);
    put("ltSmallCount", derived(confirmed.filter((r) => r.leader.startsWith(lr.small)).length, "count", wp), "num0", "of them led by small caps");
  }
  const ll = s.leadLag;
  if (ll.available && ll.turningPoints.matched > 0) {
    const tp = ll.turningPoints;
    const wp = { asOf: ll.window.to, window: ll.window, sources: lr.available ? lr.ratio.latest.sources : [] };
    labels.llFrom = ll.window.from;
    put("llMatched", derived(tp.matched, "count", wp), "num0", `turning points of ${benchName} with a ${smallName} turn within ${tp.maxDistanceDays} days`);
    put("llSmallFirst", derived(tp.smallFirst, "count", wp), "num0", `of them where ${smallName} turned first`);
    put("llSmallShare", derived(tp.smallFirst / tp.matched, "fraction", wp), "pct", `share of matched turning points where ${smallName} turned first`, 0);
    if (tp.medianLeadDays !== null) put("llMedianLead", derived(tp.medianLeadDays, "days", wp), "days", `median lead of ${smallName} at matched turning points (negative: later)`);
    const c0 = ll.crossCorrelation.find((x) => x.lag === 0)?.correlation;
    if (c0 !== null && c0 !== undefined) put("llCorr0", derived(c0, "correlation", wp), "num2", `same-week correlation of weekly ${smallName} and ${benchName} returns`);
  }

  // Relative strength: where the small/large ratio stands in its recent history.
  const l = s.leadership;
  // Which ratio: the indices' prices, or on the total basis the funds tracking them.
  const ratioName = () =>
    l.available && l.standsFor
      ? `total-return ratio of ${l.small} to ${l.large} (the funds tracking ${l.standsFor.small} and ${l.standsFor.large})`
      : `price ratio of ${labels.small} to ${labels.bench}`;
  labels.rsRatio = ratioName();
  labels.ltRatio = l.available && l.standsFor ? `${l.small}/${l.large} total-return ratio` : `${smallName}/${benchName} price ratio`;
  if (l.available) {
    put("rsChange1Y", l.ratio.change1Y, "pctSigned", `change of the ${smallName}/${benchName} ratio over a year`);
    const ratio = l.series?.ratio;
    if (ratio && ratio.dates.length > 0) {
      const lastDay = isoToDay(ratio.dates[ratio.dates.length - 1]);
      const fromDay = lastDay - Math.round(RS_LOOKBACK_YEARS * 365.25);
      const vals: number[] = [];
      let first: string | null = null;
      for (let i = 0; i < ratio.dates.length; i++) {
        const v = ratio.values[i];
        if (v === null || isoToDay(ratio.dates[i]) < fromDay) continue;
        if (first === null) first = ratio.dates[i];
        vals.push(v);
      }
      const last = ratio.values[ratio.values.length - 1];
      if (first !== null && last !== null && vals.length >= 252) {
        labels.rsFrom = first;
        put(
          "rsPercentile",
          derived(percentileRank(vals, last), "fraction", { asOf: ratio.dates[ratio.dates.length - 1], window: { from: first, to: ratio.dates[ratio.dates.length - 1] }, sources: l.ratio.latest.sources }),
          "percentile",
          `percentile of the latest ${smallName}/${benchName} ratio among its daily values since ${first}`,
        );
      }
    }
  }

  // Rates and credit.
  const macro = new Map((input.inputs.macro ?? []).map((m) => [m.id, m]));
  const macroFigure = (id: string, label: string, format: FigureFormat = "rate") => {
    const m = macro.get(id);
    const x = m ? latest(m) : null;
    if (!m || !x) return null;
    const f = derived(x.value, "percent-points", { asOf: dayToIso(x.day), window: { from: dayToIso(x.day), to: dayToIso(x.day) }, sources: macroTags(m) });
    return { figure: f, format, label } satisfies Metric;
  };
  const ff = macroFigure("DFF", "effective fed funds rate (DFF)") ?? macroFigure("FEDFUNDS", "effective fed funds rate, monthly (FEDFUNDS)");
  if (ff) metrics.fedFunds = ff;
  const r = s.rates;
  if (r.available && r.policy.available && r.policy.periods.length) {
    const periods = r.policy.periods;
    let last = periods[periods.length - 1];
    // The rule ends a cycle at the month the rate reaches the cycle's extreme, so at the edge of the
    // data a rate still moving shows one "on hold" month: report the regime it belongs to.
    if (last.regime === "on hold" && periods.length > 1 && last.from.slice(0, 7) === last.to.slice(0, 7) && periods[periods.length - 2].regime !== "on hold") {
      last = { ...periods[periods.length - 2], to: last.to };
    }
    if (isoToDay(input.asOf) - isoToDay(last.to) <= REGIME_CURRENT_DAYS) {
      labels.regime = last.regime;
      labels.regimePhase = last.regime === "hiking" ? "a hiking phase" : last.regime === "easing" ? "an easing phase" : "an on-hold phase";
      labels.regimeAdj = last.regime === "on hold" ? "on-hold" : last.regime;
      labels.regimeSince = last.from;
      labels.policySource = r.policy.source;
      const row = (sym: string) => r.policy.available ? r.policy.byIndex.find((b) => b.symbol === sym)?.rows.find((x) => x.regime === last.regime) : undefined;
      const a = row(smallCap);
      const b = row(benchmark);
      put("regimeRetSmall", a?.annualizedReturn, "pctSigned", `${smallName} annualized return in all ${labels.regimeAdj} months`);
      put("regimeRetBench", b?.annualizedReturn, "pctSigned", `${benchName} annualized return in all ${labels.regimeAdj} months`);
      if (a) labels.regimeDays = a.days.toLocaleString("en-US");
    }
  }
  const d10 = macro.get("DGS10");
  const d2 = macro.get("DGS2");
  if (d10 && d2) {
    // The last date both yields have a value.
    const twos = new Map<number, number>();
    for (let i = 0; i < d2.dates.length; i++) if (Number.isFinite(d2.values[i])) twos.set(d2.dates[i], d2.values[i]);
    for (let i = d10.dates.length - 1; i >= 0; i--) {
      const two = twos.get(d10.dates[i]);
      if (two === undefined || !Number.isFinite(d10.values[i])) continue;
      const day = dayToIso(d10.dates[i]);
      const at = { asOf: day, window: { from: day, to: day } };
      put("dgs10", derived(d10.values[i], "percent-points", { ...at, sources: macroTags(d10) }), "rate", "10-year Treasury yield (DGS10)");
      put("dgs2", derived(two, "percent-points", { ...at, sources: macroTags(d2) }), "rate", "2-year Treasury yield (DGS2)");
      put("curve", derived(d10.values[i] - two, "percent-points", { ...at, sources: [...macroTags(d10), ...macroTags(d2)] }), "points", "10-year minus 2-year Treasury yield");
      break;
    }
  }
  const hy = macro.get("BAMLH0A0HYM2");
  const hyLast = hy ? latest(hy) : null;
  if (hy && hyLast) {
    const firstDay = hy.dates[0];
    labels.hyFrom = dayToIso(firstDay);
    const prov = { asOf: dayToIso(hyLast.day), window: { from: dayToIso(firstDay), to: dayToIso(hyLast.day) }, sources: macroTags(hy) };
    put("hy", derived(hyLast.value, "percent-points", { ...prov, window: { from: prov.asOf, to: prov.asOf } }), "rate", "high-yield option-adjusted spread (BAMLH0A0HYM2)");
    put("hyPct", derived(percentileRank(hy.values, hyLast.value), "fraction", prov), "percentile", `percentile of the latest high-yield spread among its readings since ${labels.hyFrom}`);
  }
  if (r.available && r.sensitivity.available) {
    const row = r.sensitivity.rows.find((x) => x.series === "BAMLH0A0HYM2" && x.available);
    if (row) {
      put("hyBeta", row.beta, "pp", `weekly return gap (${smallName} minus ${benchName}) per 1 pp rise in the high-yield spread`, 2);
      put("hyT", row.tStat, "num2", "t-statistic of that slope", 1);
      put("hyR2", row.rSquared, "num2", "R² of that regression");
    }
  }

  // Valuation and breadth of the small-cap fund.
  const smallFund = input.smallFund ?? "IWM";
  labels.smallFund = smallFund;
  const v = s.valuation;
  if (v.available) {
    const fund = v.funds.find((f) => f.available && f.fund === smallFund);
    const cmp = v.smallLarge.find((x) => x.small === smallFund && x.pe !== null);
    const large = cmp ? v.funds.find((f) => f.available && f.fund === cmp.large) : undefined;
    if (fund && fund.available && large && large.available && fund.pe !== null && large.pe !== null) {
      labels.largeFund = large.fund;
      const pf = { asOf: fund.asOf, window: { from: fund.asOf, to: fund.asOf }, sources: fund.sources };
      const pl = { asOf: large.asOf, window: { from: large.asOf, to: large.asOf }, sources: large.sources };
      put("peSmall", derived(fund.pe, "ratio", pf), "num2", `${smallFund} holdings-weighted P/E`, 1);
      put("peLarge", derived(large.pe, "ratio", pl), "num2", `${large.fund} holdings-weighted P/E`, 1);
      put("peRel", derived(fund.pe / large.pe, "ratio", mergeProvenance([metrics.peSmall?.figure, metrics.peLarge?.figure])), "ratio", `${smallFund} P/E over ${large.fund} P/E`);
    }
  }
  const b = s.breadth;
  if (b.available) {
    const f = b.funds.find((x) => x.fund === smallFund && x.available);
    if (f) {
      put("aboveLong", f.aboveLong, "pct", `share of ${smallFund} constituents above their 200-day average`, 0);
      put("aboveShort", f.aboveShort, "pct", `share of ${smallFund} constituents above their 50-day average`, 0);
    }
  }
  return { metrics, labels };
}
