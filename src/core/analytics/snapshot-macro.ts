/** Snapshot sections on rates and credit: policy regimes, rate sensitivity, regional banks. */
import type { SeriesFrame } from "../../model/series.ts";
import { dropMissing, innerJoin, windowRangeOrNull } from "./align.ts";
import { dayFromCivil, isoToDay, firstIndexOnOrAfter, dayToIso } from "../../model/dates.ts";
import { maxDrawdown } from "./drawdown.ts";
import { type DateWindow, type Figure, type Unavailable, figure, span } from "./figure.ts";
import {
  FED_CYCLES,
  FED_CYCLES_COVERAGE,
  type PolicyRuleOptions,
  REGIME_NAMES,
  type RegimeName,
  UNKNOWN,
  labelDays,
  labelDaysFromCycles,
  monthlyPolicyRegimes,
  statsByRegime,
} from "./rates.ts";
import { simpleReturns } from "./returns.ts";
import { annualizedVolatility, beta } from "./risk.ts";
import { correlation, ols } from "./stats.ts";
import type { MacroInput } from "./snapshot-inputs.ts";
import type { Conventions } from "./snapshot-options.ts";
import { type Prepared, sourceTags, seriesOf, joinedWindow, weeklyFrame, weeklyDeltas, weekSession } from "./snapshot-prep.ts";

// ---------------------------------------------------------------------------------------------
// Output types

export interface SensitivityRow {
  series: string;
  label: string;
  available: boolean;
  reason?: string;
  beta?: Figure;
  tStat?: Figure;
  rSquared?: Figure;
  intercept?: number;
  n?: number;
}

export type RatesReport =
  | Unavailable
  | {
      available: true;
      policy:
        | Unavailable
        | {
            available: true;
            source: string;
            rule: string;
            periods: { regime: RegimeName; from: string; to: string }[];
            byIndex: {
              symbol: string;
              window: DateWindow;
              /** Returns on days without a regime label (outside the rate data) are left out. */
            unlabelledDays: number;
            rows: { regime: RegimeName; days: number; annualizedReturn: Figure; annualizedVolatility: Figure }[];
            }[];
          };
      sensitivity:
        | Unavailable
        | {
            available: true;
            dependent: string;
            window: DateWindow;
            weeklyWindow: "closes" | "labels";
            rows: SensitivityRow[];
            joint: Unavailable | { available: true; n: number; rSquared: number; coefficients: { series: string; beta: number; tStat: number }[] };
          };
    };

export type RegionalBanksReport =
  | Unavailable
  | {
      available: true;
      banks: string;
      smallCap: string;
      window: DateWindow;
      banksReturn: Figure;
      smallCapReturn: Figure;
      ratioChange: Figure;
      beta: Figure;
      correlation: Figure;
      banksVolatility: Figure;
      smallCapVolatility: Figure;
      ratioMaxDrawdown: Figure & { peak: string | null; trough: string | null };
    };

// ---------------------------------------------------------------------------------------------
// Rates and credit

/** Hiking/easing spans of the cycle table with the on-hold stretches between them. */
export function cyclePeriods(): { regime: RegimeName; from: string; to: string }[] {
  const out: { regime: RegimeName; from: string; to: string }[] = [];
  let cursor = isoToDay(FED_CYCLES_COVERAGE.from);
  for (const cy of FED_CYCLES) {
    const s = isoToDay(cy.start);
    if (s > cursor) out.push({ regime: "on hold", from: dayToIso(cursor), to: dayToIso(s - 1) });
    out.push({ regime: cy.direction, from: cy.start, to: cy.end });
    cursor = isoToDay(cy.end) + 1;
  }
  const end = isoToDay(FED_CYCLES_COVERAGE.to);
  if (cursor <= end) out.push({ regime: "on hold", from: dayToIso(cursor), to: FED_CYCLES_COVERAGE.to });
  return out;
}

const POLICY_RULE_TEXT = (o: PolicyRuleOptions) =>
  `monthly averages of the fed funds rate; cycles = zigzag swings of at least ${o.cycleThreshold} points; ` +
  `hiking/easing from the first month beyond ${o.flatBand} points of the cycle's start to the first month within ` +
  `${o.flatBand} points of its end; flat runs of ${o.pauseMonths}+ months inside a cycle and everything else are on hold`;

export function ratesReport(
  preps: Prepared[],
  small: Prepared | undefined,
  large: Prepared | undefined,
  macro: Map<string, MacroInput>,
  from: number | undefined,
  to: number | undefined,
  c: Conventions,
  opts: { rateSeries: { id: string; label: string }[]; policyRates: string[] },
): RatesReport {
  // Policy regimes.
  let policy: Extract<RatesReport, { available: true }>["policy"];
  const rateId = opts.policyRates.find((id) => macro.has(id));
  const useRate = c.policySource === "rate" || (c.policySource === "auto" && rateId !== undefined);
  if (useRate && !rateId) {
    policy = { available: false, reason: `no fed funds series stored (looked for ${opts.policyRates.join(", ")})` };
  } else {
    const monthly = useRate ? monthlyPolicyRegimes(macro.get(rateId as string) as MacroInput, c.policyRule) : null;
    const labelFor = (d: Int32Array) => (monthly ? labelDays(d, monthly) : labelDaysFromCycles(d));
    const periods: { regime: RegimeName; from: string; to: string }[] = [];
    if (monthly) {
      // Runs of equal labels; ISO text only at the run edges.
      const months = monthly.months;
      const monthStart = (key: number) => dayFromCivil(Math.floor(key / 12), key - Math.floor(key / 12) * 12 + 1, 1);
      let k0 = 0;
      for (let k = 1; k <= months.length; k++) {
        if (k < months.length && monthly.regime[k] === monthly.regime[k0]) continue;
        periods.push({ regime: REGIME_NAMES[monthly.regime[k0]], from: dayToIso(monthStart(months[k0])), to: dayToIso(monthStart(months[k - 1] + 1) - 1) });
        k0 = k;
      }
    }
    const byIndex = [];
    for (const p of preps) {
      // An index without closes in the window has no regime statistics (its own section says why).
      const w = windowRangeOrNull(p.dates, from, to);
      if (!w) continue;
      const d = p.dates.subarray(w.start, w.end + 1);
      const v = seriesOf(p, c.returnBasis).values.subarray(w.start, w.end + 1);
      const r = simpleReturns(v);
      const labels = labelFor(d.subarray(1));
      const stats = statsByRegime(r, labels, c.periodsPerYear);
      let unlabelledDays = 0;
      const unknown = UNKNOWN;
      for (let i = 0; i < labels.length; i++) if (labels[i] === unknown) unlabelledDays++;
      const src = [...p.sources, ...(rateId && monthly ? sourceTags(rateId, (macro.get(rateId) as MacroInput).sources) : ["fed cycle table"])];
      const prov = span(d[0], d[d.length - 1], src);
      byIndex.push({
        symbol: p.symbol,
        window: prov.window as DateWindow,
        unlabelledDays,
        rows: stats.map((s) => ({
          regime: s.regime,
          days: s.days,
          annualizedReturn: figure(s.annualizedReturn, "fraction", prov, s.days ? undefined : "no day in this regime"),
          annualizedVolatility: figure(s.annualizedVolatility, "fraction", prov, s.days > 1 ? undefined : "fewer than two days in this regime"),
        })),
      });
    }
    if (!monthly) periods.push(...cyclePeriods());
    // A regime is shown up to the last day the data reaches, never past it (a month's label
    // covers the whole month, but the window may end inside it).
    const rateLast = monthly && rateId ? (macro.get(rateId) as MacroInput).dates.at(-1) : undefined;
    const cut = Math.min(to ?? Infinity, rateLast ?? Infinity);
    if (Number.isFinite(cut)) {
      const cutIso = dayToIso(cut);
      for (let i = periods.length - 1; i >= 0; i--) {
        if (periods[i].from > cutIso) periods.splice(i, 1);
        else if (periods[i].to > cutIso) periods[i] = { ...periods[i], to: cutIso };
      }
    }
    policy = {
      available: true,
      source: monthly ? (rateId as string) : "fed cycle table (docs/cycles.md)",
      rule: monthly ? POLICY_RULE_TEXT(c.policyRule) : "days from a cycle's first to its last move are hiking/easing; all others on hold",
      periods,
      byIndex,
    };
  }

  // Sensitivity regressions.
  let sensitivity: Extract<RatesReport, { available: true }>["sensitivity"];
  if (!small || !large) {
    sensitivity = { available: false, reason: "needs both the small-cap and the large-cap index" };
  } else {
    const j = innerJoin(seriesOf(small, "price"), seriesOf(large, "price"));
    let y: (SeriesFrame & { sessions: Int32Array }) | null = null;
    try {
      const ws = weeklyFrame(j.dates, j.values[0], from, to, c.weeklyWindow);
      const wl = weeklyFrame(j.dates, j.values[1], from, to, c.weeklyWindow);
      const rs = weeklyDeltas(ws, "return", from, to, c.weeklyWindow);
      const rl = weeklyDeltas(wl, "return", from, to, c.weeklyWindow);
      const diff = new Float64Array(rs.values.length);
      for (let i = 0; i < diff.length; i++) diff[i] = rs.values[i] - rl.values[i];
      y = { id: "small-large", dates: rs.dates, values: diff, sessions: rs.sessions };
    } catch (e) {
      sensitivity = { available: false, reason: (e as Error).message };
    }
    if (y) {
      const yf = y;
      const xs: { id: string; frame: SeriesFrame }[] = [];
      const rows: SensitivityRow[] = opts.rateSeries.map(({ id, label }) => {
        const m = macro.get(id);
        if (!m) return { series: id, label, available: false, reason: `${id} is not stored` };
        // Only the weeks the index returns cover (and three before) can join: cut the rest first.
        const all = dropMissing(m);
        const cut = firstIndexOnOrAfter(all.dates, yf.dates.length ? yf.dates[0] - 21 : -Infinity);
        const f = { id: all.id, dates: all.dates.subarray(cut), values: all.values.subarray(cut) };
        let wx: ReturnType<typeof weeklyFrame>;
        try {
          wx = weeklyFrame(f.dates, f.values, from, to, c.weeklyWindow);
        } catch (e) {
          return { series: id, label, available: false, reason: `${id}: ${(e as Error).message}` };
        }
        const dx = weeklyDeltas(wx, "change", from, to, c.weeklyWindow);
        xs.push({ id, frame: dx });
        const jj = innerJoin(yf, dx);
        const weeks = jj.dates;
        if (weeks.length < 3) return { series: id, label, available: false, reason: `only ${weeks.length} weeks with both ${id} and index data` };
        // Labelled by the sessions that end the first and last weeks, never a Friday after the data.
        const prov = span(weekSession(yf, weeks[0]), weekSession(yf, weeks[weeks.length - 1]), [...small.sources, ...large.sources, ...sourceTags(id, m.sources)]);
        try {
          const r = ols(jj.values[0], [jj.values[1]]);
          return {
            series: id,
            label,
            available: true,
            beta: figure(r.coefficients[1], "ratio", prov),
            tStat: figure(r.tStats[1], "ratio", prov),
            rSquared: figure(r.rSquared, "ratio", prov),
            intercept: r.coefficients[0],
            n: r.n,
          };
        } catch (e) {
          return { series: id, label, available: false, reason: (e as Error).message };
        }
      });
      // Joint regression on the weeks every series has.
      let joint: Extract<Extract<RatesReport, { available: true }>["sensitivity"], { available: true }>["joint"] = {
        available: false,
        reason: "needs at least two stored rate series",
      };
      if (xs.length >= 2) {
        const jj = innerJoin(yf, ...xs.map((x) => x.frame));
        try {
          const r = ols(jj.values[0], jj.values.slice(1));
          joint = {
            available: true,
            n: r.n,
            rSquared: r.rSquared,
            coefficients: xs.map((x, i) => ({ series: x.id, beta: r.coefficients[i + 1], tStat: r.tStats[i + 1] })),
          };
        } catch (e) {
          joint = { available: false, reason: (e as Error).message };
        }
      }
      sensitivity =
        yf.dates.length === 0
          ? { available: false, reason: "no weekly returns in the window" }
          : {
              available: true,
              dependent: `weekly ${small.symbol} return - weekly ${large.symbol} return`,
              window: { from: dayToIso(yf.sessions[0]), to: dayToIso(yf.sessions[yf.sessions.length - 1]) },
              weeklyWindow: c.weeklyWindow,
              rows,
              joint,
            };
    }
  }
  return { available: true, policy, sensitivity: sensitivity! };
}

// ---------------------------------------------------------------------------------------------

// ---------------------------------------------------------------------------------------------
// Regional banks vs the small-cap ETF

export function regionalBanksReport(
  banks: Prepared,
  smallEtf: Prepared,
  from: number | undefined,
  to: number | undefined,
  c: Conventions,
): RegionalBanksReport {
  let j: ReturnType<typeof joinedWindow>;
  try {
    j = joinedWindow(seriesOf(banks, c.returnBasis), seriesOf(smallEtf, c.returnBasis), from, to);
  } catch (e) {
    return { available: false, reason: `${banks.symbol} and ${smallEtf.symbol} share no dates in the window (${(e as Error).message})` };
  }
  const n = j.dates.length;
  const src = [...banks.sources, ...smallEtf.sources];
  const prov = span(j.dates[0], j.dates[n - 1], src);
  const ra = simpleReturns(j.a);
  const rb = simpleReturns(j.b);
  const ratio = new Float64Array(n);
  for (let i = 0; i < n; i++) ratio[i] = j.a[i] / j.b[i];
  const md = maxDrawdown(ratio);
  const short = ra.length < 2 ? "needs at least two joined daily returns" : undefined;
  return {
    available: true,
    banks: banks.symbol,
    smallCap: smallEtf.symbol,
    window: prov.window as DateWindow,
    banksReturn: figure(j.a[n - 1] / j.a[0] - 1, "fraction", prov),
    smallCapReturn: figure(j.b[n - 1] / j.b[0] - 1, "fraction", prov),
    ratioChange: figure(ratio[n - 1] / ratio[0] - 1, "fraction", prov),
    beta: figure(beta(ra, rb), "ratio", prov, short),
    correlation: figure(correlation(ra, rb), "correlation", prov, short),
    banksVolatility: figure(annualizedVolatility(ra, c.periodsPerYear), "fraction", prov, short),
    smallCapVolatility: figure(annualizedVolatility(rb, c.periodsPerYear), "fraction", prov, short),
    ratioMaxDrawdown: {
      ...figure(md.depth, "fraction", prov),
      peak: md.depth < 0 ? dayToIso(j.dates[md.peakIndex]) : null,
      trough: md.depth < 0 ? dayToIso(j.dates[md.troughIndex]) : null,
    },
  };
}
