/**
 * FRED-like macro series of the demo market, under FRED's own series ids:
 *   DFF           effective fed funds rate, every calendar day (weekends carry Friday's value)
 *   DGS2, DGS10   Treasury yields, business days
 *   BAMLH0A0HYM2  high-yield option-adjusted spread, business days from 1996-12-31
 *   UNRATE, CPIAUCSL, USREC   monthly, dated the first of the month
 */
import type { Observation, SeriesMeta } from "../../model/index.ts";
import { businessDays } from "./calendar.ts";
import { dayToIso, isoToDay } from "../../model/dates.ts";
import {
  CPI_INFLATION,
  CPI_START,
  DEMO_START,
  FED_RANGE_FROM,
  FED_TARGET,
  RECESSIONS,
  UNRATE_PATH,
} from "./history.ts";
import type { MarketSim } from "./market.ts";
import { linearSchedule, round } from "./path.ts";
import { Rng } from "./random.ts";

export interface MacroSeries {
  meta: SeriesMeta;
  observations: Observation[];
}

export const HY_START = "1996-12-31";

const macroMeta = (id: string, name: string, frequency: SeriesMeta["frequency"]): SeriesMeta => ({
  id,
  kind: "macro",
  name: `${name} (synthetic demo)`,
  currency: null,
  frequency,
  source: "demo",
});

/** Fed target on a calendar day (step function of FED_TARGET). */
function targetTable(): { days: number[]; values: number[] } {
  return { days: FED_TARGET.map(([d]) => isoToDay(d)), values: FED_TARGET.map(([, v]) => v) };
}

function targetAt(t: { days: number[]; values: number[] }, day: number): number {
  let lo = 0;
  let hi = t.days.length - 1;
  let ans = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (t.days[mid] <= day) {
      ans = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return t.values[ans];
}

/** Mean of the target over the calendar days [day, day + span). */
function targetMean(t: { days: number[]; values: number[] }, day: number, span: number): number {
  let sum = 0;
  let d = day;
  const end = day + span;
  while (d < end) {
    const v = targetAt(t, d);
    // jump to the next move (or the end of the span)
    let next = end;
    for (const md of t.days) {
      if (md > d) {
        next = Math.min(md, end);
        break;
      }
    }
    sum += v * (next - d);
    d = next;
  }
  return sum / span;
}

export function generateMacro(seed: number, sim: MarketSim, endIso: string): MacroSeries[] {
  const end = isoToDay(endIso);
  const start = isoToDay(DEMO_START);
  const table = targetTable();
  const rangeFrom = isoToDay(FED_RANGE_FROM);
  const out: MacroSeries[] = [];

  // DFF: business-day fixings around the target, carried over weekends and holidays.
  {
    const rng = new Rng(seed, "macro:dff");
    const bdays = new Set(businessDays(start, end));
    const obs: Observation[] = [];
    let value = NaN;
    let noise = 0;
    for (let d = start; d <= end; d++) {
      if (bdays.has(d) || Number.isNaN(value)) {
        const target = targetAt(table, d);
        const zirp = d >= rangeFrom && target < 0.25;
        const sd = d >= rangeFrom ? 0.012 : d < isoToDay("1995-01-01") ? 0.08 : 0.05;
        noise = 0.6 * noise + sd * rng.normal();
        const level = d >= rangeFrom ? target - (zirp ? 0.01 : 0.045) : target;
        value = round(Math.max(0.04, level + noise), 2);
      }
      obs.push({ seriesId: "DFF", date: dayToIso(d), value });
    }
    out.push({ meta: macroMeta("DFF", "Federal Funds Effective Rate", "daily"), observations: obs });
  }

  const days = sim.days;
  const last = lastIndexAtOrBefore(days, end);

  // DGS2: the policy rate expected over the next two years (taken from the scripted path)
  // plus a small premium and persistent noise that moves with the 10-year shock.
  {
    const rng = new Rng(seed, "macro:dgs2");
    const obs: Observation[] = [];
    let u = 0;
    for (let i = 0; i <= last; i++) {
      const d = days[i];
      const fundamental = 0.35 * targetAt(table, d) + 0.65 * targetMean(table, d, 730) + 0.2;
      const scale = Math.min(1.3, Math.max(0.25, fundamental / 3));
      u = 0.985 * u + 0.055 * scale * (0.9 * sim.rateShock[i] + 0.436 * rng.normal());
      obs.push({ seriesId: "DGS2", date: dayToIso(d), value: round(Math.max(0.05, fundamental + u), 2) });
    }
    out.push({ meta: macroMeta("DGS2", "Market Yield on U.S. Treasury Securities at 2-Year Constant Maturity", "daily"), observations: obs });
  }

  {
    const obs: Observation[] = [];
    for (let i = 0; i <= last; i++) obs.push({ seriesId: "DGS10", date: dayToIso(days[i]), value: round(sim.dgs10[i], 2) });
    out.push({ meta: macroMeta("DGS10", "Market Yield on U.S. Treasury Securities at 10-Year Constant Maturity", "daily"), observations: obs });
  }

  {
    const obs: Observation[] = [];
    const from = isoToDay(HY_START);
    for (let i = 0; i <= last; i++) {
      if (days[i] < from) continue;
      obs.push({ seriesId: "BAMLH0A0HYM2", date: dayToIso(days[i]), value: round(sim.hy[i], 2) });
    }
    out.push({ meta: macroMeta("BAMLH0A0HYM2", "ICE BofA US High Yield Index Option-Adjusted Spread", "daily"), observations: obs });
  }

  // Monthly series: one value per month, first of the month, up to the month before `end`
  // (a month's figure is published during the next month).
  const months: number[] = [];
  {
    const s = new Date(start * 86_400_000);
    const e = new Date(end * 86_400_000);
    let y = s.getUTCFullYear();
    let m = s.getUTCMonth();
    const lastKey = e.getUTCFullYear() * 12 + e.getUTCMonth() - 1;
    while (y * 12 + m <= lastKey) {
      months.push(Math.round(Date.UTC(y, m, 1) / 86_400_000));
      m++;
      if (m === 12) {
        m = 0;
        y++;
      }
    }
  }
  {
    const rng = new Rng(seed, "macro:unrate");
    const path = linearSchedule(months, UNRATE_PATH);
    const obs = months.map((d, i) => ({
      seriesId: "UNRATE",
      date: dayToIso(d),
      value: round(Math.max(2.5, path[i] + 0.08 * rng.normal()), 1),
    }));
    out.push({ meta: macroMeta("UNRATE", "Unemployment Rate", "monthly"), observations: obs });
  }
  {
    const rng = new Rng(seed, "macro:cpi");
    const years = Object.keys(CPI_INFLATION).map(Number);
    const lastYear = Math.max(...years);
    let level = CPI_START;
    const obs = months.map((d, i) => {
      if (i > 0) {
        const y = new Date(d * 86_400_000).getUTCFullYear();
        const inf = CPI_INFLATION[Math.min(y, lastYear)] / 100;
        level *= (1 + inf) ** (1 / 12) * Math.exp(0.0015 * rng.normal());
      }
      return { seriesId: "CPIAUCSL", date: dayToIso(d), value: round(level, 3) };
    });
    out.push({ meta: macroMeta("CPIAUCSL", "Consumer Price Index for All Urban Consumers: All Items", "monthly"), observations: obs });
  }
  {
    const obs = months.map((d) => {
      const ym = dayToIso(d).slice(0, 7);
      const rec = RECESSIONS.some(([a, b]) => ym >= a && ym <= b);
      return { seriesId: "USREC", date: dayToIso(d), value: rec ? 1 : 0 };
    });
    out.push({ meta: macroMeta("USREC", "NBER based Recession Indicators", "monthly"), observations: obs });
  }
  return out;
}

function lastIndexAtOrBefore(days: Int32Array, day: number): number {
  let i = days.length - 1;
  while (i >= 0 && days[i] > day) i--;
  return i;
}
