/**
 * Company figures from XBRL facts, point in time: a figure as of day D uses only facts public on
 * or before D (filed then; see FILED_ASSUMED_DAYS for facts without a filing date), and of a
 * period reported again (a restatement) the latest version public by D. Pure functions over
 * Fact records; docs/fundamentals.md states the rules.
 */
import { CONCEPTS, FILED_ASSUMED_DAYS, QUARTER_DAYS, YEAR_DAYS, type Fact } from "../model/fundamentals.ts";

export { CONCEPTS } from "../model/fundamentals.ts";
import { dayToIso, isoToDay } from "../model/dates.ts";

/** Slack between periods that follow each other (fiscal calendars of 52-53 weeks). */
const GAP_DAYS = 7;

export type PeriodKind = "quarter" | "year" | "other" | "instant";

// Facts repeat a few thousand distinct dates across millions of reads: parse each once.
const dayCache = new Map<string, number>();
function dayOf(iso: string): number {
  let d = dayCache.get(iso);
  if (d === undefined) {
    d = isoToDay(iso);
    if (dayCache.size > 100_000) dayCache.clear();
    dayCache.set(iso, d);
  }
  return d;
}

export function periodKind(f: Pick<Fact, "start" | "end">): PeriodKind {
  if (f.start === null) return "instant";
  const days = dayOf(f.end) - dayOf(f.start);
  if (days >= QUARTER_DAYS[0] && days <= QUARTER_DAYS[1]) return "quarter";
  if (days >= YEAR_DAYS[0] && days <= YEAR_DAYS[1]) return "year";
  return "other";
}

/**
 * The first day a fact may be used: its filing day, else its period's end plus the filing
 * deadline. A quarter's flow comes from a 10-Q (45 days); a year's flow, and any balance or
 * share count (an instant may be a fiscal year's end, reported in a 10-K), from the 90 days of a 10-K.
 */
export function publicFrom(f: Fact): number {
  if (f.filed !== null) return dayOf(f.filed);
  return dayOf(f.end) + (periodKind(f) === "quarter" ? FILED_ASSUMED_DAYS.quarter : FILED_ASSUMED_DAYS.annual);
}

const later = (a: Fact, b: Fact) => publicFrom(a) - publicFrom(b) || (a.accession < b.accession ? -1 : a.accession > b.accession ? 1 : 0);

/**
 * The facts public by `asOf` (ISO day), one per concept, unit, period and position: of a period
 * filed more than once, the latest version.
 */
export function asOfFacts(facts: readonly Fact[], asOf: string): Fact[] {
  const day = dayOf(asOf);
  const latest = new Map<number | string, Fact>();
  const keyOf = periodKeys();
  for (const f of facts) {
    if (publicFrom(f) > day) continue;
    const key = keyOf(f);
    const seen = latest.get(key);
    if (!seen || later(f, seen) > 0) latest.set(key, f);
  }
  return [...latest.values()];
}

/**
 * A key per (filer, taxonomy, concept, unit, period, position): a number built from day
 * numbers and small indexes where they fit (thousands of companies' facts are keyed at a time,
 * and strings built per fact cost more than the figures), else a string.
 */
function periodKeys(): (f: Fact) => number | string {
  const kinds = new Map<number, Map<string, Map<string, Map<string, number>>>>();
  let next = 0;
  const kindOf = (f: Fact) => {
    let a = kinds.get(f.cik);
    if (!a) kinds.set(f.cik, (a = new Map()));
    let b = a.get(f.taxonomy);
    if (!b) a.set(f.taxonomy, (b = new Map()));
    let c = b.get(f.concept);
    if (!c) b.set(f.concept, (c = new Map()));
    let k = c.get(f.unit);
    if (k === undefined) c.set(f.unit, (k = next++));
    return k;
  };
  return (f) => {
    const kind = kindOf(f);
    const end = dayOf(f.end) + 40_000;
    const start = f.start === null ? 0 : dayOf(f.start) + 40_001;
    if (kind < 80 && f.seq >= 0 && f.seq < 1024 && end >= 0 && end <= 100_000 && start >= 0 && start <= 100_001) return ((kind * 100_001 + end) * 100_002 + start) * 1024 + f.seq;
    return `${f.cik}|${f.taxonomy}|${f.concept}|${f.unit}|${f.start ?? ""}|${f.end}|${f.seq}`;
  };
}

/** A duration figure over the twelve months to `end`, and how it was put together. */
export interface TrailingFigure {
  value: number;
  concept: string;
  /** The last day of the twelve months. */
  end: string;
  /** "annual": the latest fiscal year alone; "rolled": that year plus the quarters after it, less the same quarters a year earlier. */
  method: "annual" | "rolled";
}

interface Period {
  start: number;
  end: number;
  value: number;
  /** A fiscal fourth quarter derived from its year. */
  derived?: boolean;
}

const near = (a: number, b: number) => Math.abs(a - b) <= GAP_DAYS;

/** Quarters reported, plus each fiscal fourth quarter derived from its year and the three quarters before it. */
function quartersWithDerived(years: Period[], reported: Period[]): Period[] {
  const quarters = [...reported];
  for (const y of years) {
    const inside = reported.filter((q) => q.start >= y.start - GAP_DAYS && q.end <= y.end).sort((a, b) => a.start - b.start);
    if (inside.length !== 3 || !near(inside[0].start, y.start)) continue;
    if (!near(inside[1].start, inside[0].end + 1) || !near(inside[2].start, inside[1].end + 1)) continue;
    if (reported.some((q) => near(q.end, y.end))) continue; // reported after all
    quarters.push({ start: inside[2].end + 1, end: y.end, value: y.value - inside.reduce((s, q) => s + q.value, 0), derived: true });
  }
  return quarters.sort((a, b) => a.end - b.end);
}

/** The duration facts of `concept` in USD as periods of one kind. */
function periodsOf(facts: readonly Fact[], concept: string, kind: "quarter" | "year"): Period[] {
  const byEnd = new Map<string, Period>();
  for (const f of facts) {
    if (f.concept !== concept || f.unit !== "USD" || f.start === null || periodKind(f) !== kind) continue;
    byEnd.set(`${f.start}|${f.end}`, { start: dayOf(f.start), end: dayOf(f.end), value: f.value });
  }
  return [...byEnd.values()];
}

/** Of a chain of concepts, the one whose facts reach the latest day (the first of the chain on a tie). */
function chooseConcept(facts: readonly Fact[], chain: readonly string[], usable: (f: Fact) => boolean): string | null {
  let best: string | null = null;
  let bestEnd = -Infinity;
  for (const concept of chain) {
    let end = -Infinity;
    for (const f of facts) if (f.concept === concept && usable(f)) end = Math.max(end, dayOf(f.end));
    if (end > bestEnd) {
      best = concept;
      bestEnd = end;
    }
  }
  return best;
}

/**
 * A flow (earnings, revenue, interest) over the twelve months to the latest period public by
 * `asOf`: the latest fiscal year rolled forward by the quarters after it (each less the same
 * quarter a year earlier), or the year alone when the quarters to do so are not all there.
 * Year-to-date figures (6 and 9 months) are never taken for quarters. Null without a fiscal year.
 */
export function trailingTwelveMonths(facts: readonly Fact[], chain: readonly string[], asOf: string): TrailingFigure | null {
  return trailingOf(asOfFacts(facts, asOf), chain);
}

/** trailingTwelveMonths of facts already picked as of the day (asOfFacts). */
function trailingOf(known: readonly Fact[], chain: readonly string[]): TrailingFigure | null {
  const concept = chooseConcept(known, chain, (f) => f.unit === "USD" && (periodKind(f) === "year" || periodKind(f) === "quarter"));
  if (!concept) return null;
  const years = periodsOf(known, concept, "year");
  if (years.length === 0) return null;
  const year = years.reduce((a, b) => (b.end > a.end ? b : a));
  const quarters = quartersWithDerived(years, periodsOf(known, concept, "quarter"));
  const after = quarters.filter((q) => q.start > year.end - GAP_DAYS && q.end > year.end);
  const annual: TrailingFigure = { value: year.value, concept, end: dayToIso(year.end), method: "annual" };
  if (after.length === 0) return annual;
  const yearAgo = after.map((q) => quarters.find((p) => near(p.start, q.start - 365) && near(p.end, q.end - 365)));
  if (yearAgo.some((p) => p === undefined)) return annual;
  const value = year.value + after.reduce((s, q) => s + q.value, 0) - yearAgo.reduce((s, p) => s + (p as Period).value, 0);
  return { value, concept, end: dayToIso(Math.max(...after.map((q) => q.end))), method: "rolled" };
}

/** One fiscal quarter's figure. */
export interface QuarterFigure {
  start: string;
  end: string;
  value: number;
  /** A fiscal fourth quarter: its year less the three quarters before it (10-Ks report no Q4). */
  derived: boolean;
}

/**
 * The quarters of a flow public by `asOf`, oldest first, from the concept of the chain with the
 * latest period: as reported, plus each fiscal fourth quarter derived from its year when its
 * three quarters are all there. Year-to-date figures are not quarters.
 */
export function quarterlyFigures(facts: readonly Fact[], chain: readonly string[], asOf: string): { concept: string; quarters: QuarterFigure[] } | null {
  const known = asOfFacts(facts, asOf);
  const concept = chooseConcept(known, chain, (f) => f.unit === "USD" && (periodKind(f) === "year" || periodKind(f) === "quarter"));
  if (!concept) return null;
  const quarters = quartersWithDerived(periodsOf(known, concept, "year"), periodsOf(known, concept, "quarter"));
  return { concept, quarters: quarters.map((q) => ({ start: dayToIso(q.start), end: dayToIso(q.end), value: q.value, derived: q.derived === true })) };
}

/** A balance (equity, debt) at the latest instant public by `asOf`. */
export interface BalanceFigure {
  value: number;
  concept: string;
  /** The balance sheet's day. */
  end: string;
}

/** The latest instant value of a chain of concepts in USD public by `asOf`, or null. */
export function latestBalance(facts: readonly Fact[], chain: readonly string[], asOf: string): BalanceFigure | null {
  return balanceOf(asOfFacts(facts, asOf), chain);
}

/** latestBalance of facts already picked as of the day (asOfFacts). */
function balanceOf(picked: readonly Fact[], chain: readonly string[]): BalanceFigure | null {
  const known = picked.filter((f) => f.start === null && f.unit === "USD");
  const concept = chooseConcept(known, chain, () => true);
  if (!concept) return null;
  const latest = known.filter((f) => f.concept === concept).reduce((a, b) => (b.end > a.end ? b : a));
  return { value: latest.value, concept, end: latest.end };
}

/**
 * Total debt as of `asOf`: LongTermDebt (which includes its current portion) when reported,
 * else LongTermDebtNoncurrent plus DebtCurrent of the same day. Null without either.
 */
export function totalDebt(facts: readonly Fact[], asOf: string): BalanceFigure | null {
  return debtOf(asOfFacts(facts, asOf));
}

/** totalDebt of facts already picked as of the day (asOfFacts). */
function debtOf(known: readonly Fact[]): BalanceFigure | null {
  const whole = balanceOf(known, ["LongTermDebt"]);
  const parts = balanceOf(known, ["LongTermDebtNoncurrent"]);
  if (whole && (!parts || whole.end >= parts.end)) return whole;
  if (!parts) return null;
  const current = known.find((f) => f.concept === "DebtCurrent" && f.start === null && f.unit === "USD" && f.end === parts.end);
  return { value: parts.value + (current?.value ?? 0), concept: current ? "LongTermDebtNoncurrent+DebtCurrent" : "LongTermDebtNoncurrent", end: parts.end };
}

/** Shares outstanding of every class together, as the latest cover page public by `asOf` gives them. */
export interface SharesFigure {
  shares: number;
  /** The cover page's day. */
  end: string;
  /** How many classes were summed. */
  classes: number;
  accession: string;
}

/**
 * Total shares outstanding: the cover-page counts (dei EntityCommonStockSharesOutstanding) of
 * the latest filing public by `asOf`, one per share class, summed.
 */
export function totalShares(facts: readonly Fact[], asOf: string): SharesFigure | null {
  const day = dayOf(asOf);
  const cover = facts.filter((f) => f.concept === "EntityCommonStockSharesOutstanding" && f.unit === "shares" && publicFrom(f) <= day);
  if (cover.length === 0) return null;
  const latest = cover.reduce((a, b) => (later(b, a) > 0 ? b : a));
  const same = cover.filter((f) => f.accession === latest.accession && f.cik === latest.cik);
  const end = same.reduce((a, b) => (b.end > a.end ? b : a)).end;
  const classes = same.filter((f) => f.end === end);
  return { shares: classes.reduce((s, f) => s + f.value, 0), end, classes: classes.length, accession: latest.accession };
}

/** What the valuation of a company as of a day needs, each figure with how it was found (or null). */
export interface CompanyFigures {
  shares: SharesFigure | null;
  /** Net income over the trailing twelve months. */
  earnings: TrailingFigure | null;
  /** Stockholders' equity (book value). */
  equity: BalanceFigure | null;
  debt: BalanceFigure | null;
  interestExpense: TrailingFigure | null;
  /** Operating income over the trailing twelve months (with interest expense: interest coverage). */
  operatingIncome: TrailingFigure | null;
}

/**
 * A filer's figures as of `asOf`, from its facts public by then. The versions public by then
 * are picked once, and each figure reads only its own concepts' (the same figures as each
 * function over all the facts, for thousands of companies at a time).
 */
export function companyFigures(facts: readonly Fact[], asOf: string): CompanyFigures {
  const byConcept = new Map<string, Fact[]>();
  for (const f of asOfFacts(facts, asOf)) {
    const list = byConcept.get(f.concept);
    if (list) list.push(f);
    else byConcept.set(f.concept, [f]);
  }
  const of = (concepts: readonly string[]) => {
    if (concepts.length === 1) return byConcept.get(concepts[0]) ?? [];
    const out: Fact[] = [];
    for (const c of concepts) for (const f of byConcept.get(c) ?? []) out.push(f);
    return out;
  };
  return {
    shares: totalShares(of(CONCEPTS.sharesOutstanding), asOf),
    earnings: trailingOf(of(CONCEPTS.netIncome), CONCEPTS.netIncome),
    equity: balanceOf(of(CONCEPTS.equity), CONCEPTS.equity),
    debt: debtOf(of(CONCEPTS.debt)),
    interestExpense: trailingOf(of(CONCEPTS.interestExpense), CONCEPTS.interestExpense),
    operatingIncome: trailingOf(of(CONCEPTS.operatingIncome), CONCEPTS.operatingIncome),
  };
}
