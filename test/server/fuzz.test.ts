// Property tests: whatever a client sends (random text, injection strings, odd dates, repeated
// or unknown parameters, percent-encoding), every endpoint answers 2xx/3xx/4xx with a JSON
// message, never 500.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import type { FastifyInstance } from "fastify";
import { ANALYTICS_ENDPOINTS, demoApp } from "./helpers.ts";

let app: FastifyInstance;
let close: (() => Promise<void>) | undefined;

before(async () => {
  ({ app, close } = await demoApp());
});

after(() => close?.());

const PATHS = [
  "/api/health",
  "/api/series",
  ...ANALYTICS_ENDPOINTS,
  "/api/series/%5ERUT/bars",
  "/api/series/DFF/observations",
  "/api/docs",
];

const INJECTIONS = [
  "' OR 1=1 --",
  "'; drop table bars; --",
  "^RUT'); delete from imports; --",
  "<script>alert(1)</script>",
  "../../../../etc/passwd",
  "..%2f..%2f",
  "%00",
  "\u0000",
  "${7*7}",
  "{{7*7}}",
  "1e309",
  "-1",
  "NaN",
  "Infinity",
  "9999-99-99",
  "2020-02-30",
  "2024-02-29",
  "1899-12-31",
  "2101-01-01",
  "0000-00-00",
  "^RUT,^RUT,^RUT",
  ",,,",
  " ",
  "A".repeat(5000),
  "😀",
  "\\",
  "%",
  "%%",
  "[]",
  "{}",
];

const KEYS = ["from", "to", "symbols", "benchmark", "maxPoints", "rollingYears", "window", "sections", "id", "__proto__", "constructor", "from[]", "x"];

const value = fc.oneof(
  fc.constantFrom(...INJECTIONS),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 20 }),
  fc.date({ min: new Date(Date.UTC(1850, 0, 1)), max: new Date(Date.UTC(2150, 0, 1)), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
  fc.integer({ min: -1_000_000, max: 1_000_000 }).map(String),
  fc.constantFrom("^RUT", "^GSPC", "^IXIC", "IWM", "SPY", "DFF", "NOPE", "^RUT,^GSPC", "IWM,KRE,QQQ"),
);

function assertNot500(path: string, r: { statusCode: number; body: string; headers: Record<string, unknown> }): void {
  assert.ok(r.statusCode < 500, `${path} -> ${r.statusCode} ${r.body.slice(0, 300)}`);
  if (r.statusCode >= 400) {
    const body = JSON.parse(r.body) as { statusCode: number; message: string };
    assert.equal(body.statusCode, r.statusCode);
    assert.equal(typeof body.message, "string");
    assert.ok(body.message.length > 0);
  }
}

test("random query strings on every endpoint: never 500", async () => {
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...PATHS), fc.array(fc.tuple(fc.constantFrom(...KEYS), value), { maxLength: 4 }), async (path, pairs) => {
      const qs = new URLSearchParams(pairs).toString();
      const url = qs ? `${path}?${qs}` : path;
      assertNot500(url, await app.inject({ method: "GET", url }));
    }),
    { numRuns: 400 },
  );
});

test("raw (unencoded) query and path text: never 500", async () => {
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...PATHS), fc.string({ maxLength: 60 }), fc.string({ maxLength: 30 }), async (path, raw, seg) => {
      const q = `${path}?${raw.replace(/[#\s]/g, "")}`;
      assertNot500(q, await app.inject({ method: "GET", url: q }));
      const p = `/api/series/${encodeURIComponent(seg)}/bars`;
      assertNot500(p, await app.inject({ method: "GET", url: p }));
    }),
    { numRuns: 300 },
  );
});

test("valid windows of any length and place: 200 or a 400 that explains", async () => {
  const day = fc.date({ min: new Date(Date.UTC(1900, 0, 1)), max: new Date(Date.UTC(2100, 11, 31)), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
  await fc.assert(
    fc.asyncProperty(fc.constantFrom("/api/comparison", "/api/drawdowns", "/api/leadership", "/api/risk", "/api/tracking"), day, day, async (path, a, b) => {
      const [from, to] = a <= b ? [a, b] : [b, a];
      const url = `${path}?from=${from}&to=${to}`;
      const r = await app.inject({ method: "GET", url });
      assertNot500(url, r);
      // A window the stored series cannot fill is refused with the span they share.
      if (r.statusCode === 400) assert.match(r.json().message, /their common span is \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}$/, url);
      else assert.equal(r.statusCode, 200, `${url}: ${r.body.slice(0, 200)}`);
    }),
    { numRuns: 40 },
  );
});
