/** Snapshot sections from holdings: composition, valuation, breadth. */
import { dayToIso } from "../../model/dates.ts";
import { type Composition, type CompositionComparison, compareComposition, composition } from "./composition.ts";
import { type Figure, figure, span } from "./figure.ts";
import { breadth } from "./breadth.ts";
import { type Valuation, valuation } from "./valuation.ts";
import type { ConstituentsInput, FundamentalsInput, HoldingsInput } from "./snapshot-inputs.ts";
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
  funds: (Valuation & { sources: string[] })[];
  smallLarge: { small: string; large: string; pe: number | null; pb: number | null }[];
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

export function valuationReport(holdings: HoldingsInput[], fundamentals: FundamentalsInput[], smallFund: string, c: Conventions): ValuationReport {
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
  return { available: true, funds, smallLarge };
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
