/**
 * The demo market measured the way the reference figures measure real history, and those real
 * figures: what docs/demo-market.md ("Demo vs real figures") shows and test/demo/calibration.test.ts
 * checks. Every demo figure goes through r2k's own analytics (snapshot() with the reference
 * figures' conventions, or the core function named beside it) over the generated series; nothing
 * is copied from a test's output.
 *
 * Print the table (and, with --spread, the range over seeds 1-20 of the calibrated figures):
 *   node --import tsx test/demo/figures.ts [--spread]
 */
import { fileURLToPath } from "node:url";
import { windowFrame } from "../../src/core/analytics/align.ts";
import { calendarYearReturns } from "../../src/core/analytics/returns.ts";
import { REFERENCE_CONVENTIONS, type PairReport, type Snapshot, type SnapshotInputs, type SymbolReport, snapshot } from "../../src/core/analytics/index.ts";
import { trackingError } from "../../src/core/analytics/tracking.ts";
import type { BarFrame, SeriesFrame } from "../../src/model/index.ts";
import { barFrameOf, isoToDay, seriesFrameOf } from "../../src/model/index.ts";
import { type DemoMarket, generateDemoMarket } from "../../src/sources/demo/index.ts";

/** The demo's end date for these figures: the date of the real IWM holdings file the reference uses. */
export const END_DATE = "2026-05-05";
const FROM = "2000-01-03";
const TO = "2019-12-31";

/**
 * Real history, from the reference figures (pandas on the real files; section letters as there):
 * A = window 2000-01-03..2019-12-31, B = weekly regressions 2000-2019, C = 2007-2009 crash,
 * D = IWM vs ^RUT tracking, E = IWM holdings of 2026-05-05 (Equity rows).
 */
export const REAL = {
  volRatio: 1.244276146, // A
  beta: 1.110860242, // A
  correlation: 0.8927762906, // A
  rutDepth0709: -0.5988875493, // C
  spxDepth0709: -0.5677538774, // C
  rutMaxDrawdown: -0.5988875493, // A
  spxMaxDrawdown: -0.5677538774, // A
  rateBeta: 0.02292789423, // B, DGS10
  rateT: 6.465025389,
  rateR2: 0.03860055996,
  creditBeta: -0.01245751951, // B, BAMLH0A0HYM2
  creditT: -8.824170379,
  creditR2: 0.06959366364,
  twoYearBeta: 0.01947423168, // B, DGS2
  twoYearT: 4.846610155,
  weeks: 1043, // B
  volSpx: 0.1887277654, // A
  volRut: 0.2348294566,
  volIxic: 0.2479819939,
  returnRut: 2.305537337, // A
  returnSpx: 1.198931448,
  returnIxic: 1.204943708,
  ixicBeta: 1.170736103, // A
  ixicCorrelation: 0.8909937573,
  ixicVolRatio: 1.313966673,
  upCapture: 1.230579215, // A
  downCapture: 1.127735956,
  skewSpx: -0.03886470389, // A
  skewRut: -0.1515136335,
  kurtSpx: 8.830912584, // A
  kurtRut: 4.621067487,
  after12Rut: 0.9507952742, // C
  after12Spx: 0.6857344121,
  after12Ixic: 0.8450308238,
  year2008Rut: -0.3480020455, // C
  year2008Spx: -0.3848579306,
  year2008Ixic: -0.4054059105,
  tracking2008: 0.006594736661, // D
  tracking2015: 0.01232834952,
  tracking2019: 0.01667427975,
  trackingError: 0.03655626299, // D
  iwmCount: 1924, // E
  iwmTop10: 0.07287636971,
  iwmEffective: 532.3193795,
  iwmMedian: 18853552.91,
  iwmUnitedStates: 0.9838159525,
  iwmIndustrials: 0.1954082682,
  iwmIT: 0.1699007885,
  iwmFinancials: 0.1630580752,
  iwmHealthCare: 0.1625852072,
};

export type DemoFigures = typeof REAL & { cap1000: number; cap3000: number };

/** The generated series as the snapshot takes them (what `r2k demo` stores, read back). */
export function demoInputs(m: DemoMarket): SnapshotInputs {
  const bars: BarFrame[] = [...m.indices, ...m.etfs].map((s) => barFrameOf(s.meta.id, s.bars, ["demo"]));
  const macro = m.macro.map((s) => ({ ...seriesFrameOf(s.meta.id, s.observations), sources: ["demo"] }));
  const funds = [...new Set(m.holdings.map((h) => h.fund))];
  const holdings = funds.map((fund) => ({ fund, asOf: m.endDate, rows: m.holdings.filter((h) => h.fund === fund), sources: ["demo"] }));
  return { bars, macro, holdings };
}

const value = (x: number | null | undefined, what: string): number => {
  if (typeof x !== "number") throw new Error(`${what}: no value`);
  return x;
};

export function measureDemo(m: DemoMarket): DemoFigures {
  const inputs = demoInputs(m);
  const bar = (s: string) => inputs.bars.find((b) => b.symbol === s) as BarFrame;
  // A and C: the window's figures; case studies over all the history (12 months = 365 days).
  const a: Snapshot = snapshot(inputs, { from: FROM, to: TO, subjects: ["^RUT", "^GSPC", "^IXIC"], benchmark: "^GSPC", conventions: REFERENCE_CONVENTIONS });
  const sym = (s: string) => a.symbols.find((x) => x.symbol === s) as SymbolReport;
  const pair = (s: string) => a.pairs.find((x) => x.symbol === s) as PairReport;
  const crash = (s: string) => a.caseStudies.find((c) => c.name === "2007-2009")!.rows.find((r) => r.symbol === s)!;
  const year2008 = (s: string) => sym(s).calendarYears.rows.find((r) => r.year === 2008)!.price;
  // B: weekly regressions over the weeks labelled within the window.
  const b = snapshot(inputs, {
    from: FROM,
    to: TO,
    subjects: ["^RUT"],
    conventions: { ...REFERENCE_CONVENTIONS, weeklyWindow: "labels" },
    sections: { symbols: false, pairs: false, caseStudies: false, leadership: false, leadLag: false, composition: false, valuation: false, breadth: false, tracking: false, regionalBanks: false },
  });
  if (!b.rates.available || !b.rates.sensitivity.available) throw new Error("no rate sensitivity");
  const reg = (id: string) => {
    const r = (b.rates.available && b.rates.sensitivity.available && b.rates.sensitivity.rows.find((x) => x.series === id)) || undefined;
    if (!r || !r.available || !r.beta || !r.tStat || !r.rSquared || r.n === undefined) throw new Error(`no regression on ${id}`);
    return { beta: r.beta, tStat: r.tStat, rSquared: r.rSquared, n: r.n };
  };
  // D: IWM total return (adjusted closes) against the ^RUT price index, as the reference does.
  const iwm = bar("IWM");
  const rut = bar("^RUT");
  const frame = (f: BarFrame, adj: boolean): SeriesFrame => ({ id: f.symbol, dates: f.dates, values: adj ? f.adjClose : f.close });
  const d = (f: SeriesFrame) => windowFrame(f, isoToDay("2001-01-01"), isoToDay(TO));
  const years = (f: SeriesFrame) => new Map(calendarYearReturns(f.dates, f.values).map((r) => [r.period, r.value]));
  const iwmYears = years(frame(iwm, true));
  const rutYears = years(frame(rut, false));
  const td = (y: number) => (iwmYears.get(y) as number) - (rutYears.get(y) as number);
  // E: IWM holdings, every Equity row (the reference's row choice).
  if (!a.composition.available) throw new Error("no composition");
  const e = a.composition.funds.find((f) => f.fund === "IWM")!;
  const sector = (name: string) => e.sectors.find((s) => s.name === name)?.weight ?? 0;
  const caps = m.universe.map((s) => s.sharesOutstanding * s.price).sort((x, y) => y - x);
  return {
    volRatio: value(pair("^RUT").volatilityRatio.value, "volatility ratio"),
    beta: value(pair("^RUT").beta.value, "beta"),
    correlation: value(pair("^RUT").correlation.value, "correlation"),
    rutDepth0709: value(crash("^RUT").depth?.value, "^RUT depth"),
    spxDepth0709: value(crash("^GSPC").depth?.value, "^GSPC depth"),
    rutMaxDrawdown: value(sym("^RUT").drawdowns.max.value, "^RUT max drawdown"),
    spxMaxDrawdown: value(sym("^GSPC").drawdowns.max.value, "^GSPC max drawdown"),
    rateBeta: value(reg("DGS10").beta.value, "DGS10 beta"),
    rateT: value(reg("DGS10").tStat.value, "DGS10 t"),
    rateR2: value(reg("DGS10").rSquared.value, "DGS10 R2"),
    creditBeta: value(reg("BAMLH0A0HYM2").beta.value, "HY beta"),
    creditT: value(reg("BAMLH0A0HYM2").tStat.value, "HY t"),
    creditR2: value(reg("BAMLH0A0HYM2").rSquared.value, "HY R2"),
    twoYearBeta: value(reg("DGS2").beta.value, "DGS2 beta"),
    twoYearT: value(reg("DGS2").tStat.value, "DGS2 t"),
    weeks: reg("DGS10").n,
    volSpx: value(sym("^GSPC").risk.volatility.value, "^GSPC vol"),
    volRut: value(sym("^RUT").risk.volatility.value, "^RUT vol"),
    volIxic: value(sym("^IXIC").risk.volatility.value, "^IXIC vol"),
    returnRut: value(sym("^RUT").returns.find((r) => r.horizon === "since start")!.price.value, "^RUT return"),
    returnSpx: value(sym("^GSPC").returns.find((r) => r.horizon === "since start")!.price.value, "^GSPC return"),
    returnIxic: value(sym("^IXIC").returns.find((r) => r.horizon === "since start")!.price.value, "^IXIC return"),
    ixicBeta: value(pair("^IXIC").beta.value, "^IXIC beta"),
    ixicCorrelation: value(pair("^IXIC").correlation.value, "^IXIC correlation"),
    ixicVolRatio: value(pair("^IXIC").volatilityRatio.value, "^IXIC volatility ratio"),
    upCapture: value(pair("^RUT").upCapture.value, "up capture"),
    downCapture: value(pair("^RUT").downCapture.value, "down capture"),
    skewSpx: value(sym("^GSPC").risk.skewness.value, "^GSPC skew"),
    skewRut: value(sym("^RUT").risk.skewness.value, "^RUT skew"),
    kurtSpx: value(sym("^GSPC").risk.excessKurtosis.value, "^GSPC kurtosis"),
    kurtRut: value(sym("^RUT").risk.excessKurtosis.value, "^RUT kurtosis"),
    after12Rut: value(crash("^RUT").after?.[1].value.value, "^RUT after 12"),
    after12Spx: value(crash("^GSPC").after?.[1].value.value, "^GSPC after 12"),
    after12Ixic: value(crash("^IXIC").after?.[1].value.value, "^IXIC after 12"),
    year2008Rut: value(year2008("^RUT"), "^RUT 2008"),
    year2008Spx: value(year2008("^GSPC"), "^GSPC 2008"),
    year2008Ixic: value(year2008("^IXIC"), "^IXIC 2008"),
    tracking2008: td(2008),
    tracking2015: td(2015),
    tracking2019: td(2019),
    trackingError: trackingError(d(frame(iwm, true)), d(frame(rut, false))).value,
    iwmCount: e.count,
    iwmTop10: e.top10Weight,
    iwmEffective: e.effectiveHoldings,
    iwmMedian: e.medianPositionValue,
    iwmUnitedStates: e.locations.find((l) => l.name === "United States")?.weight ?? 0,
    iwmIndustrials: sector("Industrials"),
    iwmIT: sector("Information Technology"),
    iwmFinancials: sector("Financials"),
    iwmHealthCare: sector("Health Care"),
    cap1000: caps[999],
    cap3000: caps[2999],
  };
}

export function demoFigures(seed: number): DemoFigures {
  return measureDemo(generateDemoMarket({ seed, endDate: END_DATE }));
}

// ---------------------------------------------------------------------------------------------
// The table of docs/demo-market.md, printed.

const f = (x: number, digits: number) => x.toFixed(digits);
const t = (beta: number, tt: number) => `${f(beta, 4)} (${f(tt, 2)})`;

type Row = [label: string, show: (x: DemoFigures | typeof REAL) => string];
const ROWS: Row[] = [
  ["^RUT / ^GSPC volatility ratio", (x) => f(x.volRatio, 3)],
  ["^RUT beta vs ^GSPC", (x) => f(x.beta, 3)],
  ["^RUT correlation vs ^GSPC", (x) => f(x.correlation, 3)],
  ["^RUT 2007-09 depth", (x) => f(x.rutDepth0709, 4)],
  ["^GSPC 2007-09 depth", (x) => f(x.spxDepth0709, 4)],
  ["^RUT / ^GSPC max drawdown in the window", (x) => `${f(x.rutMaxDrawdown, 4)} / ${f(x.spxMaxDrawdown, 4)}`],
  ["weekly (RUT - SPX) on dDGS10: beta (t)", (x) => t(x.rateBeta, x.rateT)],
  ["weekly (RUT - SPX) on dHY spread: beta (t)", (x) => t(x.creditBeta, x.creditT)],
  ["weekly on dDGS10 / dHY: R squared", (x) => `${f(x.rateR2, 4)} / ${f(x.creditR2, 4)}`],
  ["weekly on dDGS2: beta (t)", (x) => t(x.twoYearBeta, x.twoYearT)],
  ["weeks in the regressions", (x) => String(x.weeks)],
  ["^GSPC / ^RUT / ^IXIC annualized volatility", (x) => `${f(x.volSpx, 4)} / ${f(x.volRut, 4)} / ${f(x.volIxic, 4)}`],
  ["^RUT / ^GSPC / ^IXIC price return", (x) => `${f(x.returnRut, 3)} / ${f(x.returnSpx, 3)} / ${f(x.returnIxic, 3)}`],
  ["^IXIC beta / correlation / vol ratio vs ^GSPC", (x) => `${f(x.ixicBeta, 3)} / ${f(x.ixicCorrelation, 3)} / ${f(x.ixicVolRatio, 3)}`],
  ["^RUT monthly up / down capture", (x) => `${f(x.upCapture, 3)} / ${f(x.downCapture, 3)}`],
  ["^GSPC / ^RUT skewness", (x) => `${f(x.skewSpx, 2)} / ${f(x.skewRut, 2)}`],
  ["^GSPC / ^RUT excess kurtosis", (x) => `${f(x.kurtSpx, 1)} / ${f(x.kurtRut, 1)}`],
  ["^RUT / ^GSPC / ^IXIC 365 days after the 2009 trough", (x) => `${f(x.after12Rut, 3)} / ${f(x.after12Spx, 3)} / ${f(x.after12Ixic, 3)}`],
  ["^RUT / ^GSPC / ^IXIC calendar 2008", (x) => `${f(x.year2008Rut, 3)} / ${f(x.year2008Spx, 3)} / ${f(x.year2008Ixic, 3)}`],
  ["IWM tracking difference 2008 / 2015 / 2019", (x) => `${f(x.tracking2008, 4)} / ${f(x.tracking2015, 4)} / ${f(x.tracking2019, 4)}`],
  ["IWM tracking error 2001-2019", (x) => f(x.trackingError, 4)],
  ["IWM equity holdings", (x) => x.iwmCount.toLocaleString("en-US")],
  ["IWM top-10 weight", (x) => f(x.iwmTop10, 4)],
  ["IWM effective number of holdings", (x) => f(x.iwmEffective, 0)],
  ["IWM median position value", (x) => `$${f(x.iwmMedian / 1e6, 1)}m`],
  ["IWM share located in the United States", (x) => f(x.iwmUnitedStates, 3)],
  ["IWM Industrials / IT / Financials / Health Care", (x) => `${f(x.iwmIndustrials, 3)} / ${f(x.iwmIT, 3)} / ${f(x.iwmFinancials, 3)} / ${f(x.iwmHealthCare, 3)}`],
];

function printTable(): void {
  const seeds = [42, 7].map((s) => demoFigures(s));
  console.log("| figure | real | demo seed 42 | demo seed 7 |");
  console.log("|---|---|---|---|");
  for (const [label, show] of ROWS) console.log(`| ${label} | ${show(REAL)} | ${show(seeds[0])} | ${show(seeds[1])} |`);
  const cap = (x: DemoFigures) => `$${f(x.cap1000 / 1e9, 1)}bn / $${f(x.cap3000 / 1e6, 0)}m`;
  console.log(`| universe rank 1,000 / 3,000 cap | | ${cap(seeds[0])} | ${cap(seeds[1])} |`);
}

function printSpread(): void {
  const keys = ["volRatio", "beta", "correlation", "rateBeta", "rateT", "creditBeta", "creditT", "volSpx"] as const;
  const all = Array.from({ length: 20 }, (_, i) => demoFigures(i + 1));
  for (const k of keys) {
    const v = all.map((x) => x[k]);
    const dev = v.map((x) => x - REAL[k]);
    console.log(`${k}: ${f(Math.min(...v), 4)}..${f(Math.max(...v), 4)} (real ${REAL[k]}; deviation ${f(Math.min(...dev), 4)}..${f(Math.max(...dev), 4)})`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  printTable();
  if (process.argv.includes("--spread")) printSpread();
}
