// The API contract (src/server/contract.ts): every route is in it, the OpenAPI document names
// each route's response schema, and every endpoint's real response validates against its schema,
// on the demo market and on the real files (skipped when absent). Responses are validated here,
// not in production (see the contract's header).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { FastifyInstance } from "fastify";
import type { z } from "zod";
import { type ApiPath, CONTRACT } from "../../src/server/contract.ts";
import { buildApp } from "../../src/server/index.ts";
import { Figure } from "../../src/server/responses/shared.ts";
import { realDataSkip } from "../helpers/real-data.ts";
import { Store } from "../../src/store/index.ts";
import { demoStoreCopy, realDataApp } from "./helpers.ts";

/** The first issues of a failed validation, with where they are: enough to find the field. */
function issues(error: z.ZodError, body: unknown): string {
  return error.issues
    .slice(0, 5)
    .map((i) => {
      let at: unknown = body;
      for (const k of i.path.slice(0, -1)) at = (at as Record<PropertyKey, unknown>)?.[k as PropertyKey];
      return `${i.path.join(".") || "(root)"}: ${i.message}${i.code === "unrecognized_keys" ? "" : ` (in ${JSON.stringify(at)?.slice(0, 200)})`}`;
    })
    .join("\n");
}

/** The window variations every measured endpoint is validated under (each changes which shapes appear). */
const WINDOWS = [
  "",
  "?from=2015-01-01&to=2020-12-31&basis=total",
  "?symbols=%5ERUT,IWM,SPY&span=full&benchmark=IWM&maxPoints=100",
  // Before every holdings snapshot: composition, valuation and breadth say why they are unavailable.
  "?to=2008-06-30",
];

/** URLs of every route of the contract, on the given stored ids. */
function urlsOf(opts: { price: string; macro: string; recon: string[] }): [ApiPath, string][] {
  const out: [ApiPath, string][] = [];
  const id = (s: string) => encodeURIComponent(s);
  for (const path of Object.keys(CONTRACT) as ApiPath[]) {
    if (path === "/api/health" || path === "/api/series") out.push([path, path]);
    else if (path === "/api/series/:id") out.push([path, `/api/series/${id(opts.price)}`], [path, `/api/series/${id(opts.macro)}`]);
    else if (path === "/api/series/:id/bars") out.push([path, `/api/series/${id(opts.price)}/bars`], [path, `/api/series/${id(opts.price)}/bars?from=2020-01-01&maxPoints=50`]);
    else if (path === "/api/series/:id/observations") out.push([path, `/api/series/${id(opts.macro)}/observations?from=2020-01-01`]);
    else if (path === "/api/recon") for (const q of opts.recon) out.push([path, `${path}${q}`]);
    else if (path === "/api/valuation/history") out.push([path, path]);
    else for (const q of WINDOWS) out.push([path, `${path}${q}`]);
  }
  out.push(["/api/returns", "/api/returns?rollingYears=10"], ["/api/rolling", "/api/rolling?window=252&benchmark=%5ERUT"]);
  return out;
}

/** Fetches every URL (each must answer 200) and validates its body; returns the routes covered. */
async function validateAll(app: FastifyInstance, urls: [ApiPath, string][]): Promise<string[]> {
  const failures: string[] = [];
  for (const [path, url] of urls) {
    const r = await app.inject({ method: "GET", url });
    assert.equal(r.statusCode, 200, `${url}: ${r.body.slice(0, 300)}`);
    const body: unknown = r.json();
    const result = CONTRACT[path].response.safeParse(body);
    if (!result.success) failures.push(`${url}\n${issues(result.error, body)}`);
  }
  assert.deepEqual(failures, [], `responses that do not match their schema:\n${failures.join("\n\n")}`);
  return [...new Set(urls.map(([path]) => path))].sort();
}

describe("the contract on the demo market", () => {
  let app: FastifyInstance;
  let close: (() => Promise<void>) | undefined;
  let routes: string[];

  before(async () => {
    const copy = await demoStoreCopy();
    const store = await Store.open(copy.path);
    close = async () => {
      await app?.close();
      store.close();
      copy.cleanup();
    };
    const built = await buildApp({ store, rateLimit: false });
    app = built.app;
    routes = built.api.routes.map((r) => r.spec.path);
  });

  after(() => close?.());

  test("every registered route is in the contract, and every route of the contract is registered", () => {
    assert.deepEqual([...routes].sort(), Object.keys(CONTRACT).sort());
  });

  test("the OpenAPI document names a response schema for every route, each a component of the document", async () => {
    const doc = (await app.inject({ method: "GET", url: "/api/docs" })).json();
    const schemas = doc.components.schemas as Record<string, { type?: string; properties?: Record<string, unknown>; additionalProperties?: boolean }>;
    for (const path of Object.keys(CONTRACT)) {
      const open = path.replace(/:([A-Za-z]+)/g, "{$1}");
      const ref: string | undefined = doc.paths[open]?.get?.responses?.["200"]?.content?.["application/json"]?.schema?.$ref;
      assert.match(ref ?? "", /^#\/components\/schemas\/\w+Response$/, `${path}: no response schema`);
      const schema = schemas[ref!.split("/").at(-1)!];
      assert.equal(schema?.type, "object", `${path}: ${ref} is not in the document`);
      assert.equal(schema.additionalProperties, false, `${path}: the response schema is strict`);
    }
    // Measured responses start with the envelope; its window and provenance are described.
    assert.deepEqual(Object.keys(schemas.ComparisonResponse.properties!), ["meta", "benchmark", "horizons", "rows", "notes"]);
    assert.deepEqual(Object.keys(schemas.Meta.properties!), ["storeVersion", "request", "window", "basis", "asOf", "sources", "demo"]);
    assert.deepEqual(Object.keys(schemas.Figure.properties!), ["value", "unit", "asOf", "window", "sources", "reason"]);
    // References resolve: every $ref names a component of the document.
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]);
    assert.ok(refs.length > 50);
    assert.deepEqual([...new Set(refs)].filter((id) => !(id in schemas)), []);
  });

  test("schemas are strict: a field the contract does not name fails", () => {
    const figure = { value: 0.1, unit: "fraction", asOf: "2024-12-31", window: { from: "2024-01-02", to: "2024-12-31" }, sources: ["^RUT:demo"] };
    assert.equal(Figure.safeParse(figure).success, true);
    assert.equal(Figure.safeParse({ ...figure, reason: "why" }).success, true);
    assert.equal(Figure.safeParse({ ...figure, extra: 1 }).success, false);
    assert.equal(Figure.safeParse({ ...figure, value: undefined }).success, false);
    assert.equal(Figure.safeParse({ ...figure, unit: "percent" }).success, false);
  });

  test("every endpoint's response validates against its schema", async () => {
    const covered = await validateAll(app, urlsOf({ price: "^RUT", macro: "DGS10", recon: ["", "?previous=none&limit=5", "?universe=demo&limit=0"] }));
    assert.deepEqual(covered, Object.keys(CONTRACT).sort());
  });
});

describe("the contract on the real files", { skip: realDataSkip }, () => {
  let app: FastifyInstance;
  let close: (() => Promise<void>) | undefined;

  before(async () => {
    ({ app, close } = await realDataApp());
  });

  after(async () => {
    await close?.();
  });

  test("every endpoint's response validates against its schema (fund-dollar caps shown as null included)", async () => {
    const recon = await app.inject({ method: "GET", url: "/api/recon?limit=5" });
    assert.equal(recon.json().capBasis, "fund-dollars");
    assert.equal(recon.json().indexes[0].totalCap, null);
    const covered = await validateAll(app, urlsOf({ price: "IWM", macro: "DFF", recon: ["", "?previous=none&limit=5", "?universe=stored:IWM&limit=0"] }));
    assert.deepEqual(covered, Object.keys(CONTRACT).sort());
  });
});
