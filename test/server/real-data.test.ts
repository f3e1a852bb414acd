// The API over the real historical files (test/helpers/real-data.ts; skipped when absent): every endpoint answers,
// nothing is flagged as demo, and the figures rest on the imported sources.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { FastifyInstance } from "fastify";
import { realDataSkip } from "../helpers/real-data.ts";
import { realDataApp } from "./helpers.ts";

describe("API on the real files", { skip: realDataSkip }, () => {
  let app: FastifyInstance;
  let close: (() => Promise<void>) | undefined;

  before(async () => {
    ({ app, close } = await realDataApp());
  });

  after(async () => {
    await close?.();
  });

  const get = async (url: string) => {
    const r = await app.inject({ method: "GET", url });
    assert.equal(r.statusCode, 200, `${url}: ${r.body.slice(0, 300)}`);
    return r.json();
  };

  test("every endpoint answers; nothing is demo", async () => {
    for (const path of ["/api/comparison", "/api/snapshot", "/api/returns", "/api/rolling", "/api/drawdowns", "/api/case-studies", "/api/leadership", "/api/lead-lag", "/api/rates", "/api/composition", "/api/valuation", "/api/breadth", "/api/tracking", "/api/risk"]) {
      const d = await get(path);
      assert.equal(d.meta.demo, false, path);
      assert.ok(d.meta.sources.every((s: string) => !s.endsWith(":demo")), path);
    }
    const h = await get("/api/health");
    assert.equal(h.demo, false);
  });

  test("the comparison names the files' sources and the data's own dates", async () => {
    const d = await get("/api/comparison");
    assert.deepEqual(d.rows.map((r: { symbol: string }) => r.symbol), ["^RUT", "^GSPC", "^IXIC"]);
    for (const r of d.rows) {
      assert.equal(r.available, true, r.symbol);
      assert.match(r.lastClose.asOf, /^\d{4}-\d{2}-\d{2}$/);
      assert.ok(r.sources.every((s: string) => s.startsWith(`${r.symbol}:`)));
    }
    const cs = await get("/api/case-studies");
    const gfc = cs.caseStudies.find((c: { name: string }) => c.name === "2007-2009");
    const rut = gfc.rows.find((r: { symbol: string }) => r.symbol === "^RUT");
    // The reference figures (section C): depth -0.5988875493, peak 2007-07-13, trough 2009-03-09, recovered 2011-04-27.
    assert.ok(Math.abs(rut.depth.value - -0.5988875493) <= 1e-9 * 0.5988875493, String(rut.depth.value));
    assert.deepEqual([rut.peak, rut.trough, rut.recovery], ["2007-07-13", "2009-03-09", "2011-04-27"]);
    const comp = await get("/api/composition");
    assert.equal(comp.composition.available, true);
    assert.ok(comp.composition.funds.some((f: { fund: string }) => f.fund === "IWM"));
    const b = await get("/api/breadth");
    assert.equal(b.breadth.available === false || b.breadth.funds.every((f: { available: boolean }) => !f.available), true, "no constituent prices in the shared files");
  });
});
