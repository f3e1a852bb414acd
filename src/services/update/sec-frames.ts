/**
 * What `r2k update` asks SEC EDGAR for, decided without I/O: the frames of the recent calendar
 * periods (which are final, which still fill), and which companies the frames missed (their own
 * documents are then asked for). docs/live-data.md states the rules and the request counts.
 */
import { CONCEPTS, dayToIso, isoToDay } from "../../model/index.ts";

/** One frame: a concept in one calendar period, every filer. */
export interface FrameSpec {
  taxonomy: "us-gaap" | "dei";
  concept: string;
  unit: "USD" | "shares";
  /** "CY2025Q3" (a quarter), "CY2025" (a year), "CY2025Q3I" (an instant at the quarter's end). */
  period: string;
  /** The calendar period's last day. */
  end: string;
}

/**
 * Days after a period's end when every filer has filed it: the slowest deadline (a 10-K, 90
 * days) and the 15 days a late-filing notice adds. A frame asked on or after that day is final.
 */
export const FRAME_FINAL_DAYS = 105;

/**
 * A company's figure is overdue when the next quarter after its latest stored period should be
 * filed by now: a quarter (92 days) plus a 10-Q's 45 days plus 5 days of a late-filing notice.
 */
export const OVERDUE_DAYS = 92 + 45 + 5;

/** A company's own documents are asked for a missed concept at most once in this many days. */
export const RECHECK_DAYS = 30;

/** From this many missed concepts on, one companyfacts is asked instead of a companyconcept each. */
export const COMPANYFACTS_FROM = 3;

const FLOWS = [...CONCEPTS.netIncome, ...CONCEPTS.revenue, ...CONCEPTS.operatingIncome, ...CONCEPTS.interestExpense];
const BALANCES = [...CONCEPTS.equity, ...CONCEPTS.debt];

/** The taxonomy and unit a stored concept is read in. */
export function conceptTaxonomy(concept: string): { taxonomy: "us-gaap" | "dei"; unit: "USD" | "shares" } {
  return (CONCEPTS.sharesOutstanding as readonly string[]).includes(concept) ? { taxonomy: "dei", unit: "shares" } : { taxonomy: "us-gaap", unit: "USD" };
}

const quarterEnd = (y: number, q: number) => dayToIso(isoToDay(`${q === 4 ? y + 1 : y}-${String(q === 4 ? 1 : q * 3 + 1).padStart(2, "0")}-01`) - 1);

/**
 * The frames of the calendar periods that ended within `years` years before `today`: flows per
 * quarter and per year, balances and the cover page's share count at each quarter's end.
 */
export function framePlan(today: string, years: number): FrameSpec[] {
  if (years <= 0) return [];
  const t = isoToDay(today);
  const from = t - Math.round(years * 365.25);
  const quarters: { period: string; end: string }[] = [];
  const annual: { period: string; end: string }[] = [];
  const y1 = Number(today.slice(0, 4));
  for (let y = y1 - years - 1; y <= y1; y++) {
    for (let q = 1; q <= 4; q++) {
      const end = quarterEnd(y, q);
      if (isoToDay(end) > from && isoToDay(end) <= t) quarters.push({ period: `CY${y}Q${q}`, end });
    }
    const end = `${y}-12-31`;
    if (isoToDay(end) > from && isoToDay(end) <= t) annual.push({ period: `CY${y}`, end });
  }
  const out: FrameSpec[] = [];
  for (const concept of FLOWS) for (const p of [...quarters, ...annual]) out.push({ taxonomy: "us-gaap", concept, unit: "USD", ...p });
  for (const concept of [...BALANCES, ...CONCEPTS.sharesOutstanding]) {
    for (const p of quarters) out.push({ ...conceptTaxonomy(concept), concept, period: `${p.period}I`, end: p.end });
  }
  return out;
}

/** Whether a frame last asked on `askedOn` need not be asked again on `today`. */
export function frameDone(spec: FrameSpec, askedOn: string | undefined, today: string): boolean {
  if (askedOn === undefined) return false;
  // Final: asked once every filer had filed. Still filling: asked at most once a day.
  return isoToDay(askedOn) >= isoToDay(spec.end) + FRAME_FINAL_DAYS || askedOn >= today;
}

/**
 * The concepts a company's stored facts say it reports and that are overdue (see OVERDUE_DAYS):
 * of each figure's concepts, those whose latest stored period is the figure's latest (a filer
 * that moved from SalesRevenueNet to Revenues is not asked for SalesRevenueNet). A concept it
 * never reported is never missed.
 */
export function missedConcepts(lastEnds: ReadonlyMap<string, string>, today: string): string[] {
  const t = isoToDay(today);
  const out: string[] = [];
  for (const chain of Object.values(CONCEPTS)) {
    const reported = chain.filter((c) => lastEnds.has(c));
    if (reported.length === 0) continue;
    const latest = Math.max(...reported.map((c) => isoToDay(lastEnds.get(c) as string)));
    if (t <= latest + OVERDUE_DAYS) continue;
    out.push(...reported.filter((c) => isoToDay(lastEnds.get(c) as string) === latest));
  }
  return out;
}
