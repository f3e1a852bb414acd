// The fixture universe of test/fixtures/fundamentals-universe (a dozen companies, an IWM and an
// IWB holdings file of 2025-03-31, their closes), imported with `r2k import`'s service and
// valued as of the holdings' date. Every expected figure is computed by hand in that folder's
// README.md; the arithmetic is repeated beside each number here.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import type { FastifyInstance } from "fastify";
import { snapshot } from "../../src/core/analytics/snapshot.ts";
import type { FundCompanyValuation } from "../../src/core/analytics/index.ts";
import { CONTRACT } from "../../src/server/contract.ts";
import { buildApp } from "../../src/server/index.ts";
import { loadSnapshotInputs } from "../../src/services/analytics.ts";
import { importPaths } from "../../src/services/import.ts";
import { tempStore } from "../helpers/store.ts";
import { checkIwb, checkIwm, close } from "../helpers/fundamentals-universe.ts";

const UNIVERSE = new URL("../fixtures/fundamentals-universe/", import.meta.url).pathname;

let t: Awaited<ReturnType<typeof tempStore>>;
before(async () => {
  t = await tempStore();
  const results = await importPaths(t.store, [UNIVERSE]);
  assert.deepEqual(results.filter((r) => r.status !== "imported").map((r) => `${r.file}: ${r.status}`), []);
});
after(() => t.cleanup());

test("the fixture universe valued as of its holdings' date: every figure as computed by hand", async () => {
  const inputs = await loadSnapshotInputs(t.store, { symbols: [], macro: false });
  const s = snapshot(inputs, { subjects: [], sections: { valuation: true, symbols: false, pairs: false, caseStudies: false, leadership: false, leadLag: false, rates: false, regionalBanks: false, composition: false, breadth: false, tracking: false } });
  assert.ok(s.valuation.available);
  const c = s.valuation.companies;
  assert.ok(c.available, JSON.stringify(c));
  checkIwm(c.funds.find((f) => f.fund === "IWM")!);
  checkIwb(c.funds.find((f) => f.fund === "IWB")!);
  // IWM's aggregate P/E over IWB's, less one: (1100 / 29) / (11900 / 430) - 1 = 0.3706...
  assert.ok(c.comparison);
  assert.deepEqual([c.comparison.small, c.comparison.large], ["IWM", "IWB"]);
  close(c.comparison.pePremium, (1100 / 29) / (11900 / 430) - 1, "P/E premium");
  close(c.comparison.medianPePremium, 0, "median P/E premium"); // 20 / 20 - 1
  close(c.comparison.pbPremium, (1100 / 480) / (11900 / 4400) - 1, "P/B premium"); // -0.1527
  // Where each cap's price came from, in words.
  assert.deepEqual(c.funds.find((f) => f.fund === "IWM")!.notes, [
    "6 of 7 caps: total shares x the stored close of 2025-03-28 to 2025-03-31",
    "1 of 7 caps: total shares x the holdings' price of 2025-03-31 (no stored close within a week)",
    "1 of 9 positions have no stored SEC filer: outside the coverage",
  ]);
  // The older universe-based valuation has nothing to say here (no universe stored).
  assert.ok(s.valuation.funds.every((f) => !f.available));
});

test("the API's /api/valuation carries the same figures, valid against its contract", async () => {
  let app: FastifyInstance | undefined;
  try {
    ({ app } = await buildApp({ store: t.store, rateLimit: false }));
    const r = await app.inject({ method: "GET", url: "/api/valuation" });
    assert.equal(r.statusCode, 200, r.body.slice(0, 300));
    const body = r.json();
    const parsed = CONTRACT["/api/valuation"].response.safeParse(body);
    assert.ok(parsed.success, parsed.success ? "" : JSON.stringify(parsed.error.issues.slice(0, 3)));
    const c = body.valuation.companies;
    checkIwm(c.funds.find((f: FundCompanyValuation) => f.fund === "IWM"));
    checkIwb(c.funds.find((f: FundCompanyValuation) => f.fund === "IWB"));
    close(c.comparison.pePremium, (1100 / 29) / (11900 / 430) - 1, "P/E premium");
    assert.equal(body.meta.demo, false);
    assert.ok(body.meta.sources.includes("IWM companies 2025-03-31:sec"), body.meta.sources.join(", "));
  } finally {
    await app?.close();
  }
});
