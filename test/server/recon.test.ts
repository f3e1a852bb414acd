// The reconstitution preview endpoint on the demo universe: figures match the engine run the
// CLI uses, stored inputs only, bad input answers 400.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import type { FastifyInstance } from "fastify";
import { runRecon } from "../../src/services/recon.ts";
import type { Store } from "../../src/store/index.ts";
import { demoApp } from "./helpers.ts";

let app: FastifyInstance;
let store: Store;
let close: (() => Promise<void>) | undefined;

before(async () => {
  ({ app, store, close } = await demoApp());
});

after(() => close?.());

test("GET /api/recon previews the demo reconstitution with the engine's own figures", async () => {
  const r = await app.inject({ method: "GET", url: "/api/recon?limit=5" });
  assert.equal(r.statusCode, 200, r.body.slice(0, 300));
  const body = r.json();
  assert.equal(body.meta.demo, true);
  assert.ok(body.meta.asOf);
  const direct = await runRecon(store, { universe: "demo", previous: ["demo"], rules: {} });
  assert.equal(body.counts.eligibleCompanies, direct.result.universe.eligibleCompanies);
  assert.equal(body.breakpoints.r1000.totalCap, direct.result.breakpoints.r1000?.totalCap);
  assert.equal(body.breakpoints.r3000.rank, 3000);
  const r2000 = body.indexes.find((i: { name: string }) => i.name === "r2000");
  assert.equal(r2000.companies, direct.result.indexes.r2000.companies);
  assert.equal(r2000.constituents.length, 5);
  const weights = direct.result.indexes.r2000.constituents.reduce((a, c) => a + c.weight, 0);
  assert.ok(Math.abs(weights - 1) < 1e-9);
  assert.ok(body.changes, "a previous membership gives a change report");
  assert.ok(r.headers.etag);

  const alone = (await app.inject({ method: "GET", url: "/api/recon?previous=none&limit=0" })).json();
  assert.equal(alone.banding, false);
  assert.equal(alone.changes, null);
});

test("GET /api/recon refuses file paths and malformed input with 400", async () => {
  for (const url of [
    "/api/recon?universe=/etc/passwd",
    "/api/recon?universe=../data/holdings/IWV_holdings.csv",
    "/api/recon?previous=stored:XYZ",
    "/api/recon?rankDate=2024-02-30",
    "/api/recon?limit=-1",
    "/api/recon?universe=demo&foo=1",
  ]) {
    const r = await app.inject({ method: "GET", url });
    assert.equal(r.statusCode, 400, `${url}: ${r.statusCode} ${r.body.slice(0, 200)}`);
  }
  const missing = await app.inject({ method: "GET", url: "/api/recon?universe=demo:1999-01-01" });
  assert.equal(missing.statusCode, 404);
  assert.match(missing.json().message, /no demo universe stored for 1999-01-01/);
});

test("a range after the stored data answers 200 with no rows (not 500)", async () => {
  const r = await app.inject({ method: "GET", url: "/api/series/DFF/observations?from=2099-01-01" });
  assert.equal(r.statusCode, 200, r.body.slice(0, 200));
});
