// The quarterly small-vs-large valuation through the store: saved EDGAR companyfacts, IWM and
// IWB holdings of 2024-05-03 and Yahoo closes (test/fixtures/valuation-history, whose README
// holds the hand computation of every figure asserted here).
import { test } from "node:test";
import assert from "node:assert/strict";
import { importPaths } from "../../src/services/import.ts";
import { valuationHistoryOf } from "../../src/services/valuation-history.ts";
import { tempStore } from "../helpers/store.ts";

const FIX = new URL("../fixtures/valuation-history/", import.meta.url).pathname;
const close = (a: number | null | undefined, b: number, what: string) => assert.ok(a != null && Math.abs(a - b) < 1e-9, `${what}: ${a} vs ${b}`);

test("valuation history: each quarter's P/E of today's members from what was filed and traded by then, and the premium of small over large", async () => {
  const t = await tempStore();
  try {
    const results = await importPaths(t.store, [FIX + "edgar", FIX + "holdings", FIX + "prices"]);
    assert.ok(results.every((r) => r.status !== "rejected"), JSON.stringify(results.filter((r) => r.status === "rejected")));
    const h = await valuationHistoryOf(t.store);
    assert.ok(h.available, JSON.stringify(h));
    // 2023-03-31 has no close of any member in its week: the history starts a quarter later.
    assert.deepEqual(h.quarters.map((q) => q.quarterEnd), ["2023-06-30", "2023-09-30", "2023-12-31", "2024-03-31"]);
    assert.equal(h.asOf, "2024-03-31");
    assert.deepEqual(h.small, { fund: "IWM", asOf: "2024-05-03", positions: 3, matched: 3, companies: 3, withCloses: 2 });
    assert.deepEqual(h.large, { fund: "IWB", asOf: "2024-05-03", positions: 2, matched: 2, companies: 2, withCloses: 2 });
    assert.match(h.survivorship, /today's/);

    const [jun, sep, dec, mar] = h.quarters;
    // 2023-06-30: SMA has no close yet, SMB (0.3 of IWM) alone: left out.
    assert.equal(jun.pe.value, null);
    assert.equal(jun.pe.leftOut, "the small-cap fund's P/E covers 30% of its weight (1 company), under 50%");
    close(jun.large.pe.value, 11_500 / 600, "IWB P/E 2023-06-30");
    close(jun.large.pe.coverage, 1, "IWB coverage");
    close(jun.large.pb.value, 11_500 / 6_600, "IWB P/B 2023-06-30");

    // 2023-09-30: SMA 10 x 26 (the 09-29 close, not 09-25's) + SMB 20 x 2.5 = 310 over 13 - 6 = 7.
    close(sep.small.pe.value, 310 / 7, "IWM P/E 2023-09-30");
    close(sep.small.pe.coverage, 0.9, "IWM coverage 2023-09-30");
    close(sep.large.pe.value, 20, "IWB P/E 2023-09-30");
    close(sep.pe.value, 310 / 7 / 20 - 1, "premium 2023-09-30");
    close(sep.small.pb.value, 310 / 163, "IWM P/B 2023-09-30");
    close(sep.pb.value, 310 / 163 / (12_200 / 6_700) - 1, "P/B premium 2023-09-30");

    // 2023-12-31: SMA's Q3 cover page (11 shares) x 28 = 308 over 14; SMB's last close (12-20) is 11 days old.
    close(dec.small.pe.value, 22, "IWM P/E 2023-12-31");
    close(dec.small.pe.coverage, 0.6, "IWM coverage 2023-12-31");
    close(dec.pe.value, 0.1, "premium 2023-12-31");

    // 2024-03-31: the FY2023 10-Ks: (352 + 80) / (16 - 2) against 14,000 / 700.
    close(mar.small.pe.value, 432 / 14, "IWM P/E 2024-03-31");
    close(mar.large.pe.value, 20, "IWB P/E 2024-03-31");
    close(mar.pe.value, 432 / 280 - 1, "premium 2024-03-31");

    assert.deepEqual(h.leftOut.map((q) => q.quarterEnd), ["2023-06-30"]);
  } finally {
    t.cleanup();
  }
});

test("valuation history without facts, or without closes, says why and what to run", async () => {
  const t = await tempStore();
  try {
    await importPaths(t.store, [FIX + "holdings"]);
    const none = await valuationHistoryOf(t.store);
    assert.ok(!none.available);
    assert.match(none.reason, /no SEC EDGAR facts stored/);
    assert.match(none.todo, /r2k update --only fundamentals/);
    assert.match(none.todo, /sources\.sec\.userAgent/);

    await importPaths(t.store, [FIX + "edgar"]);
    const noCloses = await valuationHistoryOf(t.store);
    assert.ok(!noCloses.available);
    assert.match(noCloses.reason, /no stored close of any IWM or IWB member/);
    assert.match(noCloses.todo, /r2k update --constituents/);
  } finally {
    t.cleanup();
  }
});

test("valuation history without holdings of the funds says which are missing", async () => {
  const t = await tempStore();
  try {
    const h = await valuationHistoryOf(t.store, { roles: { smallFund: "IWM", largeFunds: ["IWB", "IVV"] } });
    assert.ok(!h.available);
    assert.match(h.reason, /no IWM holdings stored/);
  } finally {
    t.cleanup();
  }
});
