// The window rule (src/core/analytics/window.ts) and the one measurement path (measure.ts) on
// controlled series built here: every expected date is read off the series by hand.
import { test } from "node:test";
import assert from "node:assert/strict";
import { clipInputs, measure, resolveWindow, WindowError, type SnapshotInputs, type SymbolReport } from "../../src/core/analytics/index.ts";
import { dayToIso, isoToDay, type BarFrame } from "../../src/model/index.ts";

/** Weekdays from `start` to `end` inclusive, as day numbers. */
function weekdays(start: string, end: string): Int32Array {
  const out: number[] = [];
  for (let d = isoToDay(start); d <= isoToDay(end); d++) {
    const wd = (((d + 4) % 7) + 7) % 7; // 0 = Sunday
    if (wd !== 0 && wd !== 6) out.push(d);
  }
  return Int32Array.from(out);
}

function bars(symbol: string, dates: Int32Array, close: (i: number) => number): BarFrame {
  const c = Float64Array.from(dates, (_, i) => close(i));
  return { symbol, dates, open: c, high: c, low: c, close: c, adjClose: new Float64Array(dates.length).fill(NaN), volume: new Float64Array(dates.length), sources: ["test"] };
}

// A from Monday 2024-01-01 to Friday 2024-03-29; B from Wednesday 2024-01-10 to Friday 2024-04-12;
// C from Thursday 2024-01-04 to Friday 2024-03-15. Common: 2024-01-10 (B's first) to 2024-03-15 (C's last).
const A = bars("A", weekdays("2024-01-01", "2024-03-29"), (i) => 100 + i);
const B = bars("B", weekdays("2024-01-10", "2024-04-12"), (i) => 50 + i / 2);
const C = bars("C", weekdays("2024-01-04", "2024-03-15"), (i) => 10 * 1.001 ** i);
const series = [A, B, C].map((b) => ({ id: b.symbol, dates: b.dates }));

test("the common span: latest first close to earliest last close, and who set each edge", () => {
  const w = resolveWindow(series);
  assert.equal(w.mode, "common");
  assert.equal(w.firstClose, "2024-01-10");
  assert.equal(w.lastClose, "2024-03-15");
  // The snapshot counts returns from the day after the common first close, so that close is every series' base.
  assert.equal(w.from, "2024-01-11");
  assert.equal(w.to, "2024-03-15");
  assert.deepEqual([w.startSetBy, w.endSetBy], [["B"], ["C"]]);
  assert.equal(w.text, "2024-01-10 to 2024-03-15, common to A, B, C");
  assert.equal(w.clipped, false);
  assert.equal(w.strictEnd, false);
});

test("a user window inside the span is kept; one reaching outside is clipped and says so", () => {
  const inside = resolveWindow(series, { from: "2024-02-01", to: "2024-02-29" });
  assert.equal(inside.from, "2024-02-01");
  assert.equal(inside.to, "2024-02-29");
  assert.equal(inside.firstClose, "2024-01-31", "the base: the last close before the first return day");
  assert.equal(inside.text, "2024-01-31 to 2024-02-29, as requested, within the span common to A, B, C");
  assert.equal(inside.strictEnd, true);

  const wide = resolveWindow(series, { from: "2023-06-01", to: "2024-12-31" });
  assert.equal(wide.clipped, true);
  assert.equal(wide.from, "2024-01-11");
  assert.equal(wide.to, "2024-03-15");
  assert.equal(wide.text, "2024-01-10 to 2024-03-15, requested 2023-06-01 to 2024-12-31, clipped to the span common to A, B, C");

  // A weekend end date: the last close on or before it.
  assert.equal(resolveWindow(series, { to: "2024-03-10" }).lastClose, "2024-03-08");
});

test("windows the series cannot fill are refused with the span they share", () => {
  assert.throws(() => resolveWindow(series, { from: "2024-05-01" }), (e: Error) => e instanceof WindowError && /their common span is 2024-01-10 to 2024-03-15$/.test(e.message));
  assert.throws(() => resolveWindow(series, { from: "2024-03-01", to: "2024-02-01" }), /from 2024-03-01 is after to 2024-02-01/);
  const late = bars("L", weekdays("2024-06-03", "2024-06-28"), () => 1);
  assert.throws(() => resolveWindow([...series, { id: "L", dates: late.dates }]), /share no dates: C ends 2024-03-15, before L starts 2024-06-03/);
});

test("full history on request; one series is its own span; no series at all is not an error", () => {
  const full = resolveWindow(series, { mode: "full", to: "2024-03-01" });
  assert.equal(full.from, undefined);
  assert.equal(full.to, "2024-03-01");
  assert.equal(full.text, "each series' full history, limited to its start to 2024-03-01");
  const one = resolveWindow([series[0]]);
  assert.equal(one.from, undefined);
  assert.equal(one.text, "2024-01-01 to 2024-03-29, A's full stored history");
  assert.equal(resolveWindow([]).text, "no price series stored");
});

test("measure: every compared series over the same closes, nothing after the window's end read", () => {
  const inputs: SnapshotInputs = { bars: [A, B, C] };
  const m = measure(inputs, { compared: ["A", "B"], benchmark: "C" });
  assert.equal(m.window.text, "2024-01-10 to 2024-03-15, common to A, B, C", "the benchmark takes part in the window");
  for (const r of m.snapshot.symbols) {
    assert.ok(r.available);
    assert.deepEqual((r as SymbolReport).window, { from: "2024-01-10", to: "2024-03-15" }, r.symbol);
  }
  for (const b of m.inputs.bars) assert.ok(dayToIso(b.dates[b.dates.length - 1]) <= "2024-03-15", b.symbol);
  // Growth of A over the window, by hand: closes 100 + i on weekday i; 2024-01-10 is weekday 7, 2024-03-15 weekday 54.
  const a = m.snapshot.symbols.find((r) => r.symbol === "A") as SymbolReport;
  assert.equal(a.firstClose.value, 107);
  assert.equal(a.lastClose.value, 154);
  assert.equal(a.basis, "price");
  const days = isoToDay("2024-03-15") - isoToDay("2024-01-10");
  assert.equal(a.cagr.price.value, (154 / 107) ** (365.25 / days) - 1);
  // Asked for each series' full history, A keeps its own start and end.
  const full = measure(inputs, { compared: ["A", "B"], benchmark: "C", mode: "full" });
  assert.deepEqual((full.snapshot.symbols[0] as SymbolReport).window, { from: "2024-01-01", to: "2024-03-29" });
});

test("clipInputs keeps holdings dated after the end only when the end was not asked for", () => {
  const holdings = [{ fund: "F", asOf: "2024-06-30", rows: [] }];
  assert.equal(clipInputs({ bars: [A], holdings }, "2024-03-01", false).holdings?.length, 1);
  assert.equal(clipInputs({ bars: [A], holdings }, "2024-03-01", true).holdings?.length, 0);
});

test("a window ending on a Tuesday: weekly figures and policy regimes end that Tuesday, not the Friday after", () => {
  const dates = weekdays("2019-01-01", "2024-03-12"); // 2024-03-12 is a Tuesday
  const small = bars("^RUT", dates, (i) => 100 * Math.exp(0.0003 * i + 0.01 * Math.sin(i / 7)));
  const large = bars("^GSPC", dates, (i) => 200 * Math.exp(0.0002 * i + 0.008 * Math.sin(i / 5)));
  const rate = (id: string, f: (i: number) => number) => ({ id, dates, values: Float64Array.from(dates, (_, i) => f(i)), sources: ["test"] });
  const macro = [rate("DGS2", (i) => 2 + Math.sin(i / 40)), rate("DGS10", (i) => 3 + Math.cos(i / 50)), rate("BAMLH0A0HYM2", (i) => 4 + Math.sin(i / 30)), rate("DFF", (i) => (i < 600 ? 1 : 1 + (i - 600) / 200))];
  const m = measure({ bars: [small, large], macro }, { compared: ["^RUT", "^GSPC"], options: { sections: { leadLag: true, rates: true, symbols: false, pairs: false } } });
  assert.equal(m.window.lastClose, "2024-03-12");
  const ll = m.snapshot.leadLag;
  assert.ok(ll.available);
  assert.equal(ll.window.to, "2024-03-12");
  const r = m.snapshot.rates;
  assert.ok(r.available && r.sensitivity.available);
  assert.equal(r.sensitivity.window.to, "2024-03-12");
  for (const row of r.sensitivity.rows) {
    assert.ok(row.available);
    assert.equal(row.beta?.asOf, "2024-03-12", row.series);
    assert.equal(row.beta?.window?.to, "2024-03-12");
  }
  assert.ok(r.policy.available);
  assert.equal(r.policy.periods.at(-1)?.to, "2024-03-12", "the last regime ends with the data, not at the month's end");
});

test("leadership on the total basis: the funds tracking price indices stand in for them, and say so", () => {
  const dates = weekdays("2020-01-01", "2023-12-29");
  const idx = (s: string, g: number) => bars(s, dates, (i) => 100 * Math.exp(g * i + 0.02 * Math.sin(i / 15)));
  const fund = (s: string, g: number) => {
    const b = idx(s, g);
    // Adjusted closes: the closes plus a dividend yield of 1.5% a year reinvested.
    return { ...b, adjClose: Float64Array.from(b.close, (c, i) => c * Math.exp((0.015 / 252) * i)) };
  };
  const inputs: SnapshotInputs = { bars: [idx("^RUT", 0.0003), idx("^GSPC", 0.0004), fund("IWM", 0.0003), fund("SPY", 0.0004)] };
  const price = measure(inputs, { compared: ["^RUT", "^GSPC"], options: { sections: { leadership: true, symbols: false, pairs: false } } }).snapshot.leadership;
  assert.ok(price.available);
  assert.deepEqual([price.small, price.large, price.basis, price.standsFor], ["^RUT", "^GSPC", "price", undefined]);
  const total = measure(inputs, { compared: ["^RUT", "^GSPC"], basis: "total", options: { sections: { leadership: true, symbols: false, pairs: false } } }).snapshot.leadership;
  assert.ok(total.available);
  assert.deepEqual([total.small, total.large, total.basis, total.standsFor], ["IWM", "SPY", "total", { small: "^RUT", large: "^GSPC" }]);
  // Both funds reinvest the same yield, so their total-return ratio equals the price ratio of the indices.
  assert.ok(Math.abs((total.ratio.latest.value as number) - (price.ratio.latest.value as number)) < 1e-12);
});
