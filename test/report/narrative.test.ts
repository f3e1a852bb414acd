// The "what the data says now" rules: a table of rule objects evaluated over measured facts.
// Controlled input series (built here, run through the real snapshot) must produce the expected
// sentences, each citing the figures it rests on; every threshold of every topic is exercised on
// hand-made facts; no rule text phrases a forecast, a cause or advice.
import { test } from "node:test";
import assert from "node:assert/strict";
import { snapshot, type Figure, type MacroInput } from "../../src/core/analytics/index.ts";
import { dayToIso, isoToDay, type BarFrame } from "../../src/model/index.ts";
import { buildFacts, evaluate, MAX_SENTENCES, percentileRank, RULES, type Facts, type Metric } from "../../src/report/index.ts";

/** Weekdays from `start`, n of them, as day numbers. */
function weekdays(start: string, n: number): Int32Array {
  const out: number[] = [];
  let d = isoToDay(start);
  while (out.length < n) {
    const wd = (((d + 4) % 7) + 7) % 7; // 0 = Sunday (1970-01-01 was a Thursday)
    if (wd !== 0 && wd !== 6) out.push(d);
    d++;
  }
  return Int32Array.from(out);
}

function frame(symbol: string, dates: Int32Array, close: Float64Array): BarFrame {
  const n = dates.length;
  return { symbol, dates, open: close, high: close, low: close, close, adjClose: new Float64Array(n).fill(NaN), volume: new Float64Array(n), sources: ["test"] };
}

/** Closes from daily log returns mu ± s (alternating, up on even sessions), s switched to `sEnd` for the last `endSessions`. */
function path(n: number, mu: (i: number) => number, s: number, sEnd: number, endSessions: number): Float64Array {
  const out = new Float64Array(n);
  let x = Math.log(100);
  for (let i = 0; i < n; i++) {
    if (i > 0) {
      const sd = i >= n - endSessions ? sEnd : s;
      x += mu(i) + (i % 2 === 0 ? sd : -sd);
    }
    out[i] = Math.exp(x);
  }
  return out;
}

function macro(id: string, dates: Int32Array, value: (i: number) => number): MacroInput {
  return { id, dates, values: Float64Array.from(dates, (_, i) => value(i)), sources: ["test"] };
}

const NAMES = new Map([
  ["^RUT", "Russell 2000"],
  ["^GSPC", "S&P 500"],
]);

/**
 * Scenario A: thirteen years of weekdays; the S&P 500 drifts up; the Russell 2000 follows it
 * until its last year, then gains an extra 20% and ends on a record close; its daily swings
 * double over the last 63 sessions; the fed funds rate climbs from 1% to 5% over the last two
 * years; the 2-year yield ends above the 10-year; the high-yield spread narrows steadily.
 */
function scenarioA() {
  const n = 13 * 261;
  const dates = weekdays("2000-01-03", n);
  const last = n - 1;
  const gspc = path(n, () => 0.0002, 0.004, 0.004, 63);
  const rut = path(n, (i) => 0.0002 + (i > last - 261 ? Math.log(1.2) / 261 : 0), 0.005, 0.012, 64);
  const hikeFrom = last - 2 * 261;
  const dff = macro("DFF", dates, (i) => (i < hikeFrom ? 1 : 1 + (4 * (i - hikeFrom)) / (last - hikeFrom)));
  const dgs10 = macro("DGS10", dates, () => 2);
  const dgs2 = macro("DGS2", dates, (i) => (i < last - 100 ? 1.5 : 2.5));
  // The spread narrows on trend with level noise from a fixed generator, unrelated to the indices.
  let seed = 7;
  const noise = () => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 0.6;
  const hy = macro("BAMLH0A0HYM2", dates, (i) => (i === last ? 2.7 : 8 - (5 * i) / last + noise()));
  const inputs = { bars: [frame("^RUT", dates, rut), frame("^GSPC", dates, gspc)], macro: [dff, dgs10, dgs2, hy] };
  const asOf = dayToIso(dates[last]);
  const s = snapshot(inputs, { subjects: ["^RUT", "^GSPC"], benchmark: "^GSPC", smallCap: "^RUT", largeCap: "^GSPC", includeSeries: true, to: asOf });
  return { s, inputs, asOf, dates };
}

test("controlled series produce the expected sentences, each citing the snapshot's own figures", () => {
  const { s, inputs, asOf } = scenarioA();
  const facts = buildFacts({ snapshot: s, inputs, smallCap: "^RUT", benchmark: "^GSPC", asOf, names: NAMES });
  const { sentences, skipped } = evaluate(facts);
  const rules = sentences.map((x) => x.rule);
  assert.deepEqual(rules, [
    "growth-ahead",
    "performance-ahead",
    "relative-strength-high",
    "drawdown-at-high",
    "leadlag-small-later",
    "volatility-high",
    "policy-regime",
    "curve-inverted",
    "credit-narrow",
  ]);

  const by = (id: string) => sentences.find((x) => x.rule === id) as (typeof sentences)[number];
  assert.equal(asOf, "2013-01-02");
  assert.equal(by("drawdown-at-high").text, "The Russell 2000's close on 2013-01-02 is its highest in the measured window (since 2000-01-03).");
  assert.equal(by("curve-inverted").text, "On 2013-01-02 the 10-year Treasury yield (2.00%) is below the 2-year (2.50%): the curve is inverted by 0.50 pp.");
  assert.equal(by("credit-narrow").text, "The high-yield credit spread is 2.70% on 2013-01-02, at the 0th percentile of its readings since 2000-01-03: narrower than three quarters of that history.");
  assert.match(by("policy-regime").text, /fed funds rate \(5\.00% on 2013-01-02\), policy has been in a hiking phase since 20\d\d-\d\d-01; over all hiking months/);

  // The performance sentence restates the snapshot's 1-year returns and their difference.
  const rut = s.symbols.find((x) => x.symbol === "^RUT");
  const spx = s.symbols.find((x) => x.symbol === "^GSPC");
  assert.ok(rut?.available && spx?.available);
  const r1 = rut.returns.find((h) => h.horizon === "1Y")?.price.value as number;
  const s1 = spx.returns.find((h) => h.horizon === "1Y")?.price.value as number;
  assert.ok(r1 - s1 > 0.15, `gap ${r1 - s1}`);
  const perf = by("performance-ahead");
  const pct = (x: number) => `${x >= 0 ? "+" : "−"}${Math.abs(x * 100).toFixed(1)}%`;
  assert.equal(
    perf.text,
    `Over the year to 2013-01-02, the Russell 2000 returned ${pct(r1)} (price return) against ${pct(s1)} for the S&P 500: ${Math.abs((r1 - s1) * 100).toFixed(1)} pp ahead.`,
  );
  assert.deepEqual(perf.cites.map((c) => c.key).sort(), ["benchRet1Y", "relRet1Y", "ret1Y"]);
  assert.equal(perf.cites.find((c) => c.key === "ret1Y")?.figure.value, r1);
  for (const c of perf.cites) {
    assert.equal(c.figure.asOf, "2013-01-02");
    assert.ok(c.figure.sources.length > 0, `${c.key} has sources`);
  }
  // Volatility: alternating daily log returns of ±s annualize to about s·√252 (19.0%, 7.9%, 6.3%
  // for s = 0.012, 0.005, 0.004); the drift and the sample deviation of 63 returns raise that a
  // little. Computed independently with numpy over the same closes (std of simple returns, ddof 1,
  // × √252, every 63-return window): ^RUT latest 0.1921772, its window median 0.0800163 (ratio
  // 2.4017), ^GSPC latest 0.0640130 (ratio 3.0022).
  const vol = by("volatility-high");
  assert.match(vol.text, /annualized volatility of 19\.2%, 2\.40× its median 63-session level in the window \(8\.0%\) and 3\.00× that of the S&P 500 \(6\.4%\)\./);
  assert.deepEqual(vol.cites.map((c) => c.key).sort(), ["benchVol63", "relVol63", "vol63", "vol63Median", "volRegime"]);
  // A sentence is never left with an unfilled placeholder; the rules that could not run say why.
  for (const x of sentences) assert.doesNotMatch(x.text, /[{}]|undefined|NaN|n\/a/);
  assert.ok(skipped.some((x) => x.rule === "valuation-lower" && x.reason === "needs peRel"));
  assert.ok(skipped.some((x) => x.rule === "breadth-200-broad" && x.reason === "needs aboveLong"));
});

test("cutting the same series a year earlier changes the sentences: the rules read only what they are given", () => {
  const { inputs, dates } = scenarioA();
  const cut = dates.length - 1 - 2 * 261 - 5; // before the outperformance, the volatility jump and the hikes
  const asOf = dayToIso(dates[cut]);
  const clip = <T extends { dates: Int32Array }>(f: T, cols: (keyof T)[]): T => {
    const out = { ...f };
    for (const c of cols) (out[c] as unknown) = (f[c] as unknown as Float64Array).subarray(0, cut + 1);
    return out;
  };
  const bars = inputs.bars.map((b) => clip(b, ["dates", "open", "high", "low", "close", "adjClose", "volume"]));
  const mac = inputs.macro.map((m) => clip(m, ["dates", "values"]));
  const s = snapshot({ bars, macro: mac }, { subjects: ["^RUT", "^GSPC"], includeSeries: true, to: asOf });
  const facts = buildFacts({ snapshot: s, inputs: { bars, macro: mac }, smallCap: "^RUT", benchmark: "^GSPC", asOf, names: NAMES });
  const rules = evaluate(facts).sentences.map((x) => x.rule);
  assert.ok(rules.includes("performance-even"), rules.join());
  assert.ok(rules.includes("volatility-normal"), rules.join());
  assert.ok(rules.includes("curve-positive"), rules.join());
  assert.equal(facts.labels.regime, "on hold");
});

// ---------------------------------------------------------------------------------------------
// Every threshold on hand-made facts

const prov = { asOf: "2024-06-28", window: { from: "2023-06-28", to: "2024-06-28" }, sources: ["^RUT:test"] };
const m = (value: number, format: Metric["format"] = "pct", label = "x"): Metric => ({ figure: { value, unit: "fraction", ...prov } as Figure, format, label });

function facts(metrics: Record<string, Metric>, labels: Record<string, string> = {}): Facts {
  return {
    metrics,
    labels: { small: "the Russell 2000", Small: "The Russell 2000", bench: "the S&P 500", basis: "price return", windowFrom: "1990-01-02", recordDate: "2021-11-08", rsFrom: "2014-06-30", hyFrom: "1996-12-31", smallFund: "IWM", largeFund: "IVV", rsRatio: "price ratio of the Russell 2000 to the S&P 500", ltRatio: "Russell 2000/S&P 500 price ratio", ...labels },
  };
}

const only = (f: Facts, topic: string) => evaluate(f, RULES.filter((r) => r.topic === topic)).sentences.map((s) => s.rule);

test("each topic's thresholds pick exactly one rule", () => {
  const perf = (x: number) => only(facts({ relRet1Y: m(x, "pp"), ret1Y: m(0.1, "pctSigned"), benchRet1Y: m(0.1 - x, "pctSigned") }), "performance");
  assert.deepEqual([perf(0.05), perf(0.02), perf(0.019), perf(-0.019), perf(-0.02), perf(-0.3)], [["performance-ahead"], ["performance-ahead"], ["performance-even"], ["performance-even"], ["performance-behind"], ["performance-behind"]]);

  const rs = (x: number) => only(facts({ rsPercentile: m(x, "percentile"), rsChange1Y: m(0.01, "pctSigned") }), "relative-strength");
  assert.deepEqual([rs(0.95), rs(0.8), rs(0.5), rs(0.2), rs(0)], [["relative-strength-high"], ["relative-strength-high"], ["relative-strength-middle"], ["relative-strength-low"], ["relative-strength-low"]]);

  const dd = (x: number) => only(facts({ ddCurrent: m(x, "pctSigned") }), "drawdown")[0];
  assert.deepEqual([dd(0), dd(-0.01), dd(-0.05), dd(-0.099), dd(-0.1), dd(-0.199), dd(-0.2), dd(-0.6)], [
    "drawdown-at-high",
    "drawdown-near-high",
    "drawdown-pullback",
    "drawdown-pullback",
    "drawdown-correction",
    "drawdown-correction",
    "drawdown-bear",
    "drawdown-bear",
  ]);

  const vol = (x: number) => only(facts({ volRegime: m(x, "ratio"), vol63: m(0.2), vol63Median: m(0.2 / x), relVol63: m(1.3, "ratio"), benchVol63: m(0.15) }), "volatility")[0];
  assert.deepEqual([vol(2), vol(1.25), vol(1.1), vol(0.81), vol(0.8), vol(0.5)], ["volatility-high", "volatility-high", "volatility-normal", "volatility-normal", "volatility-low", "volatility-low"]);

  const curve = (x: number) => only(facts({ curve: m(x, "points"), dgs10: m(4, "rate"), dgs2: m(4 - x, "rate") }), "curve")[0];
  assert.deepEqual([curve(-0.5), curve(0), curve(1)], ["curve-inverted", "curve-positive", "curve-positive"]);

  const credit = (x: number) => only(facts({ hyPct: m(x, "percentile"), hy: m(4, "rate") }), "credit")[0];
  assert.deepEqual([credit(0.1), credit(0.25), credit(0.5), credit(0.75), credit(0.99)], ["credit-narrow", "credit-narrow", "credit-middle", "credit-wide", "credit-wide"]);

  const sens = (t: number) => only(facts({ hyT: m(t, "num2"), hyBeta: m(-0.01, "num3"), hyR2: m(0.05, "num2") }), "credit-sensitivity");
  assert.deepEqual([sens(-11), sens(-2.9), sens(0), sens(2.9), sens(3)], [["credit-sensitivity-negative"], [], [], [], ["credit-sensitivity-positive"]]);

  const val = (x: number) => only(facts({ peRel: m(x, "ratio"), peSmall: m(27 * x, "num2"), peLarge: m(27, "num2") }), "valuation")[0];
  assert.deepEqual([val(0.6), val(0.9), val(1), val(1.1), val(1.6)], ["valuation-lower", "valuation-lower", "valuation-similar", "valuation-higher", "valuation-higher"]);

  const breadth = (x: number | null, short = 0.55) => only(facts({ ...(x === null ? {} : { aboveLong: m(x) }), aboveShort: m(short) }), "breadth")[0];
  assert.deepEqual([breadth(0.7), breadth(0.6), breadth(0.5), breadth(0.4), breadth(0.1), breadth(null)], ["breadth-200-broad", "breadth-200-broad", "breadth-200-mixed", "breadth-200-narrow", "breadth-200-narrow", "breadth-50"]);

  const growth = (x: number) => only(facts({ cagrGap: m(x, "pp"), cagrSmall: m(0.08), cagrBench: m(0.08 - x) }, { windowText: "From 1990-01-02 to 2023-12-21" }), "growth")[0];
  assert.deepEqual([growth(0.02), growth(0.005), growth(0.004), growth(-0.004), growth(-0.005), growth(-0.03)], ["growth-ahead", "growth-ahead", "growth-even", "growth-even", "growth-behind", "growth-behind"]);

  const ll = (share: number) => only(facts({ llSmallShare: m(share), llMatched: m(12, "num0"), llSmallFirst: m(Math.round(12 * share), "num0"), llMedianLead: m(5, "days"), llCorr0: m(0.86, "num2") }, { llFrom: "1990-01-12" }), "lead-lag")[0];
  assert.deepEqual([ll(1), ll(0.67), ll(0.5), ll(0.34), ll(0.33), ll(0)], ["leadlag-small-first", "leadlag-small-first", "leadlag-mixed", "leadlag-mixed", "leadlag-small-later", "leadlag-small-later"]);

  const crash = (depth: number, bench: number | null) =>
    only(facts({ crashADepth: m(depth, "pctSigned"), ...(bench === null ? {} : { crashABenchDepth: m(bench, "pctSigned") }) }, { crashAName: "2020 pandemic crash", crashAPeak: "2020-01-16", crashATrough: "2020-03-18", crashARecovery: "regained its peak on 2020-11-10", crashABenchRecovery: "regained its own on 2020-08-18" }), "crash-a");
  assert.deepEqual([crash(-0.42, -0.34), crash(-0.42, null), crash(0, -0.1)], [["crash-a"], [], []]);

  const policy = (regime: string | undefined) =>
    only(facts({ fedFunds: m(5.33, "rate"), regimeRetSmall: m(0.05, "pctSigned"), regimeRetBench: m(0.07, "pctSigned") }, regime ? { regime, regimePhase: "a hiking phase", regimeAdj: regime, regimeSince: "2022-03-01" } : {}), "rates");
  assert.deepEqual([policy("hiking"), policy("on hold"), policy("easing"), policy(undefined)], [["policy-regime"], ["policy-regime"], ["policy-regime"], []]);
});

test("missing facts skip a rule with the reason; at most twelve sentences, one per topic, in table order", () => {
  const none = evaluate(facts({}));
  assert.equal(none.sentences.length, 0);
  assert.ok(none.skipped.every((s) => /^needs /.test(s.reason)), JSON.stringify(none.skipped.slice(0, 3)));
  // A text naming a fact that is absent (rsChange1Y) does not produce a half-filled sentence.
  const partial = evaluate(facts({ rsPercentile: m(0.9, "percentile") }), RULES.filter((r) => r.topic === "relative-strength"));
  assert.deepEqual(partial.sentences, []);
  assert.deepEqual(partial.skipped[0], { rule: "relative-strength-high", reason: "needs rsChange1Y" });

  const all = facts(
    {
      cagrGap: m(-0.01, "pp"), cagrSmall: m(0.07), cagrBench: m(0.08),
      relRet1Y: m(0.05, "pp"), ret1Y: m(0.1, "pctSigned"), benchRet1Y: m(0.05, "pctSigned"),
      rsPercentile: m(0.9, "percentile"), rsChange1Y: m(0.1, "pctSigned"),
      ddCurrent: m(-0.04, "pctSigned"),
      volRegime: m(1, "ratio"), vol63: m(0.2), vol63Median: m(0.2), relVol63: m(1.3, "ratio"), benchVol63: m(0.15),
      fedFunds: m(5.33, "rate"), regimeRetSmall: m(0.05, "pctSigned"), regimeRetBench: m(0.07, "pctSigned"),
      curve: m(0.5, "points"), dgs10: m(4.5, "rate"), dgs2: m(4, "rate"),
      hy: m(4, "rate"), hyPct: m(0.5, "percentile"),
      hyT: m(-5, "num2"), hyBeta: m(-0.01, "num3"), hyR2: m(0.05, "num2"),
      peRel: m(1.5, "ratio"), peSmall: m(27, "num2"), peLarge: m(18, "num2"),
      aboveLong: m(0.5), aboveShort: m(0.5),
    },
    { regime: "on hold", regimePhase: "an on-hold phase", regimeAdj: "on-hold", regimeSince: "2023-09-01", windowText: "From 1990-01-02 to 2023-12-21" },
  );
  // Eleven topics have facts: eleven sentences; with lead/lag facts too, twelve, the limit.
  const out = evaluate(all);
  assert.deepEqual(
    out.sentences.map((s) => s.topic),
    ["growth", "performance", "relative-strength", "drawdown", "volatility", "rates", "curve", "credit", "credit-sensitivity", "valuation", "breadth"],
  );
  const full = evaluate({ ...all, metrics: { ...all.metrics, llSmallShare: m(0.5), llMatched: m(12, "num0"), llSmallFirst: m(6, "num0"), llCorr0: m(0.86, "num2") }, labels: { ...all.labels, llFrom: "1990-01-12" } });
  assert.equal(full.sentences.length, MAX_SENTENCES);
  assert.equal(evaluate(all, RULES, 5).sentences.length, 5);
  assert.ok(evaluate(all, RULES, 5).skipped.some((s) => s.reason === "more than 5 sentences"));
  // Citations carry the figure with its provenance, formatted as in the sentence.
  const rs = out.sentences[2];
  assert.deepEqual(rs.cites.map((c) => [c.key, c.text]), [["rsPercentile", "90th"], ["rsChange1Y", "+10.0%"]]);
  assert.deepEqual(rs.cites[0].figure.sources, ["^RUT:test"]);
  assert.equal(rs.synthetic, false);
  const demo = evaluate(facts({ ddCurrent: { ...m(-0.04, "pctSigned"), figure: { ...m(-0.04).figure, sources: ["^RUT:demo"] } } }));
  assert.equal(demo.sentences[0].synthetic, true);
});

test("rule texts measure: no forecasts, causes or advice; every rule has conditions and a unique id", () => {
  const ids = new Set<string>();
  for (const r of RULES) {
    assert.ok(!ids.has(r.id), `duplicate rule id ${r.id}`);
    ids.add(r.id);
    assert.ok(r.when.length > 0, `${r.id} has conditions`);
    assert.doesNotMatch(r.text, /\b(will|would|should|expect\w*|likely|forecast\w*|predict\w*|because|due to|buy|sell|recommend\w*|cheap|expensive|opportunity|bullish|bearish)\b/i, r.id);
  }
});

test("percentileRank counts ties as half and ignores non-finite values", () => {
  assert.equal(percentileRank([1, 2, 3, 4], 4), 0.875);
  assert.equal(percentileRank([1, 2, 3, 4], 0), 0);
  assert.equal(percentileRank([1, NaN, 3], 2), 0.5);
  assert.ok(Number.isNaN(percentileRank([], 1)));
});
