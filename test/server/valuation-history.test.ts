// GET /api/valuation/history end to end on the fixture of test/fixtures/valuation-history (its
// README holds the hand computation): the quarters, the premium, the coverage and the quarter
// left out, the contract's schema, a 400 for a parameter it does not take, and the empty state.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import type { FastifyInstance } from "fastify";
import { CONTRACT } from "../../src/server/contract.ts";
import { buildApp } from "../../src/server/index.ts";
import { importPaths } from "../../src/services/import.ts";
import { tempStore } from "../helpers/store.ts";

const FIX = new URL("../fixtures/valuation-history/", import.meta.url).pathname;
let app: FastifyInstance;
let cleanup: () => Promise<void>;

before(async () => {
  const t = await tempStore();
  await importPaths(t.store, [FIX + "edgar", FIX + "holdings", FIX + "prices"]);
  ({ app } = await buildApp({ store: t.store, rateLimit: false }));
  cleanup = async () => {
    await app.close();
    t.store.close();
    t.cleanup();
  };
});
after(() => cleanup?.());

test("the history by quarter: each fund's P/E with its coverage and the premium of small over large, sources and as-of in meta", async () => {
  const r = await app.inject({ method: "GET", url: "/api/valuation/history" });
  assert.equal(r.statusCode, 200, r.body);
  const body = r.json();
  assert.equal(CONTRACT["/api/valuation/history"].response.safeParse(body).success, true);
  assert.equal(body.meta.asOf, "2024-03-31");
  assert.ok(body.meta.sources.includes("sec"));
  const h = body.history;
  assert.equal(h.available, true);
  assert.deepEqual(h.quarters.map((q: { quarterEnd: string }) => q.quarterEnd), ["2023-06-30", "2023-09-30", "2023-12-31", "2024-03-31"]);
  // Premiums by hand: 2023-09-30 (310/7)/20 - 1; 2023-12-31 22/20 - 1; 2024-03-31 (432/14)/20 - 1.
  const premiums = h.quarters.map((q: { pe: { value: number | null } }) => q.pe.value);
  assert.equal(premiums[0], null);
  for (const [got, want] of [[premiums[1], 310 / 140 - 1], [premiums[2], 0.1], [premiums[3], 432 / 280 - 1]]) assert.ok(Math.abs(got - want) < 1e-9, `${got} vs ${want}`);
  assert.ok(Math.abs(h.quarters[2].small.pe.coverage - 0.6) < 1e-12);
  assert.deepEqual(h.leftOut, [{ quarterEnd: "2023-06-30", reason: "the small-cap fund's P/E covers 30% of its weight (1 company), under 50%" }]);
  assert.match(h.survivorship, /IWM's holdings of 2024-05-03/);
});

test("a parameter the route does not take answers 400 naming it", async () => {
  const r = await app.inject({ method: "GET", url: "/api/valuation/history?from=2020-01-01" });
  assert.equal(r.statusCode, 400);
  assert.match(r.json().message, /unknown parameter "from"/);
});

test("without stored facts the history is unavailable with what to run, not an error", async () => {
  const t = await tempStore();
  const { app: empty } = await buildApp({ store: t.store, rateLimit: false });
  try {
    const r = await empty.inject({ method: "GET", url: "/api/valuation/history" });
    assert.equal(r.statusCode, 200);
    const body = r.json();
    assert.equal(CONTRACT["/api/valuation/history"].response.safeParse(body).success, true);
    assert.equal(body.history.available, false);
    assert.match(body.history.todo, /r2k update --only holdings/);
  } finally {
    await empty.close();
    t.store.close();
    t.cleanup();
  }
});
