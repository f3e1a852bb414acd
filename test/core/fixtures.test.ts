// The formulas proven on a committed, synthetic fixture set, in every clone (no real-data folder
// needed, never skipped).
//
// test/fixtures/analytics/ holds made-up markets, written by generate.py (numpy, seeded; no vendor
// data): three price indices (^SMALL, ^LARGE the benchmark, ^TECH starting later and ending
// earlier with four days without data) and a fund tracking ^SMALL (SMALLETF: a fee, a
// close-timing error, quarterly distributions in Adj Close) over 2015-2023 weekdays minus a few
// holidays, with a crash in 2020 and its recovery and an unrecovered bear market in 2022; a daily
// rate (RATE, every calendar day from mid-2015), a credit spread (SPREAD, weekdays, empty on
// holidays), a monthly policy rate (POLICY) and a 0/1 recession indicator (RECESSION); iShares
// holdings of two funds (listed equities, an unlisted right, cash, a future). expected.py computes
// every figure independently with pandas/numpy, each method written beside it, into
// expected.json; both scripts are re-runnable (docs/analytics.md, "How the formulas are proven").
//
// Here the files go through the product's path: importPaths into a temporary store, the store's
// readers (loadSnapshotInputs), then measure() with the window rule. Every expected value is
// compared with the report: numbers to 1e-9 relative, dates, counts and flags exactly.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { measure, type MeasureRequest, type Measurement } from "../../src/core/analytics/measure.ts";
import { REFERENCE_CONVENTIONS, type SnapshotInputs } from "../../src/core/analytics/index.ts";
import { importPaths } from "../../src/services/import.ts";
import { loadSnapshotInputs } from "../../src/services/analytics.ts";
import { listSeries, type Store } from "../../src/store/index.ts";
import { tempStore } from "../helpers/store.ts";

const DIR = new URL("../fixtures/analytics/", import.meta.url).pathname;
const REL = 1e-9;

interface Case {
  request: { compared: string[]; alsoReported: string[]; benchmark: string; basis: "price" | "total"; from: string | null; to: string | null; referenceConventions: boolean };
  window: { from: string; to: string };
  [section: string]: unknown;
}
const EXPECTED = JSON.parse(readFileSync(`${DIR}expected.json`, "utf8")) as {
  roles: {
    smallCap: string;
    largeCap: string;
    trackingPairs: [string, string][];
    rateSeries: { id: string; label: string }[];
    policyRates: string[];
    recessionIndicator: string;
    smallFund: string;
    capFunds: null;
    regionalBanks: null;
    riskFree: string;
  };
  cases: Record<string, Case>;
};

/**
 * Walks `expected` and compares each leaf with the same place in `actual`: numbers to 1e-9
 * relative, everything else exactly; arrays must have the same length. Keys the expected side
 * does not name are not compared. Differences are collected with their paths.
 */
function compare(actual: unknown, expected: unknown, path: string, out: string[]): void {
  if (typeof expected === "number") {
    if (typeof actual !== "number" || !(Math.abs(actual - expected) <= REL * Math.abs(expected) + 1e-15)) out.push(`${path}: expected ${expected}, got ${JSON.stringify(actual)}`);
  } else if (expected === null || typeof expected !== "object") {
    if (actual !== expected) out.push(`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  } else if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) {
      out.push(`${path}: expected ${expected.length} entries, got ${Array.isArray(actual) ? actual.length : JSON.stringify(actual)}`);
      return;
    }
    expected.forEach((e, i) => compare(actual[i], e, `${path}[${i}]`, out));
  } else {
    if (actual === null || typeof actual !== "object") {
      out.push(`${path}: expected an object, got ${JSON.stringify(actual)}`);
      return;
    }
    for (const [k, e] of Object.entries(expected)) compare((actual as Record<string, unknown>)[k], e, `${path}.${k}`, out);
  }
}

const countLeaves = (x: unknown): number =>
  x !== null && typeof x === "object" ? Object.values(x).reduce((n: number, v) => n + countLeaves(v), 0) : 1;

let store: Store;
let cleanup: () => void;
let inputs: SnapshotInputs;
const SYMBOLS = ["^SMALL", "^LARGE", "^TECH", "SMALLETF"];

before(async () => {
  const t = await tempStore();
  store = t.store;
  cleanup = t.cleanup;
  const results = await importPaths(store, ["prices", "fred", "holdings"].map((d) => DIR + d));
  const failed = results.filter((r) => r.status !== "imported");
  assert.deepEqual(failed.map((r) => `${r.file}: ${r.error?.message}`), [], "every fixture file imports");
  inputs = await loadSnapshotInputs(store, { symbols: SYMBOLS });
});
after(() => cleanup?.());

function run(c: Case): Measurement {
  const r = EXPECTED.roles;
  const req: MeasureRequest = {
    compared: c.request.compared,
    alsoReported: c.request.alsoReported,
    benchmark: c.request.benchmark,
    basis: c.request.basis,
    ...(c.request.from ? { from: c.request.from } : {}),
    ...(c.request.to ? { to: c.request.to } : {}),
    options: {
      smallCap: r.smallCap,
      largeCap: r.largeCap,
      capFunds: r.capFunds,
      regionalBanks: r.regionalBanks,
      trackingPairs: r.trackingPairs,
      rateSeries: r.rateSeries,
      policyRates: r.policyRates,
      recessionIndicator: r.recessionIndicator,
      smallFund: r.smallFund,
      conventions: { ...(c.request.referenceConventions ? REFERENCE_CONVENTIONS : {}), riskFree: r.riskFree },
    },
  };
  return measure(inputs, req);
}

test("the fixture files import: rows stored, days without data and missing values skipped", async () => {
  const stored = new Map((await listSeries(store)).map((s) => [s.id, s]));
  // ^TECH: 2,139 rows, four of them `null` (days without data); RATE: 2,922 rows, three of them empty.
  const expect: [string, number, string, string][] = [
    ["^SMALL", 2184, "2015-01-02", "2023-06-30"],
    ["^LARGE", 2184, "2015-01-02", "2023-06-30"],
    ["^TECH", 2135, "2015-03-02", "2023-06-26"],
    ["SMALLETF", 2076, "2015-06-01", "2023-06-30"],
    ["RATE", 2919, "2015-07-01", "2023-06-30"],
    ["POLICY", 102, "2015-01-01", "2023-06-01"],
    ["RECESSION", 113, "2014-01-01", "2023-05-01"],
  ];
  for (const [id, rows, first, last] of expect) {
    const s = stored.get(id);
    assert.ok(s, `${id} stored`);
    assert.deepEqual([s.rows, s.first, s.last], [rows, first, last], id);
  }
  assert.equal(inputs.holdings?.length, 2);
  assert.deepEqual(inputs.holdings?.map((h) => [h.fund, h.asOf]), [["LARGEETF", "2023-06-30"], ["SMALLETF", "2023-06-30"]]);
});

for (const [name, c] of Object.entries(EXPECTED.cases)) {
  test(`fixtures, ${name}: every expected figure through measure()`, (t) => {
    const m = run(c);
    const s = m.snapshot;
    assert.deepEqual([m.window.from, m.window.to], [c.window.from, c.window.to], "window");
    const diffs: string[] = [];
    let checked = 0;
    const check = (actual: unknown, expected: unknown, path: string) => {
      compare(actual, expected, path, diffs);
      checked += countLeaves(expected);
    };
    check(s.symbols, c.symbols, "symbols");
    for (const e of c.caseStudies as { name: string }[]) check(s.caseStudies.find((x) => x.name === e.name), e, `caseStudies[${e.name}]`);
    for (const section of ["pairs", "tracking", "leadership", "leadLag", "rates", "composition"] as const) {
      if (section in c) check(s[section], c[section], section);
    }
    assert.deepEqual(diffs.slice(0, 40), [], `${diffs.length} of ${checked} values differ:\n${diffs.slice(0, 40).join("\n")}`);
    assert.ok(checked > 1000, `${checked} values checked`);
    t.diagnostic(`${checked} values checked`);
  });
}

test("fixtures: what the window rule and the report say in words", () => {
  const common = run(EXPECTED.cases["common span, price"]);
  assert.equal(common.window.text, "2015-03-02 to 2023-06-26, common to ^SMALL, ^LARGE, ^TECH");
  const s = common.snapshot;
  assert.ok(s.notes.includes("SMALLETF: requested start 2015-03-03 is before the first stored close 2015-06-01; the window starts there"), s.notes.join("\n"));
  assert.ok(s.notes.includes("^SMALL: Sharpe and Sortino cover 2015-06-30..2023-06-26, the part of the window with RATE values"), s.notes.join("\n"));
  const small = s.symbols[0];
  assert.ok(small.available);
  assert.deepEqual(small.sources, ["^SMALL:yahoo"]);
  assert.deepEqual(small.risk.sharpe.sources, ["^SMALL:yahoo", "RATE:fred"]);
  assert.equal(small.risk.sharpe.riskFree, "RATE");
  // Horizons the window cannot reach are null with the reason, never shortened.
  const tenYears = small.returns.find((r) => r.horizon === "10Y")!;
  assert.equal(tenYears.price.reason, "needs a close on or before 2013-06-26; the data starts 2015-03-02");
  assert.equal(small.rollingReturns.find((r) => r.years === 10)!.median.reason, "needs more than 2520 sessions; the window has 2139 closes");
  const gfc = s.caseStudies.find((x) => x.name === "2007-2009")!;
  assert.deepEqual(
    gfc.rows.map((r) => r.reason),
    [
      "^SMALL does not cover 2007-01-01..2009-12-31 (data 2015-01-02..2023-06-26)",
      "^LARGE does not cover 2007-01-01..2009-12-31 (data 2015-01-02..2023-06-26)",
      "^TECH does not cover 2007-01-01..2009-12-31 (data 2015-03-02..2023-06-26)",
      "SMALLETF does not cover 2007-01-01..2009-12-31 (data 2015-06-01..2023-06-26)",
    ],
  );
  assert.ok(s.leadership.available);
  assert.match(s.leadership.afterRecessions.source, /^RECESSION:fred \(recession months/);

  const later = run(EXPECTED.cases["2016-2021, total"]);
  // 2021-12-31 is the observed New Year holiday of the fixture calendar: the last close is the 30th.
  assert.equal(later.window.text, "2015-12-31 to 2021-12-30, as requested, within the span common to ^SMALL, ^LARGE");
  const t = later.snapshot;
  // The fund's daily figures on Adj Close, the indices on Close (they have no adjusted closes).
  assert.deepEqual(t.symbols.map((x) => x.available && x.basis), ["price", "price", "total"]);
  const tracking = t.tracking[0];
  assert.ok(tracking.available);
  assert.equal(tracking.basis, "price");
  assert.equal(tracking.basisNote, "a total-return comparison needs the total-return index, which is not stored; SMALLETF is compared with ^SMALL on price (its distributions are shown apart).");
  assert.deepEqual(t.composition, {
    available: false,
    reason: "no holdings snapshot dated on or before 2021-12-31 (the stored ones, LARGEETF 2023-06-30, SMALLETF 2023-06-30, are later and not used)",
  });
  const after24 = t.caseStudies.find((x) => x.name === "2020")!.rows[0].after![2];
  assert.equal(after24.value.reason, "needs data through 2022-03-19; it ends 2021-12-30");
});
