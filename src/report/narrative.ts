/**
 * "What the data says now": sentences produced by explicit rules over measured facts.
 *
 * Rules are data (RULES below). A rule fires when every condition holds and every fact its text
 * names is present; within a topic the first rule that fires wins, so each topic says one thing.
 * A sentence cites every metric its conditions and text use, with the figure's as-of date and
 * sources. The texts restate measurements ("returned", "stands at the 85th percentile of its
 * readings since ..."); they make no forecast, give no reason why, and recommend nothing.
 *
 * Text placeholders: `{key}` is a metric (formatted by its format) or a label; `{key|abs}` the
 * metric's magnitude; `{key.asOf}` / `{key.from}` its as-of date / window start.
 */
import type { Citations } from "./citations.ts";
import { formatValue, isSynthetic } from "./format.ts";
import type { Facts, Metric } from "./facts.ts";
import type { Citation, Sentence } from "./types.ts";

export type Condition =
  | { metric: string; op: "<" | "<=" | ">" | ">="; value: number }
  | { label: string; in: string[] };

export interface NarrativeRule {
  id: string;
  topic: string;
  when: Condition[];
  text: string;
}

export const CAVEAT =
  "Measurement, not advice: each sentence restates figures computed from the stored data, which describe the past. None of them is a forecast, an explanation of causes or a recommendation to buy or sell anything.";

export const MAX_SENTENCES = 12;

export const RULES: readonly NarrativeRule[] = [
  // Growth over the whole measured window against the benchmark.
  {
    id: "growth-ahead",
    topic: "growth",
    when: [{ metric: "cagrGap", op: ">=", value: 0.005 }],
    text: "{windowText}, {small} grew {cagrSmall} a year ({basis}) against {cagrBench} for {bench}: {cagrGap|abs} a year more.",
  },
  {
    id: "growth-behind",
    topic: "growth",
    when: [{ metric: "cagrGap", op: "<=", value: -0.005 }],
    text: "{windowText}, {small} grew {cagrSmall} a year ({basis}) against {cagrBench} for {bench}: {cagrGap|abs} a year less.",
  },
  {
    id: "growth-even",
    topic: "growth",
    when: [
      { metric: "cagrGap", op: ">", value: -0.005 },
      { metric: "cagrGap", op: "<", value: 0.005 },
    ],
    text: "{windowText}, {small} grew {cagrSmall} a year ({basis}) and {bench} {cagrBench}, within half a percentage point a year of each other.",
  },
  // Performance over the last year against the benchmark.
  {
    id: "performance-ahead",
    topic: "performance",
    when: [{ metric: "relRet1Y", op: ">=", value: 0.02 }],
    text: "Over the year to {ret1Y.asOf}, {small} returned {ret1Y} ({basis}) against {benchRet1Y} for {bench}: {relRet1Y|abs} ahead.",
  },
  {
    id: "performance-behind",
    topic: "performance",
    when: [{ metric: "relRet1Y", op: "<=", value: -0.02 }],
    text: "Over the year to {ret1Y.asOf}, {small} returned {ret1Y} ({basis}) against {benchRet1Y} for {bench}: {relRet1Y|abs} behind.",
  },
  {
    id: "performance-even",
    topic: "performance",
    when: [
      { metric: "relRet1Y", op: ">", value: -0.02 },
      { metric: "relRet1Y", op: "<", value: 0.02 },
    ],
    text: "Over the year to {ret1Y.asOf}, {small} returned {ret1Y} ({basis}) and {bench} {benchRet1Y}, within 2 percentage points of each other.",
  },
  // Relative strength: where the small/large price ratio stands in its last ten years.
  {
    id: "relative-strength-high",
    topic: "relative-strength",
    when: [{ metric: "rsPercentile", op: ">=", value: 0.8 }],
    text: "The {rsRatio} stands at the {rsPercentile} percentile of its daily readings since {rsFrom}, in the top fifth of that range; it changed {rsChange1Y} over the last year.",
  },
  {
    id: "relative-strength-low",
    topic: "relative-strength",
    when: [{ metric: "rsPercentile", op: "<=", value: 0.2 }],
    text: "The {rsRatio} stands at the {rsPercentile} percentile of its daily readings since {rsFrom}, in the bottom fifth of that range; it changed {rsChange1Y} over the last year.",
  },
  {
    id: "relative-strength-middle",
    topic: "relative-strength",
    when: [
      { metric: "rsPercentile", op: ">", value: 0.2 },
      { metric: "rsPercentile", op: "<", value: 0.8 },
    ],
    text: "The {rsRatio} stands at the {rsPercentile} percentile of its daily readings since {rsFrom}, between the bottom and top fifths of that range; it changed {rsChange1Y} over the last year.",
  },
  // Drawdown from the highest close of the measured window.
  {
    id: "drawdown-at-high",
    topic: "drawdown",
    when: [{ metric: "ddCurrent", op: ">=", value: 0 }],
    text: "{Small}'s close on {ddCurrent.asOf} is its highest in the measured window (since {windowFrom}).",
  },
  {
    id: "drawdown-near-high",
    topic: "drawdown",
    when: [
      { metric: "ddCurrent", op: "<", value: 0 },
      { metric: "ddCurrent", op: ">", value: -0.05 },
    ],
    text: "{Small} closed {ddCurrent|abs} below its highest close of the measured window ({recordDate}), within 5% of it.",
  },
  {
    id: "drawdown-pullback",
    topic: "drawdown",
    when: [
      { metric: "ddCurrent", op: "<=", value: -0.05 },
      { metric: "ddCurrent", op: ">", value: -0.1 },
    ],
    text: "{Small} closed {ddCurrent|abs} below its highest close of the measured window ({recordDate}), less than the 10% decline conventionally called a correction.",
  },
  {
    id: "drawdown-correction",
    topic: "drawdown",
    when: [
      { metric: "ddCurrent", op: "<=", value: -0.1 },
      { metric: "ddCurrent", op: ">", value: -0.2 },
    ],
    text: "{Small} closed {ddCurrent|abs} below its highest close of the measured window ({recordDate}), between the 10% and 20% declines conventionally called a correction and a bear market.",
  },
  {
    id: "drawdown-bear",
    topic: "drawdown",
    when: [{ metric: "ddCurrent", op: "<=", value: -0.2 }],
    text: "{Small} closed {ddCurrent|abs} below its highest close of the measured window ({recordDate}), more than the 20% decline conventionally called a bear market.",
  },
  // Crashes: the case studies inside the window, small caps against the benchmark.
  {
    id: "crash-a",
    topic: "crash-a",
    when: [{ metric: "crashADepth", op: "<", value: 0 }, { metric: "crashABenchDepth", op: "<", value: 0 }],
    text: "In the {crashAName}, {small} fell {crashADepth|abs} from its {crashAPeak} peak to {crashATrough} and {crashARecovery}; {bench} fell {crashABenchDepth|abs} and {crashABenchRecovery}.",
  },
  {
    id: "crash-b",
    topic: "crash-b",
    when: [{ metric: "crashBDepth", op: "<", value: 0 }, { metric: "crashBBenchDepth", op: "<", value: 0 }],
    text: "In the {crashBName}, {small} fell {crashBDepth|abs} from its {crashBPeak} peak to {crashBTrough} and {crashBRecovery}; {bench} fell {crashBBenchDepth|abs} and {crashBBenchRecovery}.",
  },
  // Leadership turns: the latest turn of the small/large ratio and the count of swings.
  {
    id: "leadership-turn",
    topic: "leadership-turn",
    when: [{ metric: "ltTotal", op: ">=", value: 1 }],
    text: "The {ltRatio} last turned on {ltFrom}: {ltLeader} have led since, the ratio moving {ltChange}{ltSoFar}; since {ltSince}, {ltSmallCount} of its {ltTotal} confirmed swings of {ltSwing} or more were led by small caps.",
  },
  // Lead/lag at turning points.
  {
    id: "leadlag-small-first",
    topic: "lead-lag",
    when: [{ metric: "llSmallShare", op: ">=", value: 0.67 }],
    text: "At {llMatched} turning points of {bench} since {llFrom} with a matching turn of {small}, {small} turned first {llSmallFirst} times (median lead {llMedianLead}); week to week the two move together (same-week correlation {llCorr0}).",
  },
  {
    id: "leadlag-small-later",
    topic: "lead-lag",
    when: [{ metric: "llSmallShare", op: "<=", value: 0.33 }],
    text: "At {llMatched} turning points of {bench} since {llFrom} with a matching turn of {small}, {small} turned first only {llSmallFirst} times (median lead {llMedianLead}); week to week the two move together (same-week correlation {llCorr0}).",
  },
  {
    id: "leadlag-mixed",
    topic: "lead-lag",
    when: [
      { metric: "llSmallShare", op: ">", value: 0.33 },
      { metric: "llSmallShare", op: "<", value: 0.67 },
    ],
    text: "At {llMatched} turning points of {bench} since {llFrom} with a matching turn of {small}, {small} turned first {llSmallFirst} times, so neither index consistently leads; week to week the two move together (same-week correlation {llCorr0}).",
  },
  // Volatility now against its own median and against the benchmark.
  {
    id: "volatility-high",
    topic: "volatility",
    when: [{ metric: "volRegime", op: ">=", value: 1.25 }],
    text: "Over the last 63 sessions {small} moved with an annualized volatility of {vol63}, {volRegime} its median 63-session level in the window ({vol63Median}) and {relVol63} that of {bench} ({benchVol63}).",
  },
  {
    id: "volatility-low",
    topic: "volatility",
    when: [{ metric: "volRegime", op: "<=", value: 0.8 }],
    text: "Over the last 63 sessions {small} moved with an annualized volatility of {vol63}, only {volRegime} its median 63-session level in the window ({vol63Median}), and {relVol63} that of {bench} ({benchVol63}).",
  },
  {
    id: "volatility-normal",
    topic: "volatility",
    when: [
      { metric: "volRegime", op: ">", value: 0.8 },
      { metric: "volRegime", op: "<", value: 1.25 },
    ],
    text: "Over the last 63 sessions {small} moved with an annualized volatility of {vol63}, near its median 63-session level in the window ({vol63Median}), and {relVol63} that of {bench} ({benchVol63}).",
  },
  // Monetary policy regime and how the indices did in past months of the same regime.
  {
    id: "policy-regime",
    topic: "rates",
    when: [{ label: "regime", in: ["hiking", "easing", "on hold"] }],
    text: "By r2k's rule on the fed funds rate ({fedFunds} on {fedFunds.asOf}), policy has been in {regimePhase} since {regimeSince}; over all {regimeAdj} months in the stored history, {small} returned {regimeRetSmall} a year and {bench} {regimeRetBench}.",
  },
  // Yield curve.
  {
    id: "curve-inverted",
    topic: "curve",
    when: [{ metric: "curve", op: "<", value: 0 }],
    text: "On {curve.asOf} the 10-year Treasury yield ({dgs10}) is below the 2-year ({dgs2}): the curve is inverted by {curve|abs}.",
  },
  {
    id: "curve-positive",
    topic: "curve",
    when: [{ metric: "curve", op: ">=", value: 0 }],
    text: "On {curve.asOf} the 10-year Treasury yield ({dgs10}) is above the 2-year ({dgs2}) by {curve|abs}.",
  },
  // Credit: the high-yield spread against its own history.
  {
    id: "credit-narrow",
    topic: "credit",
    when: [{ metric: "hyPct", op: "<=", value: 0.25 }],
    text: "The high-yield credit spread is {hy} on {hy.asOf}, at the {hyPct} percentile of its readings since {hyFrom}: narrower than three quarters of that history.",
  },
  {
    id: "credit-wide",
    topic: "credit",
    when: [{ metric: "hyPct", op: ">=", value: 0.75 }],
    text: "The high-yield credit spread is {hy} on {hy.asOf}, at the {hyPct} percentile of its readings since {hyFrom}: wider than three quarters of that history.",
  },
  {
    id: "credit-middle",
    topic: "credit",
    when: [
      { metric: "hyPct", op: ">", value: 0.25 },
      { metric: "hyPct", op: "<", value: 0.75 },
    ],
    text: "The high-yield credit spread is {hy} on {hy.asOf}, at the {hyPct} percentile of its readings since {hyFrom}, inside the middle half of that history.",
  },
  // Credit sensitivity, only when the measured relation is clearly distinguishable from zero.
  {
    id: "credit-sensitivity-negative",
    topic: "credit-sensitivity",
    when: [{ metric: "hyT", op: "<=", value: -3 }],
    text: "In weekly data since {hyBeta.from}, each 1 pp rise in the high-yield spread went with {small} trailing {bench} by {hyBeta|abs} more that week (t = {hyT}, R² {hyR2}).",
  },
  {
    id: "credit-sensitivity-positive",
    topic: "credit-sensitivity",
    when: [{ metric: "hyT", op: ">=", value: 3 }],
    text: "In weekly data since {hyBeta.from}, each 1 pp rise in the high-yield spread went with {small} beating {bench} by {hyBeta|abs} more that week (t = {hyT}, R² {hyR2}).",
  },
  // Valuation of the small-cap fund's holdings against a large-cap fund's.
  {
    id: "valuation-lower",
    topic: "valuation",
    when: [{ metric: "peRel", op: "<=", value: 0.9 }],
    text: "Weighted by holdings, {smallFund}'s price/earnings ratio is {peSmall} against {peLarge} for {largeFund}: a ratio of {peRel}, lower by more than 10%.",
  },
  {
    id: "valuation-higher",
    topic: "valuation",
    when: [{ metric: "peRel", op: ">=", value: 1.1 }],
    text: "Weighted by holdings, {smallFund}'s price/earnings ratio is {peSmall} against {peLarge} for {largeFund}: a ratio of {peRel}, higher by more than 10%.",
  },
  {
    id: "valuation-similar",
    topic: "valuation",
    when: [
      { metric: "peRel", op: ">", value: 0.9 },
      { metric: "peRel", op: "<", value: 1.1 },
    ],
    text: "Weighted by holdings, {smallFund}'s price/earnings ratio is {peSmall} against {peLarge} for {largeFund}, within 10% of each other.",
  },
  // Breadth: how many constituents are above their moving averages (200-day first, else 50-day).
  {
    id: "breadth-200-broad",
    topic: "breadth",
    when: [{ metric: "aboveLong", op: ">=", value: 0.6 }],
    text: "On {aboveLong.asOf}, {aboveLong} of {smallFund}'s constituents closed above their 200-day average, a majority of at least 60%.",
  },
  {
    id: "breadth-200-narrow",
    topic: "breadth",
    when: [{ metric: "aboveLong", op: "<=", value: 0.4 }],
    text: "On {aboveLong.asOf}, {aboveLong} of {smallFund}'s constituents closed above their 200-day average, 40% or fewer.",
  },
  {
    id: "breadth-200-mixed",
    topic: "breadth",
    when: [
      { metric: "aboveLong", op: ">", value: 0.4 },
      { metric: "aboveLong", op: "<", value: 0.6 },
    ],
    text: "On {aboveLong.asOf}, {aboveLong} of {smallFund}'s constituents closed above their 200-day average, between 40% and 60%.",
  },
  {
    id: "breadth-50",
    topic: "breadth",
    when: [{ metric: "aboveShort", op: ">=", value: 0 }],
    text: "On {aboveShort.asOf}, {aboveShort} of {smallFund}'s constituents closed above their 50-day average (too little constituent history for the 200-day figure).",
  },
];

const PLACEHOLDER = /\{([A-Za-z0-9]+)(?:\.(asOf|from))?(?:\|(abs))?\}/g;

function holds(c: Condition, facts: Facts): boolean | string {
  if ("label" in c) {
    const v = facts.labels[c.label];
    if (v === undefined) return `needs ${c.label}`;
    return c.in.includes(v);
  }
  const m = facts.metrics[c.metric];
  if (!m || m.figure.value === null) return `needs ${c.metric}`;
  const x = m.figure.value;
  switch (c.op) {
    case "<":
      return x < c.value;
    case "<=":
      return x <= c.value;
    case ">":
      return x > c.value;
    case ">=":
      return x >= c.value;
  }
}

function fill(text: string, facts: Facts, used: Set<string>): string | { missing: string } {
  let missing: string | null = null;
  const out = text.replace(PLACEHOLDER, (_all, key: string, part: string | undefined, mod: string | undefined) => {
    const m: Metric | undefined = facts.metrics[key];
    if (m) {
      used.add(key);
      if (part === "asOf") return m.figure.asOf ?? "?";
      if (part === "from") return m.figure.window?.from ?? "?";
      const v = m.figure.value;
      if (mod === "abs" && v !== null) return formatValue(Math.abs(v), m.format === "pctSigned" ? "pct" : m.format === "pp" ? "ppAbs" : m.format, m.digits).replace(/^[+−-]/, "");
      return formatValue(v, m.format, m.digits);
    }
    const l = facts.labels[key];
    if (l !== undefined && part === undefined) return l;
    missing ??= key;
    return "";
  });
  return missing === null ? out : { missing };
}

/** The sentences the rules produce for these facts, at most `max`, plus why the others did not fire. */
export function evaluate(
  facts: Facts,
  rules: readonly NarrativeRule[] = RULES,
  max = MAX_SENTENCES,
  citations?: Citations,
): { sentences: Sentence[]; skipped: { rule: string; reason: string }[] } {
  const sentences: Sentence[] = [];
  const skipped: { rule: string; reason: string }[] = [];
  const done = new Set<string>();
  for (const rule of rules) {
    if (done.has(rule.topic)) continue;
    let reason: string | null = null;
    for (const c of rule.when) {
      const ok = holds(c, facts);
      if (ok === true) continue;
      reason = ok === false ? "conditions not met" : ok;
      break;
    }
    const used = new Set<string>();
    for (const c of rule.when) if ("metric" in c) used.add(c.metric);
    if (reason === null) {
      const text = fill(rule.text, facts, used);
      if (typeof text !== "string") reason = `needs ${text.missing}`;
      else if (sentences.length >= max) reason = `more than ${max} sentences`;
      else {
        const cites: Citation[] = [...used].map((key) => {
          const m = facts.metrics[key];
          return { key, label: m.label, text: formatValue(m.figure.value, m.format, m.digits), figure: m.figure };
        });
        const notes = citations ? [...new Set(cites.map((c) => citations.cite(c.label, c.text, c.figure)))] : [];
        sentences.push({ rule: rule.id, topic: rule.topic, text, cites, notes, synthetic: cites.some((c) => isSynthetic(c.figure.sources)) });
        done.add(rule.topic);
        continue;
      }
    }
    if (reason !== "conditions not met") skipped.push({ rule: rule.id, reason });
  }
  return { sentences, skipped };
}
