import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { loadDuckDB } from "../../src/store/duckdb.ts";
import { REPO_ROOT } from "../helpers/real-data.ts";

const require = createRequire(import.meta.url);
const installed = require("@duckdb/node-api") as typeof import("@duckdb/node-api");
const version = (require("@duckdb/node-api/package.json") as { version: string }).version;
const BUILT = join(REPO_ROOT, "dist", "vendor", "duckdb-node-api.cjs");

/**
 * A vendor folder holding the build's single-file copy of @duckdb/node-api with `recorded` as the
 * version it was made from. Inside the repository, so that it resolves the installed bindings.
 */
function vendorDir(recorded: string | null): { url: URL; cleanup: () => void } {
  const base = join(REPO_ROOT, "node_modules", ".cache");
  mkdirSync(base, { recursive: true });
  const dir = mkdtempSync(join(base, "r2k-vendor-"));
  copyFileSync(BUILT, join(dir, "duckdb-node-api.cjs"));
  if (recorded !== null) writeFileSync(join(dir, "duckdb-node-api.json"), JSON.stringify({ version: recorded }));
  return { url: pathToFileURL(`${dir}/`), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

test("the build bundles @duckdb/node-api into one file with its version and licence", { skip: !existsSync(BUILT) && "no build (npm run build)" }, () => {
  const dir = join(REPO_ROOT, "dist", "vendor");
  assert.deepEqual(JSON.parse(readFileSync(join(dir, "duckdb-node-api.json"), "utf8")), { version });
  assert.match(readFileSync(join(dir, "duckdb-node-api.LICENSE"), "utf8"), /^Copyright .* DuckDB Foundation/);
});

test("the single-file copy is used when it was built from the installed version, and works", { skip: !existsSync(BUILT) && "no build (npm run build)" }, async () => {
  const v = vendorDir(version);
  try {
    const api = loadDuckDB(v.url);
    assert.notEqual(api, installed, "the copy, not the package");
    const db = await api.DuckDBInstance.create(":memory:");
    const conn = await db.connect();
    const reader = await conn.runAndReadAll("select 41 + 1 as n, date '2020-02-29' as d");
    const [row] = reader.getRowObjects();
    assert.equal(row.n, 42);
    assert.ok(row.d instanceof api.DuckDBDateValue, "values are the copy's own classes");
    assert.equal(row.d.days, 18321);
    conn.closeSync();
    db.closeSync();
  } finally {
    v.cleanup();
  }
});

test("the package itself is loaded when the copy is missing, of another version or unrecorded", { skip: !existsSync(BUILT) && "no build (npm run build)" }, () => {
  const none = pathToFileURL(join(REPO_ROOT, "node_modules", ".cache", "r2k-no-vendor-here/")) as URL;
  assert.equal(loadDuckDB(none), installed);
  for (const recorded of ["0.0.1", null]) {
    const v = vendorDir(recorded);
    try {
      assert.equal(loadDuckDB(v.url), installed, `recorded ${recorded}`);
    } finally {
      v.cleanup();
    }
  }
});

test("the compiled store loads the single-file copy, not the package's files", { skip: !existsSync(BUILT) && "no build (npm run build)" }, () => {
  const r = spawnSync(
    process.execPath,
    ["-e", `import(${JSON.stringify(pathToFileURL(join(REPO_ROOT, "dist", "store", "store.js")).href)}).then(() => { const k = Object.keys(require.cache); console.log(JSON.stringify({ copy: k.filter((f) => f.endsWith("duckdb-node-api.cjs")).length, files: k.filter((f) => f.includes("node-api" + require("node:path").sep + "lib")).length })); })`],
    { encoding: "utf8", cwd: REPO_ROOT },
  );
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { copy: 1, files: 0 });
});
