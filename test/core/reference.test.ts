// Reproduces every reference figure (sections A-E of the document REFERENCE_FIGURES names) through
// snapshot(), the entry point the CLI uses, on the real historical files (test/helpers/real-data.ts).
// Expected values are copied from that document; where it is present, the test also checks that
// its table rows are exactly the ones below (so a figure added there fails here until covered).
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import {
  REFERENCE_CONVENTIONS,
  type Snapshot,
  type SymbolReport,
  snapshot,
} from "../../src/core/analytics/index.ts";
import type { Figure } from "../../src/core/analytics/figure.ts";
import { windowFrame } from "../../src/core/analytics/align.ts";
import { isoToDay } from "../../src/model/dates.ts";
import { trackingError } from "../../src/core/analytics/tracking.ts";
import { REFERENCE_FIGURES, realDataSkip } from "../helpers/real-data.ts";
import { loadBars, loadFred, loadHoldings } from "./load.ts";

const REL = 1e-9;
const DOC = REFERENCE_FIGURES;

type Expect = number | string;
/** [section, figure label as in the document, expected value, extra checks from the method column]. */
type Row = { section: string; label: string; value: Expect; dates?: Record<string, string>; get: () => Expect };

function val(f: Figure | null | undefined): number {
  assert.ok(f, "figure missing");
  assert.notEqual(f.value, null, `figure is null: ${f.reason}`);
  return f.value as number;
}

function sym(s: Snapshot, symbol: string): SymbolReport {
  const r = s.symbols.find((x) => x.symbol === symbol);
  assert.ok(r && r.available, `${symbol} unavailable`);
  return r as SymbolReport;
}

test("reference figures A-E reproduce through snapshot()", { skip: realDataSkip }, async () => {
  const bars = await Promise.all(["^RUT", "^GSPC", "^IXIC", "IWM"].map((s) => loadBars(s)));
  const macro = await Promise.all(["DFF", "DGS10", "DGS2", "BAMLH0A0HYM2"].map((id) => loadFred(id)));
  const holdings = await loadHoldings("IWM", "2026-05-05");
  const base = { conventions: REFERENCE_CONVENTIONS };
  // A: window 2000-01-03..2019-12-31 (base close 1999-12-31), lead/lag weeks from the window's closes.
  const A = snapshot({ bars: bars.slice(0, 3), macro }, { ...base, from: "2000-01-03", to: "2019-12-31" });
  // B: weekly regressions over the weeks (ending Friday) dated 2000-01-03..2019-12-31.
  const B = snapshot(
    { bars: bars.slice(0, 3), macro },
    { ...base, from: "2000-01-03", to: "2019-12-31", conventions: { ...REFERENCE_CONVENTIONS, weeklyWindow: "labels" }, sections: { rates: true } },
  );
  // C and D: whole history (case studies use fixed dates), tracking error 2001-2019.
  const full = snapshot({ bars, macro }, base);
  const D = snapshot({ bars: [bars[3], bars[0]] }, { ...base, from: "2001-01-01", to: "2019-12-31", subjects: ["IWM"], benchmark: "^RUT" });
  // E: IWM holdings, equity rows.
  const E = snapshot({ bars: [], holdings: [{ fund: "IWM", asOf: "2026-05-05", rows: holdings }] }, base);

  const rows: Row[] = [];
  const add = (section: string, label: string, value: Expect, get: () => Expect, dates?: Record<string, string>) =>
    rows.push({ section, label, value, get, dates });

  const A_EXPECTED: Record<string, Record<string, number>> = {
    "^RUT": {
      c0: 504.75, c1: 1668.469971, pr: 2.305537337, cagr: 0.0616029174, n: 5031, vol: 0.2348294566, dd: 0.1661488404,
      sortino: 0.5267223658, sharpe: 0.2966300447, skew: -0.1515136335, kurt: 4.621067487, var: 0.02314300237,
      cvar: 0.03389262851, mdd: -0.5988875493, pol1: 0.3246861925, pol5: 0.1370625663,
    },
    "^GSPC": {
      c0: 1469.25, c1: 3230.780029, pr: 1.198931448, cagr: 0.04018499468, n: 5031, vol: 0.1887277654, dd: 0.1342050936,
      sortino: 0.4269081967, sharpe: 0.2089618301, skew: -0.03886470389, kurt: 8.830912584, var: 0.01852594101,
      cvar: 0.02860789064, mdd: -0.5677538774, pol1: 0.270292887, pol5: 0.3176033934,
    },
    "^IXIC": {
      c0: 4069.310059, c1: 8972.599609, pr: 1.204943708, cagr: 0.04032701264, n: 5031, vol: 0.2479819939, dd: 0.1744531374,
      sortino: 0.4030736585, sharpe: 0.2115411449, skew: 0.1776708367, kurt: 6.376296211, var: 0.02547074574,
      cvar: 0.03711765353, mdd: -0.7793238629, pol1: 0.2790794979, pol5: 0.1370625663,
    },
  };
  const MDD_DATES: Record<string, [string, string]> = {
    "^RUT": ["2007-07-13", "2009-03-09"],
    "^GSPC": ["2007-10-09", "2009-03-09"],
    "^IXIC": ["2000-03-10", "2002-10-09"],
  };
  const PAIR: Record<string, [number, number, number]> = {
    "^RUT": [1.110860242, 0.8927762906, 1.244276146],
    "^IXIC": [1.170736103, 0.8909937573, 1.313966673],
  };
  for (const s of ["^RUT", "^GSPC", "^IXIC"]) {
    const e = A_EXPECTED[s];
    const r = () => sym(A, s);
    const since = () => r().returns.find((h) => h.horizon === "since start")!.price;
    add("A", `${s} close on 1999-12-31`, e.c0, () => {
      assert.equal(r().firstClose.window!.from, "1999-12-31");
      return val(r().firstClose);
    });
    add("A", `${s} close on 2019-12-31`, e.c1, () => {
      assert.equal(r().lastClose.asOf, "2019-12-31");
      return val(r().lastClose);
    });
    add("A", `${s} price return`, e.pr, () => val(since()));
    add("A", `${s} CAGR`, e.cagr, () => val(r().cagr.price));
    add("A", `${s} daily returns count`, e.n, () => val(r().risk.dailyReturns));
    add("A", `${s} annualized volatility`, e.vol, () => val(r().risk.volatility));
    add("A", `${s} downside deviation`, e.dd, () => val(r().risk.downsideDeviation));
    add("A", `${s} Sortino (rf 0)`, e.sortino, () => {
      assert.equal(r().risk.sortino.riskFree, null);
      return val(r().risk.sortino);
    });
    add("A", `${s} Sharpe (DFF)`, e.sharpe, () => {
      assert.equal(r().risk.sharpe.riskFree, "DFF");
      assert.deepEqual(r().risk.sharpe.sources, [`${s}:yahoo`, "DFF:fred"]);
      return val(r().risk.sharpe);
    });
    add("A", `${s} skewness`, e.skew, () => val(r().risk.skewness));
    add("A", `${s} excess kurtosis`, e.kurt, () => val(r().risk.excessKurtosis));
    const t95 = () => r().risk.tail.find((t) => t.horizon === "1 day" && t.confidence === 0.95)!;
    add("A", `${s} VaR 95% 1-day`, e.var, () => val(t95().valueAtRisk));
    add("A", `${s} CVaR 95% 1-day`, e.cvar, () => val(t95().conditionalValueAtRisk));
    add("A", `${s} max drawdown`, e.mdd, () => {
      assert.deepEqual([r().drawdowns.max.peak, r().drawdowns.max.trough], MDD_DATES[s]);
      return val(r().drawdowns.max);
    });
    add("A", `${s} probability of loss, 1y holding`, e.pol1, () => val(r().risk.probabilityOfLoss.find((p) => p.years === 1)!.figure));
    add("A", `${s} probability of loss, 5y holding`, e.pol5, () => val(r().risk.probabilityOfLoss.find((p) => p.years === 5)!.figure));
    if (PAIR[s]) {
      const p = () => {
        const x = A.pairs.find((q) => q.symbol === s && q.benchmark === "^GSPC");
        assert.ok(x && x.available);
        return x;
      };
      add("A", `${s} beta vs ^GSPC`, PAIR[s][0], () => val(p().beta));
      add("A", `${s} correlation vs ^GSPC`, PAIR[s][1], () => val(p().correlation));
      add("A", `${s} volatility ratio vs ^GSPC`, PAIR[s][2], () => val(p().volatilityRatio));
    }
  }
  const CAPTURE: Record<string, [number, number]> = { "^RUT": [1.230579215, 1.127735956], "^IXIC": [1.317673823, 1.33002399] };
  for (const s of ["^RUT", "^IXIC"]) {
    const p = () => A.pairs.find((q) => q.symbol === s) as Extract<Snapshot["pairs"][number], { available: true }>;
    add("A", `${s} monthly up capture vs ^GSPC`, CAPTURE[s][0], () => val(p().upCapture));
    add("A", `${s} monthly down capture vs ^GSPC`, CAPTURE[s][1], () => val(p().downCapture));
  }
  const XC: [string, number, number][] = [
    ["t+2", 2, 0.03037385718],
    ["t+1", 1, -0.0761051336],
    ["t", 0, 0.8914628008],
    ["t-1", -1, -0.05492225014],
    ["t-2", -2, 0.04263793962],
  ];
  for (const [tag, lag, v] of XC) {
    add("A", `weekly cross-correlation ^RUT(t) vs ^GSPC(${tag})`, v, () => {
      assert.ok(A.leadLag.available);
      assert.equal(A.leadLag.weeks, 1044);
      return A.leadLag.crossCorrelation.find((x) => x.lag === lag)!.correlation as number;
    });
  }

  // B
  const sens = (id: string) => {
    assert.ok(B.rates.available && B.rates.sensitivity.available);
    const r = B.rates.sensitivity.rows.find((x) => x.series === id)!;
    assert.ok(r.available, r.reason);
    assert.equal(r.n, 1043);
    return r;
  };
  const B_EXPECTED: [string, string, number, number, number][] = [
    ["10-year yield", "DGS10", 0.02292789423, 6.465025389, 0.03860055996],
    ["2-year yield", "DGS2", 0.01947423168, 4.846610155, 0.02206656536],
    ["high-yield spread", "BAMLH0A0HYM2", -0.01245751951, -8.824170379, 0.06959366364],
  ];
  for (const [label, id, b, t, r2] of B_EXPECTED) {
    add("B", `${label} beta`, b, () => val(sens(id).beta));
    add("B", `${label} t-statistic`, t, () => val(sens(id).tStat));
    add("B", `${label} R squared`, r2, () => val(sens(id).rSquared));
  }

  // C
  const C_EXPECTED: Record<string, [number, string, string, string, number, number]> = {
    "^RUT": [-0.5988875493, "2007-07-13", "2009-03-09", "2011-04-27", 0.9507952742, -0.3480020455],
    "^GSPC": [-0.5677538774, "2007-10-09", "2009-03-09", "2013-03-28", 0.6857344121, -0.3848579306],
    "^IXIC": [-0.556283065, "2007-10-31", "2009-03-09", "2011-04-27", 0.8450308238, -0.4054059105],
  };
  const crash = full.caseStudies.find((c) => c.name === "2007-2009")!;
  for (const [s, [depth, peak, trough, rec, after12, cy2008]] of Object.entries(C_EXPECTED)) {
    const row = () => crash.rows.find((r) => r.symbol === s)!;
    add("C", `${s} depth`, depth, () => {
      assert.deepEqual([row().peak, row().trough, row().recovery], [peak, trough, rec]);
      return val(row().depth);
    });
    add("C", `${s} return 12 months after trough`, after12, () => val(row().after!.find((a) => a.months === 12)!.value));
    add("C", `${s} calendar 2008 return`, cy2008, () => sym(full, s).calendarYears.rows.find((y) => y.year === 2008)!.price as number);
  }

  // D: the reference's "tracking difference" is IWM's total return minus ^RUT's price return.
  // r2k never labels that mix tracking: its tracking section compares price with price and shows
  // the fund's distributions (its total minus price return) apart, so the reference figure is
  // their sum (calendar-year returns add up exactly). The daily figure is the core's
  // trackingError on IWM's adjusted closes against ^RUT over the same joined window.
  const iwm = () => {
    const t = full.tracking.find((x) => x.fund === "IWM" && x.index === "^RUT")!;
    assert.ok(t.available && t.basis === "price" && t.indexSeries === "^RUT" && t.note && t.distributionsNote);
    return t;
  };
  for (const [year, v] of [[2008, 0.006594736661], [2015, 0.01232834952], [2019, 0.01667427975]] as const) {
    add("D", `${year} tracking difference`, v, () => {
      const y = iwm().years!.find((x) => x.year === year)!;
      return y.difference + (y.distributions as number);
    });
  }
  add("D", "tracking error 2001-2019", 0.03655626299, () => {
    const t = D.tracking.find((x) => x.fund === "IWM")!;
    assert.deepEqual(t.trackingError!.window, { from: "2000-12-29", to: "2019-12-31" });
    const from = isoToDay("2001-01-01");
    const to = isoToDay("2019-12-31");
    const fund = windowFrame({ id: "IWM", dates: bars[3].dates, values: bars[3].adjClose }, from, to);
    const index = windowFrame({ id: "^RUT", dates: bars[0].dates, values: bars[0].close }, from, to);
    return trackingError(fund, index).value;
  });

  // E
  const comp = () => {
    assert.ok(E.composition.available);
    return E.composition.funds[0];
  };
  add("E", "equity holdings count", 1924, () => comp().count);
  add("E", "sum of Weight (%) column", 99.39, () => comp().fileWeightSum * 100);
  add("E", "top-10 weight", 0.07287636971, () => comp().top10Weight);
  add("E", "Herfindahl index", 0.001878571471, () => comp().herfindahl);
  add("E", "effective number of holdings", 532.3193795, () => comp().effectiveHoldings);
  add("E", "median position market value (USD)", 18853552.91, () => comp().medianPositionValue);
  add("E", "share of market value located in United States", 0.9838159525, () => comp().locations.find((l) => l.name === "United States")!.weight);
  for (const [sector, v] of [["Industrials", 0.1954082682], ["Information Technology", 0.1699007885], ["Financials", 0.1630580752], ["Health Care", 0.1625852072]] as const) {
    add("E", `sector weight: ${sector}`, v, () => comp().sectors.find((x) => x.name === sector)!.weight);
  }

  // Every row: value within 1e-9 relative.
  const failures: string[] = [];
  for (const r of rows) {
    try {
      const got = r.get();
      if (typeof r.value === "number") {
        const ok = Math.abs((got as number) - r.value) <= REL * Math.abs(r.value);
        if (!ok) failures.push(`${r.section} ${r.label}: expected ${r.value}, got ${got}`);
      } else if (got !== r.value) failures.push(`${r.section} ${r.label}: expected ${r.value}, got ${got}`);
    } catch (e) {
      failures.push(`${r.section} ${r.label}: ${(e as Error).message}`);
    }
  }
  assert.deepEqual(failures, []);
  assert.equal(rows.length, 96, "figures checked");

  // The document's rows are exactly these (labels and values).
  if (existsSync(DOC)) {
    const doc: { section: string; label: string; value: number }[] = [];
    let section = "";
    for (const line of readFileSync(DOC, "utf8").split("\n")) {
      const h = /^## ([A-E])\./.exec(line);
      if (h) section = h[1];
      const m = /^\| ([^|]+?) \| ([-0-9.e]+) \|/.exec(line);
      if (m && section) doc.push({ section, label: m[1], value: Number(m[2]) });
    }
    const mine = rows.map((r) => `${r.section} ${r.label} = ${r.value}`).sort();
    const theirs = doc.map((r) => `${r.section} ${r.label} = ${r.value}`).sort();
    assert.deepEqual(mine, theirs);
  }
});
