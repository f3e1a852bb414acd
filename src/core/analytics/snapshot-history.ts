/** Snapshot sections over history: crash case studies, small vs large leadership, lead/lag. */
import { innerJoin, windowRange } from "./align.ts";
import { isoToDay, dayToIso } from "../../model/dates.ts";
import { crashStudy } from "./drawdown.ts";
import { type DateWindow, type Figure, type Unavailable, cell, figure, missing, span } from "./figure.ts";
import { crossCorrelation, turningPointLeads } from "./leadlag.ts";
import { leadershipRegimes, recessionCycles, returnAfterTroughMonth } from "./leadership.ts";
import { horizonReturns } from "./returns.ts";
import { median } from "./stats.ts";
import type { MacroInput } from "./snapshot-inputs.ts";
import type { Conventions } from "./snapshot-options.ts";
import { type Prepared, type SeriesOut, seriesOf, joinedWindow, weeklyFrame, weeklyDeltas, toSeries } from "./snapshot-prep.ts";

// ---------------------------------------------------------------------------------------------
// Output types

export interface CaseStudyRow {
  symbol: string;
  available: boolean;
  reason?: string;
  peak?: string;
  trough?: string;
  recovery?: string | null;
  depth?: Figure;
  daysToTrough?: number;
  /** Trough to recovery, calendar days; null when not recovered. */
  daysToRecover?: number | null;
  after?: { months: number; target: string; date: string | null; value: Figure }[];
}

export interface CaseStudyReport {
  name: string;
  range: DateWindow;
  monthMode: "calendar" | "365-day";
  rows: CaseStudyRow[];
}

export interface RegimeRow {
  leader: string;
  from: string;
  to: string;
  days: number;
  sessions: number;
  ratioChange: number;
  /** Each index's return over the regime. */
  smallReturn: number;
  largeReturn: number;
  confirmed: boolean;
}

export type LeadershipReport =
  | Unavailable
  | {
      available: true;
      small: string;
      large: string;
      /** Price ratio of the indices, or total-return ratio (of the funds standing in for them, when asked for total returns). */
      basis: "price" | "total";
      /** When funds stand in for the indices on the total basis: which index each one tracks. */
      standsFor?: { small: string; large: string };
      window: DateWindow;
      ratio: { latest: Figure; windowChange: Figure; change1Y: Figure };
      threshold: number;
      regimes: RegimeRow[];
      summary: { leader: string; count: number; medianDays: number | null; medianRatioChange: number | null }[];
      afterRecessions: {
        source: string;
        rows: { trough: string; months: number; small: Figure; large: Figure; difference: Figure }[];
      };
      series?: { ratio: SeriesOut };
    };

export type LeadLagReport =
  | Unavailable
  | {
      available: true;
      small: string;
      large: string;
      window: DateWindow;
      weeks: number;
      weeklyWindow: "closes" | "labels";
      /** corr(small(t), large(t + lag)): positive lags pair small-cap weeks with later large-cap weeks. */
      crossCorrelation: { lag: number; correlation: number | null; n: number }[];
      turningPoints: {
        threshold: number;
        maxDistanceDays: number;
        rows: { kind: "peak" | "trough"; large: string; small: string | null; leadDays: number | null; smallFirst: boolean }[];
        matched: number;
        smallFirst: number;
        medianLeadDays: number | null;
      };
    };

// ---------------------------------------------------------------------------------------------
// Case studies (fixed historical ranges; full stored history)

export function caseStudies(preps: Prepared[], c: Conventions): CaseStudyReport[] {
  return c.caseStudies.map((cs) => {
    const f = isoToDay(cs.from);
    const t = isoToDay(cs.to);
    const rows = preps.map((p): CaseStudyRow => {
      const first = p.dates[0];
      const last = p.dates[p.dates.length - 1];
      if (p.dates.length === 0 || first > f || last < t) {
        const cover = p.dates.length ? `data ${dayToIso(first)}..${dayToIso(last)}` : "no data";
        return { symbol: p.symbol, available: false, reason: `${p.symbol} does not cover ${cs.from}..${cs.to} (${cover})` };
      }
      const s = crashStudy(p.dates, p.close, f, t, c.afterTroughMonths, c.monthMode);
      const prov = span(p.dates[s.peakIndex], p.dates[s.troughIndex], p.sources);
      return {
        symbol: p.symbol,
        available: true,
        peak: dayToIso(p.dates[s.peakIndex]),
        trough: dayToIso(p.dates[s.troughIndex]),
        recovery: s.recoveryIndex >= 0 ? dayToIso(p.dates[s.recoveryIndex]) : null,
        depth: figure(s.depth, "fraction", prov),
        daysToTrough: p.dates[s.troughIndex] - p.dates[s.peakIndex],
        daysToRecover: s.recoveryIndex >= 0 ? p.dates[s.recoveryIndex] - p.dates[s.troughIndex] : null,
        after: s.after.map((a) => ({
          months: a.months,
          target: dayToIso(a.targetDay),
          date: a.index >= 0 ? dayToIso(p.dates[a.index]) : null,
          value:
            a.index >= 0
              ? figure(a.value, "fraction", span(p.dates[s.troughIndex], p.dates[a.index], p.sources))
              : missing("fraction", { asOf: dayToIso(last), window: null, sources: p.sources }, a.reason ?? "beyond the data"),
        })),
      };
    });
    return { name: cs.name, range: { from: cs.from, to: cs.to }, monthMode: c.monthMode, rows };
  });
}

// ---------------------------------------------------------------------------------------------
// Leadership, lead/lag

export function leadershipReport(
  small: Prepared,
  large: Prepared,
  standsFor: { small: string; large: string } | undefined,
  from: number | undefined,
  to: number | undefined,
  c: Conventions,
  usrec: MacroInput | undefined,
  includeSeries: boolean,
): LeadershipReport {
  // Price ratio of the indices; on the total basis, total returns where both have them.
  const basis: "price" | "total" = c.returnBasis === "total" && small.adj && large.adj ? "total" : "price";
  let j: ReturnType<typeof joinedWindow>;
  try {
    j = joinedWindow(seriesOf(small, basis), seriesOf(large, basis), from, to);
  } catch (e) {
    return { available: false, reason: `${small.symbol} and ${large.symbol} share no dates in the window (${(e as Error).message})` };
  }
  const n = j.dates.length;
  const src = [...small.sources, ...large.sources];
  const ratio = new Float64Array(n);
  for (let i = 0; i < n; i++) ratio[i] = j.a[i] / j.b[i];
  const first = j.dates[0];
  const last = j.dates[n - 1];
  const regimes = leadershipRegimes(ratio, c.leadershipThreshold);
  const names = { numerator: `${small.symbol} (small caps)`, denominator: `${large.symbol} (large caps)` };
  const rows: RegimeRow[] = regimes.map((r) => ({
    leader: names[r.leader],
    from: dayToIso(j.dates[r.startIndex]),
    to: dayToIso(j.dates[r.endIndex]),
    days: j.dates[r.endIndex] - j.dates[r.startIndex],
    sessions: r.endIndex - r.startIndex,
    ratioChange: r.ratioChange,
    smallReturn: j.a[r.endIndex] / j.a[r.startIndex] - 1,
    largeReturn: j.b[r.endIndex] / j.b[r.startIndex] - 1,
    confirmed: r.confirmed,
  }));
  const summary = (["numerator", "denominator"] as const).map((k) => {
    const sel = rows.filter((r) => r.leader === names[k] && r.confirmed);
    return {
      leader: names[k],
      count: sel.length,
      medianDays: sel.length ? median(sel.map((r) => r.days)) : null,
      medianRatioChange: sel.length ? median(sel.map((r) => r.ratioChange)) : null,
    };
  });
  const yearAgo = horizonReturns(j.dates, ratio, [{ label: "1Y", kind: "months", n: 12 }])[0];
  // Recessions: the indicator series when stored, else the NBER table; none ending after the window.
  const { cycles, source } = recessionCycles(usrec, last);
  const smallFull = seriesOf(small, basis);
  const largeFull = seriesOf(large, basis);
  const recRows: { trough: string; months: number; small: Figure; large: Figure; difference: Figure }[] = [];
  for (const cy of cycles) {
    for (const months of c.recessionMonths) {
      const s = returnAfterTroughMonth(smallFull, cy.trough, months);
      const l = returnAfterTroughMonth(largeFull, cy.trough, months);
      const ps = span(s.baseDate, s.endDate, small.sources);
      const pl = span(l.baseDate, l.endDate, large.sources);
      recRows.push({
        trough: cy.trough.slice(0, 7),
        months,
        small: figure(s.value, "fraction", ps, s.reason),
        large: figure(l.value, "fraction", pl, l.reason),
        difference: figure(s.value - l.value, "fraction", span(Math.min(s.baseDate, l.baseDate), Math.max(s.endDate, l.endDate), src), s.reason ?? l.reason),
      });
    }
  }
  const out: LeadershipReport = {
    available: true,
    small: small.symbol,
    large: large.symbol,
    basis,
    ...(standsFor ? { standsFor } : {}),
    window: { from: dayToIso(first), to: dayToIso(last) },
    ratio: {
      latest: figure(ratio[n - 1], "ratio", span(last, last, src)),
      windowChange: figure(ratio[n - 1] / ratio[0] - 1, "fraction", span(first, last, src), n < 2 ? "a single joined close" : undefined),
      change1Y:
        yearAgo.baseDate === null
          ? missing("fraction", { asOf: dayToIso(last), window: null, sources: src }, yearAgo.reason ?? "unavailable")
          : figure(yearAgo.value, "fraction", span(yearAgo.baseDate, last, src)),
    },
    threshold: c.leadershipThreshold,
    regimes: rows,
    summary,
    afterRecessions: {
      source,
      rows: recRows,
    },
  };
  if (includeSeries) out.series = { ratio: toSeries(j.dates, ratio) };
  return out;
}


export function leadLagReport(small: Prepared, large: Prepared, from: number | undefined, to: number | undefined, c: Conventions): LeadLagReport {
  const j = innerJoin(seriesOf(small, "price"), seriesOf(large, "price"));
  if (j.dates.length < 2) return { available: false, reason: `${small.symbol} and ${large.symbol} share fewer than two dates` };
  let ws: ReturnType<typeof weeklyFrame>;
  let wl: ReturnType<typeof weeklyFrame>;
  try {
    ws = weeklyFrame(j.dates, j.values[0], from, to, c.weeklyWindow);
    wl = weeklyFrame(j.dates, j.values[1], from, to, c.weeklyWindow);
  } catch (e) {
    return { available: false, reason: (e as Error).message };
  }
  const rs = weeklyDeltas(ws, "return", from, to, c.weeklyWindow);
  const rl = weeklyDeltas(wl, "return", from, to, c.weeklyWindow);
  // Both come from the same joined dates, so their weeks coincide.
  const weeks = rs.dates;
  if (weeks.length < 3) return { available: false, reason: `only ${weeks.length} weekly returns in the window` };
  const cc = crossCorrelation(rs.values, rl.values, c.maxLag).map((x) => ({ lag: x.lag, correlation: cell(x.correlation), n: x.n }));
  // Turning points on each index's own window closes.
  const ww = windowRange(j.dates, from, to);
  const d = j.dates.subarray(ww.start, ww.end + 1);
  const tp = turningPointLeads(
    { dates: d, values: j.values[1].subarray(ww.start, ww.end + 1) },
    { dates: d, values: j.values[0].subarray(ww.start, ww.end + 1) },
    c.turningPointThreshold,
    c.turningPointMaxDays,
  );
  const rows = tp.map((m) => ({
    kind: m.kind,
    large: dayToIso(d[m.largeIndex]),
    small: m.smallIndex >= 0 ? dayToIso(d[m.smallIndex]) : null,
    leadDays: cell(m.leadDays),
    smallFirst: m.smallFirst,
  }));
  const leads = rows.filter((r) => r.leadDays !== null).map((r) => r.leadDays as number);
  return {
    available: true,
    small: small.symbol,
    large: large.symbol,
    // The sessions that end the first and last weeks (never a Friday after the data).
    window: { from: dayToIso(rs.sessions[0]), to: dayToIso(rs.sessions[rs.sessions.length - 1]) },
    weeks: weeks.length,
    weeklyWindow: c.weeklyWindow,
    crossCorrelation: cc,
    turningPoints: {
      threshold: c.turningPointThreshold,
      maxDistanceDays: c.turningPointMaxDays,
      rows,
      matched: leads.length,
      smallFirst: rows.filter((r) => r.smallFirst).length,
      medianLeadDays: leads.length ? median(leads) : null,
    },
  };
}
