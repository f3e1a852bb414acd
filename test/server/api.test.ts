// The HTTP API on the demo market: every endpoint answers with provenance, caching works, and
// malformed input answers 400 (never 500); unknown routes 404; security headers everywhere.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { gunzipSync } from "node:zlib";
import type { FastifyInstance } from "fastify";
import { buildApp, SECURITY_HEADERS } from "../../src/server/index.ts";
import type { Store } from "../../src/store/index.ts";
import { ANALYTICS_ENDPOINTS, demoApp } from "./helpers.ts";

let app: FastifyInstance;
let store: Store;
let close: (() => Promise<void>) | undefined;

before(async () => {
  ({ app, store, close } = await demoApp());
});

after(() => close?.());

const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: "GET", url, headers });
const json = async (url: string) => {
  const r = await get(url);
  assert.equal(r.statusCode, 200, `${url}: ${r.body.slice(0, 300)}`);
  return r.json();
};

/** Every Figure-like object (has value and unit) carries asOf and sources. */
function assertFiguresHaveProvenance(value: unknown, where: string): number {
  let n = 0;
  const walk = (x: unknown, path: string) => {
    if (x === null || typeof x !== "object") return;
    if (Array.isArray(x)) return x.forEach((v, i) => walk(v, `${path}[${i}]`));
    const o = x as Record<string, unknown>;
    if ("value" in o && "unit" in o) {
      n++;
      assert.ok("asOf" in o, `${where}${path}: figure without asOf`);
      assert.ok(Array.isArray(o.sources), `${where}${path}: figure without sources`);
    }
    for (const [k, v] of Object.entries(o)) walk(v, `${path}.${k}`);
  };
  walk(value, "$");
  return n;
}


describe("endpoints", () => {
  test("health says what is stored, demo included", async () => {
    const h = await json("/api/health");
    assert.equal(h.status, "ok");
    assert.equal(h.demo, true);
    assert.equal(h.empty, false);
    assert.ok(h.series > 10);
    assert.match(h.storeVersion, /^[0-9a-z.]+$/);
    assert.equal((await get("/api/health")).headers["cache-control"], "no-store");
  });

  test("series catalog, one series, bars and observations over a range", async () => {
    const cat = await json("/api/series");
    const ids = cat.series.map((s: { id: string }) => s.id);
    for (const id of ["^RUT", "^GSPC", "^IXIC", "IWM", "DFF"]) assert.ok(ids.includes(id), id);
    assert.deepEqual(cat.defaults.symbols, ["^RUT", "^GSPC", "^IXIC"]);
    const some = await json("/api/series?kind=index,macro");
    assert.ok(some.series.every((s: { kind: string }) => s.kind === "index" || s.kind === "macro"));
    assert.ok(some.series.length >= 3 && some.series.length < cat.series.length);
    assert.equal((await get("/api/series?kind=bogus")).statusCode, 400);
    const one = await json("/api/series/%5ERUT");
    assert.equal(one.series.kind, "index");
    const bars = await json("/api/series/%5ERUT/bars?from=2024-01-01&to=2024-03-31");
    assert.equal(bars.window.from >= "2024-01-01", true);
    assert.equal(bars.window.to <= "2024-03-31", true);
    assert.equal(bars.dates.length, bars.close.length);
    assert.ok(bars.dates.length > 55 && bars.dates.length < 70);
    assert.deepEqual(bars.sources, ["^RUT:demo"]);
    assert.equal(bars.meta.demo, true);
    assert.equal(bars.asOf, bars.dates.at(-1));
    const obs = await json("/api/series/DGS10/observations?from=2020-01-01&to=2020-12-31");
    assert.ok(obs.dates.length > 200);
    assert.ok(obs.values.every((v: number | null) => v === null || typeof v === "number"));
    assert.equal((await get("/api/series/DFF/bars")).statusCode, 400);
    assert.equal((await get("/api/series/%5ERUT/observations")).statusCode, 400);
  });

  for (const path of ANALYTICS_ENDPOINTS) {
    test(`${path}: 200, meta with as-of and sources, figures with provenance`, async () => {
      const d = await json(path);
      assert.ok(d.meta, "meta");
      assert.match(d.meta.asOf, /^\d{4}-\d{2}-\d{2}$/);
      assert.ok(d.meta.sources.length > 0, "sources");
      assert.equal(d.meta.demo, true, "demo data is flagged");
      assertFiguresHaveProvenance(d, path);
    });
  }

  test("comparison: a row per index, every cell a figure; the window changes the figures", async () => {
    const all = await json("/api/comparison");
    assert.deepEqual(all.rows.map((r: { symbol: string }) => r.symbol), ["^RUT", "^GSPC", "^IXIC"]);
    const rut = all.rows[0];
    assert.equal(rut.available, true);
    assert.ok(assertFiguresHaveProvenance(rut, "rut") >= 15);
    assert.equal(typeof rut.volatility.value, "number");
    assert.equal(typeof rut.vsBenchmark.beta.value, "number");
    const recent = await json("/api/comparison?from=2020-01-01&to=2021-12-31");
    assert.equal(recent.meta.request.from, "2020-01-01");
    assert.notEqual(recent.rows[0].volatility.value, rut.volatility.value);
    assert.equal(recent.rows[0].window.to <= "2021-12-31", true);
    const other = await json("/api/comparison?symbols=IWM,%5ERUT&benchmark=%5EIXIC");
    assert.deepEqual(other.rows.map((r: { symbol: string }) => r.symbol), ["IWM", "^RUT"]);
    assert.equal(other.benchmark, "^IXIC");
  });

  test("chart series are thinned to maxPoints and cut to the window", async () => {
    const d = await json("/api/drawdowns?maxPoints=200&from=2010-01-01");
    const s = d.symbols[0].series.underwater;
    assert.ok(s.dates.length <= 200, String(s.dates.length));
    assert.ok(s.dates[0] >= "2009-12-01");
    const r = await json("/api/returns?rollingYears=3&from=2015-01-01");
    const g = r.symbols[0].series.growth;
    assert.equal(Math.round(g.values[0]), 10000);
    assert.match(r.symbols[0].series.rolling.label, /3-year/);
    const l = await json("/api/leadership?from=2005-01-01&to=2012-12-31");
    assert.ok(l.recessions.bands.some((b: { from: string }) => b.from.startsWith("2007")));
    assert.ok(l.leadership.series.ratio.dates.every((x: string) => x >= "2005-01-01" && x <= "2012-12-31"));
    const c = await json("/api/case-studies");
    assert.deepEqual(c.caseStudies.map((x: { name: string }) => x.name), ["2007-2009", "2020"]);
    assert.equal(c.caseStudies[0].paths.length, 3);
    const b = await json("/api/breadth");
    assert.equal(b.breadth.available, true);
    assert.ok(b.breadth.funds[0].series.aboveLong.dates.length > 100);
  });

  test("the OpenAPI document lists every endpoint with its parameters", async () => {
    const doc = await json("/api/docs");
    assert.equal(doc.openapi, "3.1.0");
    for (const p of [...ANALYTICS_ENDPOINTS, "/api/health", "/api/series", "/api/series/{id}", "/api/series/{id}/bars", "/api/series/{id}/observations"]) {
      assert.ok(doc.paths[p]?.get, `missing ${p}`);
    }
    const params = doc.paths["/api/comparison"].get.parameters.map((x: { name: string }) => x.name).sort();
    assert.deepEqual(params, ["basis", "benchmark", "from", "maxPoints", "span", "symbols", "to"]);
    const from = doc.paths["/api/comparison"].get.parameters.find((x: { name: string }) => x.name === "from");
    assert.equal(from.schema.type, "string");
    assert.ok(doc.paths["/api/series/{id}/bars"].get.parameters.some((x: { in: string; required: boolean }) => x.in === "path" && x.required));
  });
});

describe("caching", () => {
  test("computed results carry an ETag; If-None-Match answers 304; gzip on request", async () => {
    const first = await get("/api/comparison?from=2019-01-01");
    assert.equal(first.statusCode, 200);
    const etag = first.headers.etag as string;
    assert.match(etag, /^".+"$/);
    assert.equal(first.headers["cache-control"], "no-cache");
    const again = await get("/api/comparison?from=2019-01-01", { "if-none-match": etag });
    assert.equal(again.statusCode, 304);
    assert.equal(again.body, "");
    const zipped = await get("/api/comparison?from=2019-01-01", { "accept-encoding": "gzip, br" });
    assert.equal(zipped.headers["content-encoding"], "gzip");
    assert.deepEqual(JSON.parse(gunzipSync(zipped.rawPayload).toString()), first.json());
    // Same request, parameters in another order: the same cached body.
    const reordered = await get("/api/comparison?to=2025-06-30&from=2019-01-01");
    const ordered = await get("/api/comparison?from=2019-01-01&to=2025-06-30");
    assert.equal(reordered.headers.etag, ordered.headers.etag);
  });

  test("the ETag changes when the store changes (cache per store version)", async () => {
    const { app: app2, ctx } = await buildApp({ store, rateLimit: false });
    try {
      const before = await app2.inject({ method: "GET", url: "/api/tracking" });
      await store.run(`delete from bars where symbol = 'SPY' and date > '2025-06-01'`);
      ctx.invalidate();
      const afterChange = await app2.inject({ method: "GET", url: "/api/tracking" });
      assert.notEqual(before.headers.etag, afterChange.headers.etag);
      assert.notEqual(before.json().meta.storeVersion, afterChange.json().meta.storeVersion);
    } finally {
      await app2.close();
    }
  });
});

describe("malformed input: 400 with a message, never 500", () => {
  const cases: [string, RegExp][] = [
    ["/api/comparison?from=2020-02-30", /from: must be a real calendar date/],
    ["/api/comparison?from=20200101", /from: must be a date YYYY-MM-DD/],
    ["/api/comparison?to=yesterday", /to: must be a date/],
    ["/api/comparison?from=2021-01-01&to=2020-01-01", /from must not be after to/],
    ["/api/comparison?from=0001-01-01", /between 1900-01-01 and 2100-12-31/],
    ["/api/comparison?to=9999-12-31", /between 1900-01-01 and 2100-12-31/],
    ["/api/comparison?symbols=NOPE", /unknown symbol "NOPE"/],
    ["/api/comparison?symbols=DFF", /DFF is a macro series/],
    ["/api/comparison?benchmark=ZZZ", /benchmark: unknown symbol/],
    ["/api/comparison?symbols=%27%3B%20drop%20table%20bars%3B--", /symbols: .*must be a symbol/],
    ["/api/comparison?symbols=A,B,C,D,E,F,G,H,I", /at most 8 symbols/],
    ["/api/comparison?from=2020-01-01&from=2021-01-01", /from: must be given once/],
    ["/api/comparison?maxPoints=1e9", /maxPoints/],
    ["/api/comparison?foo=bar", /unknown parameter "foo"/],
    ["/api/returns?rollingYears=0", /rollingYears/],
    ["/api/rolling?window=7", /window/],
    ["/api/snapshot?sections=symbols,bogus", /unknown section "bogus"/],
    ["/api/series/NOPE", /unknown series "NOPE"/],
    ["/api/series/%3Cscript%3E/bars", /must be a symbol/],
    ["/api/series/..%2F..%2Fetc%2Fpasswd/bars", /must be a symbol/],
    ["/api/series/%ZZ", /not a valid url/],
    ["/api/series/%5ERUT/bars?from=2024-01-01&to=2023-01-01", /from must not be after to/],
  ];
  for (const [url, message] of cases) {
    test(url, async () => {
      const r = await get(url);
      assert.equal(r.statusCode, 400, r.body);
      const body = r.json();
      assert.equal(body.statusCode, 400);
      assert.match(body.message, message);
      assert.equal(r.headers["content-type"], "application/json; charset=utf-8");
    });
  }

  test("a window the data cannot fill: 400 naming the span the series share", async () => {
    for (const path of ANALYTICS_ENDPOINTS) {
      const r = await get(`${path}?from=1950-01-01&to=1960-12-31`);
      assert.equal(r.statusCode, 400, `${path}: ${r.statusCode} ${r.body.slice(0, 200)}`);
      assert.match(r.json().message, /^no closes of \^RUT, \^GSPC, \^IXIC between 1950-01-01 and 1960-12-31: their common span is \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}$/, path);
    }
  });

  test("unknown routes and methods: 404 JSON", async () => {
    for (const url of ["/nope", "/api", "/api/nope", "/api/series/%5ERUT/nope", "/../../etc/passwd", "/assets/../../package.json", "/%2e%2e/%2e%2e/package.json"]) {
      const r = await get(url);
      assert.equal(r.statusCode, 404, url);
      assert.equal(r.json().statusCode, 404);
      assert.doesNotMatch(r.body, /"dependencies"|root:x:0/);
    }
    const post = await app.inject({ method: "POST", url: "/api/health", payload: "{}" });
    assert.equal(post.statusCode, 404);
    const del = await app.inject({ method: "DELETE", url: "/api/series/%5ERUT" });
    assert.equal(del.statusCode, 404);
  });

  test("security headers on every response", async () => {
    for (const url of ["/api/health", "/api/comparison", "/api/comparison?from=bad", "/nope", "/api/docs"]) {
      const r = await get(url);
      for (const [k, v] of Object.entries(SECURITY_HEADERS)) assert.equal(r.headers[k], v, `${url} ${k}`);
      assert.equal(r.headers["x-powered-by"], undefined);
    }
  });
});
