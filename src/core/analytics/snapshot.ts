/**
 * The analytics entry point: `snapshot(inputs, options)` turns stored histories (bars, macro
 * series, holdings, fundamentals, constituent closes) into one typed, JSON-serializable report.
 * Pure: no I/O, no clock; everything it says is derived from the inputs, and every figure carries
 * its provenance (as-of date, window, sources). Missing inputs make sections unavailable with a
 * reason; they never throw. Malformed inputs (dates not ascending, unknown ISO dates in options)
 * throw RangeError.
 */
import { assertFrame } from "./align.ts";
import { type Unavailable } from "./figure.ts";
import { DEFAULT_POLICY_RULE } from "./rates.ts";
import type { MacroInput, SnapshotInputs } from "./snapshot-inputs.ts";
import { type Conventions, DEFAULT_CONVENTIONS, DEFAULT_REGIONAL_BANKS, DEFAULT_TRACKING_PAIRS, type SectionName, type SnapshotOptions } from "./snapshot-options.ts";
import { type Prepared, prepareBars, optionalDay } from "./snapshot-prep.ts";
import { type PairReport, type SymbolResult, type TrackingReport, symbolReport, pairReport, trackingReport } from "./snapshot-symbol.ts";
import { type CaseStudyReport, type LeadershipReport, type LeadLagReport, caseStudies, leadershipReport, leadLagReport } from "./snapshot-history.ts";
import { type RatesReport, type RegionalBanksReport, ratesReport, regionalBanksReport } from "./snapshot-macro.ts";
import { type BreadthReport, type CompositionReport, type ValuationReport, compositionReport, valuationReport, breadthReports } from "./snapshot-holdings.ts";

// ---------------------------------------------------------------------------------------------
// The report

export interface Snapshot {
  schema: "r2k.analytics.snapshot/1";
  request: {
    from: string | null;
    to: string | null;
    subjects: string[];
    benchmark: string;
    smallCap: string;
    largeCap: string;
  };
  conventions: Conventions;
  symbols: SymbolResult[];
  pairs: (PairReport | (Unavailable & { symbol: string; benchmark: string }))[];
  caseStudies: CaseStudyReport[];
  leadership: LeadershipReport;
  leadLag: LeadLagReport;
  rates: RatesReport;
  regionalBanks: RegionalBanksReport;
  composition: CompositionReport | Unavailable;
  valuation: ValuationReport | Unavailable;
  breadth: { available: true; funds: BreadthReport[] } | Unavailable;
  tracking: TrackingReport[];
  notes: string[];
}

// ---------------------------------------------------------------------------------------------
// Entry point

/**
 * The pair the leadership ratio is measured on: the indices, or on the total basis, when the
 * indices are price indices and both funds tracking them have adjusted closes, the funds.
 */
function leadershipPair(
  small: Prepared,
  large: Prepared,
  bySymbol: Map<string, Prepared>,
  c: Conventions,
  capFunds: [string, string] | null | undefined,
): [Prepared, Prepared, { small: string; large: string } | undefined] {
  if (c.returnBasis !== "total" || (small.adj && large.adj) || capFunds === null) return [small, large, undefined];
  const [sf, lf] = capFunds ?? ["IWM", "SPY"];
  const a = bySymbol.get(sf);
  const b = bySymbol.get(lf);
  if (!a?.adj || !b?.adj) return [small, large, undefined];
  return [a, b, { small: small.symbol, large: large.symbol }];
}

const DEFAULT_RATE_SERIES = [
  { id: "DGS2", label: "2-year Treasury yield" },
  { id: "DGS10", label: "10-year Treasury yield" },
  { id: "BAMLH0A0HYM2", label: "high-yield spread" },
];

/**
 * Every metric for the given histories. Per symbol (`symbols`): returns over horizons, CAGR,
 * calendar-year and monthly tables, rolling N-year returns, volatility and tail risk, drawdowns.
 * Per subject vs benchmark (`pairs`): beta, correlation, volatility ratio, capture. Plus case
 * studies, small vs large leadership and lead/lag, rates and credit, regional banks, composition,
 * valuation, breadth and ETF tracking when their inputs are present.
 */
export function snapshot(inputs: SnapshotInputs, options: SnapshotOptions = {}): Snapshot {
  const c: Conventions = { ...DEFAULT_CONVENTIONS, ...options.conventions };
  c.policyRule = { ...DEFAULT_POLICY_RULE, ...options.conventions?.policyRule };
  const from = optionalDay(options.from, "from");
  const to = optionalDay(options.to, "to");
  if (from !== undefined && to !== undefined && from > to) throw new RangeError(`from ${options.from} is after to ${options.to}`);
  const on = (s: SectionName) => options.sections?.[s] !== false;
  const includeSeries = options.includeSeries === true;
  const notes: string[] = [];

  const seen = new Set<string>();
  const preps: Prepared[] = [];
  for (const b of inputs.bars) {
    if (seen.has(b.symbol)) throw new RangeError(`${b.symbol} is given twice`);
    seen.add(b.symbol);
    preps.push(prepareBars(b));
  }
  const bySymbol = new Map(preps.map((p) => [p.symbol, p]));
  const macro = new Map<string, MacroInput>();
  for (const m of inputs.macro ?? []) {
    assertFrame(m);
    macro.set(m.id, m);
  }
  const subjects = options.subjects ?? preps.map((p) => p.symbol);
  for (const s of subjects) if (!bySymbol.has(s)) throw new RangeError(`subject ${s} has no price history in the inputs`);
  const benchmark = options.benchmark ?? "^GSPC";
  const smallCap = options.smallCap ?? "^RUT";
  const largeCap = options.largeCap ?? "^GSPC";
  const small = bySymbol.get(smallCap);
  const large = bySymbol.get(largeCap);
  const subjectPreps = subjects.map((s) => bySymbol.get(s) as Prepared);
  const rf = c.riskFree ? macro.get(c.riskFree) : undefined;

  const symbols = on("symbols") ? subjectPreps.map((p) => symbolReport(p, from, to, c, rf, includeSeries)) : [];
  for (const s of symbols) if (s.available) notes.push(...s.notes);

  const bench = bySymbol.get(benchmark);
  const pairs: Snapshot["pairs"] = [];
  if (on("pairs")) {
    for (const p of subjectPreps) {
      if (p.symbol === benchmark) continue;
      if (!bench) {
        pairs.push({ available: false, symbol: p.symbol, benchmark, reason: `benchmark ${benchmark} has no price history in the inputs` });
        continue;
      }
      pairs.push(pairReport(p, bench, from, to, c, includeSeries));
    }
  }

  const unavailablePair = (what: string): Unavailable => ({
    available: false,
    reason: `${what} needs ${smallCap} and ${largeCap}; ${[small ? null : smallCap, large ? null : largeCap].filter(Boolean).join(" and ")} not given`,
  });

  const tracking: TrackingReport[] = [];
  if (on("tracking")) {
    for (const [fund, index, totalIndex] of options.trackingPairs ?? DEFAULT_TRACKING_PAIRS) {
      const f = bySymbol.get(fund);
      const x = bySymbol.get(index);
      if (f && x) tracking.push(trackingReport(f, x, totalIndex === undefined ? undefined : bySymbol.get(totalIndex), totalIndex, from, to, c));
      else if (options.trackingPairs) tracking.push({ fund, index, available: false, reason: `${f ? index : fund} has no price history in the inputs` });
    }
  }

  const rb = options.regionalBanks === undefined ? DEFAULT_REGIONAL_BANKS : options.regionalBanks;
  let regionalBanks: RegionalBanksReport = { available: false, reason: "not requested" };
  if (on("regionalBanks") && rb) {
    const a = bySymbol.get(rb[0]);
    const b = bySymbol.get(rb[1]);
    regionalBanks = a && b ? regionalBanksReport(a, b, from, to, c) : { available: false, reason: `needs ${rb[0]} and ${rb[1]} price histories` };
  }

  const holdings = inputs.holdings ?? [];
  const smallFund = options.smallFund ?? "IWM";
  const noHoldings: Unavailable = { available: false, reason: options.noHoldingsReason ?? "no holdings snapshot stored" };

  return {
    schema: "r2k.analytics.snapshot/1",
    request: { from: options.from ?? null, to: options.to ?? null, subjects, benchmark, smallCap, largeCap },
    conventions: c,
    symbols,
    pairs,
    caseStudies: on("caseStudies") ? caseStudies(subjectPreps, c) : [],
    leadership: !on("leadership")
      ? { available: false, reason: "not requested" }
      : small && large
        ? leadershipReport(...leadershipPair(small, large, bySymbol, c, options.capFunds), from, to, c, options.recessionIndicator === undefined ? macro.get("USREC") : macro.get(options.recessionIndicator), includeSeries)
        : unavailablePair("leadership"),
    leadLag: !on("leadLag") ? { available: false, reason: "not requested" } : small && large ? leadLagReport(small, large, from, to, c) : unavailablePair("lead/lag"),
    rates: !on("rates")
      ? { available: false, reason: "not requested" }
      : ratesReport(subjectPreps, small, large, macro, from, to, c, {
          rateSeries: options.rateSeries ?? DEFAULT_RATE_SERIES,
          policyRates: options.policyRates ?? ["FEDFUNDS", "DFF"],
        }),
    regionalBanks,
    composition: !on("composition") ? { available: false, reason: "not requested" } : holdings.length ? compositionReport(holdings, smallFund, c) : noHoldings,
    valuation: !on("valuation")
      ? { available: false, reason: "not requested" }
      : holdings.length
        ? valuationReport(holdings, inputs.fundamentals ?? [], smallFund, c, inputs.companies ?? [], options.largeFunds)
        : { available: false, reason: options.noHoldingsReason ?? "no valuation data stored: valuation needs a holdings snapshot and per-company fundamentals" },
    breadth: !on("breadth")
      ? { available: false, reason: "not requested" }
      : inputs.constituents?.length
        ? { available: true, funds: breadthReports(inputs.constituents, includeSeries) }
        : { available: false, reason: "no constituent price histories stored" },
    tracking,
    notes,
  };
}
