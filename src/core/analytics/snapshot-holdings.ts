/** Snapshot sections from holdings: composition, valuation, breadth. */
import { dayToIso } from "../../model/dates.ts";
import { type Composition, type CompositionComparison, compareComposition, composition } from "./composition.ts";
import { type CompanyValuation, companyValuation } from "./company-valuation.ts";
import { type Figure, type Unavailable, figure, span } from "./figure.ts";
import { breadth } from "./breadth.ts";
import { type Valuation, valuation } from "./valuation.ts";
import type { CompanyValuationInput, ConstituentsInput, FundamentalsInput, HoldingsInput } from "./snapshot-inputs.ts";
import type { Conventions } from "./snapshot-options.ts";
import { type SeriesOut, sourceTags, toSeries } from "./snapshot-prep.ts";

// ---------------------------------------------------------------------------------------------
// Output types

export interface CompositionReport {
  available: true;
  funds: (Composition & { sources: string[] })[];
  comparisons: CompositionComparison[];
  errors: { fund: string; reason: string }[];
}

export interface ValuationReport {
  available: true;
  /** Fund-weighted valuation from a stored universe's per-company earnings and book values. */
  funds: (Valuation & { sources: string[] })[];
  smallLarge: { small: string; large: string; pe: number | null; pb: number | null }[];
  /** Valuation, earnings quality and leverage of each fund's companies from their SEC filings. */
  companies: CompanyValuationReport;
}

/** One fund's companies valued as of its holdings' date (see CompanyValuationInput). */
export interface FundCompanyValuation extends CompanyValuation {
  fund: string;
  asOf: string;
  positions: number;
  unmatched: number;
  uncapped: number;
  prices: { close: number; closeDays: string[]; holdings: number };
  /** Where the caps' prices came from, in words. */
  notes: string[];
  sources: string[];
}

/** The small fund's figures against the large fund's: small / large - 1 (positive: the small fund's companies cost more). */
export interface CompanyValuationComparison {
  small: string;
  large: string;
  smallAsOf: string;
  largeAsOf: string;
  /** Premium (+) or discount (-) of the small fund's aggregate P/E over the large fund's. */
  pePremium: number | null;
  /** The same of the median P/E. */
  medianPePremium: number | null;
  /** The same of the aggregate P/B. */
  pbPremium: number | null;
}

export type CompanyValuationReport =
  | { available: true; funds: FundCompanyValuation[]; comparison: CompanyValuationComparison | null }
  | Unavailable;

/** Why the company valuation is empty before any SEC EDGAR fundamentals are stored, and what to do. */
export const NO_EDGAR_FUNDAMENTALS =
  "no SEC EDGAR fundamentals stored: run `r2k update --only fundamentals` with sources.sec.userAgent set, or import saved EDGAR JSON";

/** The default large-cap funds the small fund is compared with, in order of preference. */
export const DEFAULT_LARGE_FUNDS: readonly string[] = ["IWB", "IVV"];

function priceNotes(c: CompanyValuationInput): string[] {
  const days = c.prices.closeDays;
  const closeDays = days.length === 0 ? "" : days.length === 1 ? days[0] : `${days[0]} to ${days[days.length - 1]}`;
  const notes: string[] = [];
  if (c.prices.close) notes.push(`${c.prices.close} of ${c.rows.length} caps: total shares x the stored close of ${closeDays}`);
  if (c.prices.holdings) notes.push(`${c.prices.holdings} of ${c.rows.length} caps: total shares x the holdings' price of ${c.asOf} (no stored close within a week)`);
  if (c.unmatched) notes.push(`${c.unmatched} of ${c.positions} positions have no stored SEC filer: outside the coverage`);
  if (c.uncapped) notes.push(`${c.uncapped} filers have no share count filed by ${c.asOf} or no price: outside the coverage`);
  return notes;
}

/**
 * Each fund's companies valued from their filings, and the small fund against the first of the
 * large funds that is valued (the premium of its P/E and P/B).
 */
export function companyValuationReport(inputs: readonly CompanyValuationInput[], smallFund: string, largeFunds: readonly string[]): CompanyValuationReport {
  if (inputs.length === 0) return { available: false, reason: NO_EDGAR_FUNDAMENTALS };
  const funds: FundCompanyValuation[] = inputs.map((c) => ({
    fund: c.fund,
    asOf: c.asOf,
    ...companyValuation(c.rows),
    positions: c.positions,
    unmatched: c.unmatched,
    uncapped: c.uncapped,
    prices: c.prices,
    notes: priceNotes(c),
    sources: sourceTags(`${c.fund} companies ${c.asOf}`, c.sources),
  }));
  const small = funds.find((f) => f.fund === smallFund);
  const large = largeFunds.map((l) => funds.find((f) => f.fund === l && f.companies > 0)).find((f) => f !== undefined);
  const premium = (a: number | null, b: number | null) => (a !== null && b !== null && b > 0 && a > 0 ? a / b - 1 : null);
  const comparison: CompanyValuationComparison | null =
    small && large && small !== large
      ? {
          small: small.fund,
          large: large.fund,
          smallAsOf: small.asOf,
          largeAsOf: large.asOf,
          pePremium: premium(small.pe.aggregate, large.pe.aggregate),
          medianPePremium: premium(small.pe.median, large.pe.median),
          pbPremium: premium(small.pb.aggregate, large.pb.aggregate),
        }
      : null;
  return { available: true, funds, comparison };
}

export interface BreadthReport {
  fund: string;
  available: boolean;
  reason?: string;
  asOf?: string;
  constituents?: number;
  aboveShort?: Figure;
  aboveLong?: Figure;
  advancers?: number;
  decliners?: number;
  advanceDeclineLine?: Figure;
  newHighs?: number;
  newLows?: number;
  series?: { aboveShort: SeriesOut; aboveLong: SeriesOut; advanceDeclineLine: SeriesOut; newHighs: SeriesOut; newLows: SeriesOut };
}

// ---------------------------------------------------------------------------------------------
// Holdings-based sections

export function compositionReport(holdings: HoldingsInput[], smallFund: string, c: Conventions): CompositionReport {
  const funds: (Composition & { sources: string[] })[] = [];
  const errors: { fund: string; reason: string }[] = [];
  for (const h of holdings) {
    try {
      funds.push({ ...composition(h.rows, c.holdingRows), sources: sourceTags(`${h.fund} holdings ${h.asOf}`, h.sources) });
    } catch (e) {
      errors.push({ fund: h.fund, reason: (e as Error).message });
    }
  }
  const small = funds.find((f) => f.fund === smallFund);
  const comparisons = small ? funds.filter((f) => f !== small).map((f) => compareComposition(small, f)) : [];
  return { available: true, funds, comparisons, errors };
}

export function valuationReport(
  holdings: HoldingsInput[],
  fundamentals: FundamentalsInput[],
  smallFund: string,
  c: Conventions,
  companies: readonly CompanyValuationInput[] = [],
  largeFunds: readonly string[] = DEFAULT_LARGE_FUNDS,
): ValuationReport {
  const funds = holdings.map((h) => {
    const f = fundamentals.find((x) => x.fund === h.fund);
    const v = valuation(h.rows, f?.rows, { rows: c.holdingRows, negativeEarnings: c.negativeEarnings });
    const sources = [...sourceTags(`${h.fund} holdings ${h.asOf}`, h.sources), ...(f ? sourceTags(`${f.fund} fundamentals ${f.asOf}`, f.sources) : [])];
    return { ...v, sources };
  });
  const small = funds.find((f) => f.available && f.fund === smallFund);
  const smallLarge: ValuationReport["smallLarge"] = [];
  if (small && small.available) {
    const ratio = (a: number | null, b: number | null) => (a !== null && b !== null && b !== 0 ? a / b : null);
    for (const f of funds) {
      if (f === small || !f.available) continue;
      smallLarge.push({ small: small.fund, large: f.fund, pe: ratio(small.pe, f.pe), pb: ratio(small.pb, f.pb) });
    }
  }
  return { available: true, funds, smallLarge, companies: companyValuationReport(companies, smallFund, largeFunds) };
}

export function breadthReports(constituents: ConstituentsInput[], includeSeries: boolean): BreadthReport[] {
  return constituents.map((ci) => {
    const usable = ci.closes.filter((f) => f.dates.length > 0);
    if (usable.length === 0) return { fund: ci.fund, available: false, reason: `no constituent closes stored for ${ci.fund}` };
    const b = breadth(usable);
    const m = b.dates.length;
    const src = sourceTags(`${ci.fund} constituents`, ci.sources);
    const last = b.dates[m - 1];
    const at = span(last, last, src);
    const out: BreadthReport = {
      fund: ci.fund,
      available: true,
      asOf: dayToIso(last),
      constituents: b.reporting[m - 1],
      aboveShort: figure(b.aboveShort[m - 1], "fraction", at, "no constituent has 50 closes yet"),
      aboveLong: figure(b.aboveLong[m - 1], "fraction", at, "no constituent has 200 closes yet"),
      advancers: b.advancers[m - 1],
      decliners: b.decliners[m - 1],
      advanceDeclineLine: figure(b.advanceDeclineLine[m - 1], "count", span(b.dates[0], last, src)),
      newHighs: b.newHighs[m - 1],
      newLows: b.newLows[m - 1],
    };
    if (includeSeries) {
      out.series = {
        aboveShort: toSeries(b.dates, b.aboveShort),
        aboveLong: toSeries(b.dates, b.aboveLong),
        advanceDeclineLine: toSeries(b.dates, b.advanceDeclineLine),
        newHighs: toSeries(b.dates, b.newHighs),
        newLows: toSeries(b.dates, b.newLows),
      };
    }
    return out;
  });
}
