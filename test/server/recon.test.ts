// The reconstitution preview endpoint on the demo universe: figures match the engine run the
// CLI uses, stored inputs only, bad input answers 400.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { FastifyInstance } from "fastify";
import { buildApp } from "../../src/server/index.ts";
import { importPaths } from "../../src/services/import.ts";
import { runRecon } from "../../src/services/recon.ts";
import type { Store } from "../../src/store/index.ts";
import { tempStore } from "../helpers/store.ts";
import { realDataSkip } from "../helpers/real-data.ts";
import { demoApp, realDataApp } from "./helpers.ts";

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
  assert.equal(body.capBasis, "company");
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

/** Every value under a key that holds dollars in a company-cap preview. */
function dollarValues(x: unknown, out: unknown[] = []): unknown[] {
  if (Array.isArray(x)) for (const v of x) dollarValues(v, out);
  else if (x !== null && typeof x === "object") {
    for (const [k, v] of Object.entries(x)) {
      if (/^(totalCap|floatCap|largestCap|smallestCap|medianCap|largestCapInBand|smallestCapInBand|eligibleCap|sharesOutstanding|floatShares)$/.test(k)) out.push(v);
      else dollarValues(v, out);
    }
  }
  return out;
}

describe("GET /api/recon over stored iShares holdings (mini fixture files)", () => {
  let fixApp: FastifyInstance;
  let cleanup: () => void;
  const FIX = new URL("../index-engine/fixtures/", import.meta.url).pathname;

  before(async () => {
    const t = await tempStore();
    cleanup = t.cleanup;
    const results = await importPaths(t.store, [FIX + "ishares-iwv-mini_2025-05-02.csv", FIX + "ishares-iwm-mini_2025-06-13.csv"]);
    assert.deepEqual(results.map((r) => r.status), ["imported", "imported"]);
    ({ app: fixApp } = await buildApp({ store: t.store, rateLimit: false }));
  });
  after(async () => {
    await fixApp?.close();
    cleanup?.();
  });

  test("the stored IWV is the default universe; ranks and shares, no dollars; the later IWM is left out with a warning", async () => {
    const r = await fixApp.inject({ method: "GET", url: "/api/recon" });
    assert.equal(r.statusCode, 200, r.body.slice(0, 300));
    const d = r.json();
    assert.equal(d.universe, "IWV holdings of 2025-05-02 (ishares-iwv-mini_2025-05-02.csv)");
    assert.deepEqual(d.meta.sources, [d.universe]);
    assert.equal(d.meta.demo, false);
    assert.equal(d.meta.asOf, "2025-05-02");
    assert.deepEqual(d.calendar, { inWindow: true, window: "june", rankDay: "2025-04-30", effectiveAfterClose: "2025-06-27", confidence: "confirmed" });
    assert.equal(d.capBasis, "fund-dollars");
    assert.equal(d.banding, false);
    assert.match(d.warnings[0], /^IWM holdings of 2025-06-13 are dated after the rank day 2025-05-02; not used as the previous membership: ranks without banding$/);
    assert.deepEqual(d.shareClasses, {
      count: 2,
      rows: [
        { companyId: "ALPHA", tickers: ["AAA", "AAB"], names: ["ALPHA CORP CLASS A", "ALPHA CORP CLASS B"] },
        { companyId: "OMEGA", tickers: ["GGG", "GGH"], names: ["OMEGA A CORP CLASS A", "OMEGA CORP CLASS B"] },
      ],
    });
    // 7 companies: all in the Russell 1000 at the real sizes, holding the whole universe.
    const r1000 = d.indexes.find((i: { name: string }) => i.name === "r1000");
    assert.deepEqual([r1000.companies, r1000.securities, r1000.firstRank, r1000.lastRank, r1000.capShare], [7, 9, 1, 7, 1]);
    const values = dollarValues(d);
    assert.ok(values.length > 20);
    assert.ok(values.every((v) => v === null), "every dollar figure is null");
    assert.ok(!r.body.includes("$"), "no dollar sign anywhere");
  });

  test("a later previous membership named explicitly is refused with 400; a missing fund is 404", async () => {
    for (const previous of ["stored:IWM", "stored:IWM:2025-06-13"]) {
      const r = await fixApp.inject({ method: "GET", url: `/api/recon?previous=${previous}` });
      assert.equal(r.statusCode, 400, r.body);
      assert.match(r.json().message, /dated (on or )?after the rank day 2025-05-02; a previous membership must be dated before the rank day/);
    }
    const missing = await fixApp.inject({ method: "GET", url: "/api/recon?previous=stored:IWB,stored:IWM" });
    assert.equal(missing.statusCode, 404);
    assert.match(missing.json().message, /no IWB holdings stored/);
    const noDemo = await fixApp.inject({ method: "GET", url: "/api/recon?universe=demo" });
    assert.equal(noDemo.statusCode, 404);
    const iwm = await fixApp.inject({ method: "GET", url: "/api/recon?universe=stored:IWM&previous=none" });
    assert.equal(iwm.statusCode, 200, iwm.body);
    assert.equal(iwm.json().universe, "IWM holdings of 2025-06-13 (ishares-iwm-mini_2025-06-13.csv)");
  });
});

describe("GET /api/recon over the real stored holdings", { skip: realDataSkip }, () => {
  let realApp: FastifyInstance;
  let close: (() => Promise<void>) | undefined;

  before(async () => {
    ({ app: realApp, close } = await realDataApp(["holdings"]));
  });
  after(async () => {
    await close?.();
  });

  test("200 on stored:IWV: share classes grouped, no dollar caps, later IWB/IWM not used", async () => {
    for (const url of ["/api/recon", "/api/recon?universe=stored:IWV", "/api/recon?universe=stored:IWV:2025-05-02&previous=stored"]) {
      const r = await realApp.inject({ method: "GET", url });
      assert.equal(r.statusCode, 200, `${url}: ${r.body.slice(0, 300)}`);
      const d = r.json();
      assert.equal(d.universe, "IWV holdings of 2025-05-02 (IWV_holdings_2025-05-02.csv)", url);
      assert.equal(d.meta.demo, false);
      assert.equal(d.capBasis, "fund-dollars");
      assert.equal(d.shareClasses.count, 22);
      const tickers = d.shareClasses.rows.map((g: { tickers: string[] }) => g.tickers.join("+"));
      for (const pair of ["GOOGL+GOOG", "LEN+LENB", "BFB+BFA", "FOXA+FOX", "NWSA+NWS"]) assert.ok(tickers.includes(pair), pair);
      assert.equal(
        d.warnings[0],
        "IWB holdings of 2026-07-17 and IWM holdings of 2026-05-05 are dated after the rank day 2025-05-02; not used as the previous membership: ranks without banding",
      );
      assert.equal(d.changes, null);
      assert.equal(d.breakpoints.r1000.rank, 1000);
      assert.ok(d.breakpoints.r1000.cumPct > 90 && d.breakpoints.r1000.cumPct < 100);
      assert.ok(dollarValues(d).every((v) => v === null), url);
      assert.ok(!r.body.includes("$"), url);
      assert.ok(!r.body.includes("shared/"), url);
    }
  });

  test("IWB or IWM dated after the rank day, named explicitly: 400", async () => {
    for (const previous of ["stored:IWB", "stored:IWM:2026-04-10", "stored:IWB:2026-07-17,stored:IWM"]) {
      const r = await realApp.inject({ method: "GET", url: `/api/recon?previous=${previous}` });
      assert.equal(r.statusCode, 400, `${previous}: ${r.body}`);
      assert.match(r.json().message, /the rank day 2025-05-02; a previous membership must be dated before the rank day/);
    }
  });
});
