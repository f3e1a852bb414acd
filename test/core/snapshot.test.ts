// The snapshot entry point: edge cases (single close, flat prices, NaN rows, gaps, leap days,
// windows before or after the data, series that do not overlap) and a full run on the real files.
// Every report must be plain JSON: no NaN or Infinity, no typed arrays, no undefined values.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { BarFrame } from "../../src/model/index.ts";
import { isoToDay } from "../../src/model/dates.ts";
import { type Snapshot, type SymbolReport, snapshot } from "../../src/core/analytics/index.ts";
import { realDataSkip } from "../helpers/real-data.ts";
import { loadBars, loadFred, loadHoldings } from "./load.ts";

function bars(symbol: string, iso: string[] | Int32Array, close: number[], adj?: number[]): BarFrame {
  const dates = iso instanceof Int32Array ? iso : Int32Array.from(iso.map(isoToDay));
  const n = dates.length;
  const c = Float64Array.from(close);
  return {
    symbol,
    dates,
    open: c.slice(),
    high: c.slice(),
    low: c.slice(),
    close: c,
    adjClose: adj ? Float64Array.from(adj) : Float64Array.from({ length: n }, () => NaN),
    volume: new Float64Array(n),
    sources: ["test"],
  };
}

/** Weekdays from a start date. */
function weekdays(startIso: string, n: number): Int32Array {
  const out: number[] = [];
  let d = isoToDay(startIso);
  while (out.length < n) {
    if ((((d + 3) % 7) + 7) % 7 < 5) out.push(d);
    d++;
  }
  return Int32Array.from(out);
}

/** Asserts the report is plain JSON: it survives a round trip unchanged and holds only finite numbers. */
function assertPlainJson(s: Snapshot): void {
  const bad: string[] = [];
  const walk = (x: unknown, path: string) => {
    if (typeof x === "number" && !Number.isFinite(x)) bad.push(`${path} = ${x}`);
    else if (x === undefined) bad.push(`${path} is undefined`);
    else if (ArrayBuffer.isView(x)) bad.push(`${path} is a typed array`);
    else if (x && typeof x === "object") for (const [k, v] of Object.entries(x)) walk(v, `${path}.${k}`);
  };
  walk(s, "$");
  assert.deepEqual(bad.slice(0, 10), []);
  assert.deepEqual(JSON.parse(JSON.stringify(s)), s);
}

const symbol = (s: Snapshot, sym: string) => {
  const r = s.symbols.find((x) => x.symbol === sym);
  assert.ok(r, `${sym} missing`);
  return r;
};
const available = (s: Snapshot, sym: string) => {
  const r = symbol(s, sym);
  assert.ok(r.available, `${sym} unavailable: ${"reason" in r ? r.reason : ""}`);
  return r as SymbolReport;
};

test("a single close: available, every undefined figure null with a reason", () => {
  const s = snapshot({ bars: [bars("ONE", ["2024-01-02"], [100])] });
  assertPlainJson(s);
  const r = available(s, "ONE");
  assert.equal(r.lastClose.value, 100);
  const since = r.returns.find((h) => h.horizon === "since start")!;
  assert.equal(since.price.value, null);
  assert.match(since.price.reason!, /single close/);
  assert.equal(r.risk.volatility.value, null);
  assert.equal(r.risk.dailyReturns.value, 0);
  assert.equal(r.risk.tail[0].valueAtRisk.value, null);
  assert.equal(r.drawdowns.max.value, 0);
  assert.equal(r.drawdowns.top.length, 0);
  assert.equal(r.calendarYears.rows.length, 0, "a year with a single close has no return");
});

test("all-equal prices: zero volatility, Sharpe/Sortino/skew/beta undefined with reasons", () => {
  const d = weekdays("2024-01-01", 30);
  const flat = bars("FLAT", d, new Array(30).fill(50));
  const other = bars("^GSPC", d, Array.from({ length: 30 }, (_, i) => 100 + (i % 3)));
  const s = snapshot({ bars: [flat, other] }, { subjects: ["FLAT"] });
  assertPlainJson(s);
  const r = available(s, "FLAT");
  assert.equal(r.risk.volatility.value, 0);
  assert.equal(r.risk.sharpe.value, null);
  assert.match(r.risk.sharpe.reason!, /do not vary/);
  assert.equal(r.risk.sortino.value, null);
  assert.equal(r.risk.skewness.value, null);
  assert.equal(r.drawdowns.max.value, 0);
  const p = s.pairs.find((x) => x.symbol === "FLAT")!;
  assert.ok(p.available);
  assert.equal(p.beta.value, 0, "a flat asset has zero beta");
  assert.equal(p.correlation.value, null);
  const flatBench = snapshot({ bars: [other, bars("^GSPC2", d, new Array(30).fill(7))] }, { benchmark: "^GSPC2", subjects: ["^GSPC"] });
  const q = flatBench.pairs[0];
  assert.ok(q.available);
  assert.equal(q.beta.value, null);
  assert.match(q.beta.reason!, /\^GSPC2 returns do not vary/);
});

test("NaN and non-positive closes are dropped with a note; partial adjusted closes disable total return", () => {
  const d = weekdays("2024-01-01", 5);
  const s = snapshot({ bars: [bars("GAP", d, [10, NaN, 11, 0, 12], [9, 9.5, NaN, 10, 11])] });
  assertPlainJson(s);
  const r = available(s, "GAP");
  assert.equal(r.risk.dailyReturns.value, 2);
  assert.ok(s.notes.some((n) => /GAP: dropped 2 rows without a usable close \(first 2024-01-02\)/.test(n)), s.notes.join("\n"));
  assert.equal(r.totalReturnAvailable, false);
  assert.equal(r.returns[0].total, null);
  assert.throws(() => snapshot({ bars: [bars("BAD", ["2024-01-03", "2024-01-02"], [1, 2])] }), /strictly ascending/);
  assert.throws(() => snapshot({ bars: [] }, { from: "2024-02-30" }), /from must be a calendar date/);
  assert.throws(() => snapshot({ bars: [] }, { from: "2024-02-01", to: "2024-01-01" }), /after to/);
  assert.throws(() => snapshot({ bars: [bars("A", ["2024-01-02"], [1]), bars("A", ["2024-01-02"], [1])] }), /given twice/);
});

test("windows: start before the data, window after the data, base close, leap days", () => {
  const d = weekdays("2023-02-27", 300); // through 2024-04
  const v = Array.from({ length: 300 }, (_, i) => 100 * 1.001 ** i);
  const s = snapshot({ bars: [bars("X", d, v)] }, { from: "2020-01-01", to: "2024-02-29" });
  assertPlainJson(s);
  const r = available(s, "X");
  assert.equal(r.window.from, "2023-02-27");
  assert.equal(r.window.to, "2024-02-29");
  assert.ok(s.notes.some((n) => /requested start 2020-01-01 is before the first stored close 2023-02-27/.test(n)));
  const y1 = r.returns.find((h) => h.horizon === "1Y")!;
  assert.deepEqual(y1.price.window, { from: "2023-02-28", to: "2024-02-29" }, "1Y from a leap day starts on Feb 28");
  const y3 = r.returns.find((h) => h.horizon === "3Y")!;
  assert.equal(y3.price.value, null);
  assert.match(y3.price.reason!, /needs a close on or before 2021-02-28; the data starts 2023-02-27/);
  // Window with a base close: from 2023-03-01 (a Wednesday) -> base is 2023-02-28.
  const b = available(snapshot({ bars: [bars("X", d, v)] }, { from: "2023-03-01" }), "X");
  assert.equal(b.window.from, "2023-02-28");
  assert.equal(b.risk.dailyReturns.value, 298);
  // A window after the data: unavailable with a reason, not a throw.
  const after = snapshot({ bars: [bars("X", d, v)] }, { from: "2030-01-01" });
  assertPlainJson(after);
  const u = symbol(after, "X");
  assert.equal(u.available, false);
  assert.match((u as { reason: string }).reason, /no closes between 2030-01-01 and the end \(data runs 2023-02-27\.\.2024-04-19\)/);
});

test("gaps: a month after a missing month is partial, from its own first close", () => {
  const d1 = weekdays("2024-01-01", 20);
  const d2 = weekdays("2024-03-04", 20);
  const d = Int32Array.from([...d1, ...d2]);
  const v = Array.from({ length: 40 }, (_, i) => 100 + i);
  const s = snapshot({ bars: [bars("G", d, v)] });
  assertPlainJson(s);
  const r = available(s, "G");
  const row = r.monthly.rows[0];
  assert.equal(row.months[1], null, "February has no close");
  // Data ends Friday 2024-03-29, inside March's last week: March is partial only because of the gap.
  assert.deepEqual(row.partial, [0, 2], "January (first month) and March (after the gap)");
  assert.equal(row.months[2], 139 / 120 - 1, "March's partial return runs from its own first close");
  assert.equal(row.year_total, null);
});

test("series that do not overlap: pairs, leadership and lead/lag unavailable with reasons", () => {
  const a = bars("^RUT", weekdays("2020-01-01", 50), Array.from({ length: 50 }, (_, i) => 100 + i));
  const b = bars("^GSPC", weekdays("2022-01-03", 50), Array.from({ length: 50 }, (_, i) => 200 + i));
  const s = snapshot({ bars: [a, b] });
  assertPlainJson(s);
  const p = s.pairs.find((x) => x.symbol === "^RUT")!;
  assert.equal(p.available, false);
  assert.match((p as { reason: string }).reason, /share no dates/);
  assert.equal(s.leadership.available, false);
  assert.equal(s.leadLag.available, false);
  assert.ok(!s.valuation.available && s.valuation.reason.includes("no valuation data stored"));
  assert.equal(s.breadth.available, false);
  assert.equal(s.composition.available, false);
  const missingBench = snapshot({ bars: [a] });
  assert.match((missingBench.pairs[0] as { reason: string }).reason, /benchmark \^GSPC has no price history/);
});

test("the full snapshot on the real files: every section, plain JSON, provenance on figures", { skip: realDataSkip }, async () => {
  const input = {
    bars: await Promise.all(["^RUT", "^GSPC", "^IXIC", "IWM", "KRE", "SPY"].map((s) => loadBars(s))),
    macro: await Promise.all(["DFF", "DGS10", "DGS2", "BAMLH0A0HYM2", "FEDFUNDS", "USREC"].map((id) => loadFred(id))),
    holdings: [
      { fund: "IWM", asOf: "2026-05-05", rows: await loadHoldings("IWM", "2026-05-05") },
      { fund: "IWB", asOf: "2026-07-17", rows: await loadHoldings("IWB", "2026-07-17") },
    ],
  };
  const s = snapshot(input, { subjects: ["^RUT", "^GSPC", "^IXIC", "IWM"], includeSeries: true });
  assertPlainJson(s);
  for (const sym of ["^RUT", "^GSPC", "^IXIC", "IWM"]) {
    const r = available(s, sym);
    assert.ok(r.drawdowns.top.length >= 5, `${sym}: at least five drawdown episodes`);
    assert.ok(r.calendarYears.rows.length > 10);
    assert.equal(r.series!.underwater.dates.length, r.series!.underwater.values.length);
  }
  assert.equal(available(s, "IWM").basis, "price", "price returns unless total returns are asked for");
  assert.equal(available(s, "IWM").totalReturnAvailable, true);
  const total = snapshot(input, { subjects: ["^RUT", "IWM"], conventions: { returnBasis: "total" }, sections: { symbols: true } });
  assert.equal(available(total, "IWM").basis, "total");
  assert.equal(available(total, "^RUT").basis, "price", "index adjusted closes equal closes: no total return");
  assert.deepEqual(s.caseStudies.map((c) => c.name), ["2007-2009", "2020"]);
  const covid = s.caseStudies[1].rows.find((r) => r.symbol === "^RUT")!;
  assert.equal(covid.trough, "2020-03-18");
  assert.ok(s.leadership.available && s.leadership.regimes.length > 10);
  assert.ok(s.leadLag.available && s.leadLag.crossCorrelation.length === 17);
  assert.ok(s.rates.available && s.rates.policy.available && s.rates.policy.source === "FEDFUNDS");
  assert.ok(s.rates.available && s.rates.sensitivity.available && s.rates.sensitivity.joint.available);
  assert.ok(s.regionalBanks.available);
  assert.ok(s.composition.available && s.composition.comparisons.length === 1);
  assert.deepEqual(s.tracking.map((t) => [t.fund, t.index, t.available]), [["IWM", "^RUT", true], ["SPY", "^GSPC", true]]);
  // Every figure has provenance fields.
  let figures = 0;
  const walk = (x: unknown) => {
    if (x && typeof x === "object") {
      if ("value" in x && "unit" in x) {
        figures++;
        const f = x as unknown as { asOf: unknown; window: unknown; sources: unknown[]; value: unknown; reason?: string };
        assert.ok("asOf" in f && "window" in f && Array.isArray(f.sources) && f.sources.length > 0, JSON.stringify(f));
        if (f.value === null) assert.ok(f.reason, `null figure without reason: ${JSON.stringify(f)}`);
      }
      for (const v of Object.values(x)) walk(v);
    }
  };
  walk(s);
  assert.ok(figures > 500, `${figures} figures`);
});
