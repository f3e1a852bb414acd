// The compiled build (npm run build) matches the sources, so the tests that spawn bin/r2k.js test
// the current code: scripts/run-tests.mjs rebuilds dist/ when its hash differs; this holds when
// the tests are started another way. The build holds one module per source file and the
// dashboard, and bin/r2k.js says what to run when there is no build.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, sep } from "node:path";
import { builtHash, sourceHash } from "../scripts/build-hash.mjs";
import { REPO_ROOT } from "./helpers/real-data.ts";

/** Every file under `root`, as a path relative to it with forward slashes. */
function filesUnder(root: string, dir = root): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(root, p) : [relative(root, p).split(sep).join("/")];
  });
}

test("dist/ was built from the current sources (npm run build; npm test rebuilds it when they differ)", () => {
  assert.equal(builtHash(), sourceHash(), "dist/ is older than the sources: run `npm run build`");
});

test("the build holds one JavaScript module per source file, DuckDB's Node API in one file, the dashboard bundle and nothing else", () => {
  const src = filesUnder(join(REPO_ROOT, "src")).map((f) => f.replace(/\.ts$/, ".js"));
  const dist = filesUnder(join(REPO_ROOT, "dist"));
  const compiled = dist.filter((f) => !f.startsWith("web/") && !f.startsWith("vendor/") && f !== ".source-hash");
  assert.deepEqual(compiled.sort(), src.sort());
  assert.deepEqual(dist.filter((f) => f.startsWith("vendor/")).sort(), ["vendor/duckdb-node-api.LICENSE", "vendor/duckdb-node-api.cjs", "vendor/duckdb-node-api.json"]);
  assert.ok(dist.includes("web/index.html"));
  assert.ok(dist.some((f) => /^web\/assets\/index-[\w-]+\.js$/.test(f)), "the dashboard's script");
  const main = spawnSync(process.execPath, ["-e", "import('./dist/cli/main.js').then((m) => console.log(typeof m.main))"], { cwd: REPO_ROOT, encoding: "utf8" });
  assert.equal(main.stdout.trim(), "function", main.stderr);
});

test("bin/r2k.js runs the compiled CLI, and says what to run when there is none", () => {
  const version = spawnSync(process.execPath, [join(REPO_ROOT, "bin/r2k.js"), "--version"], { encoding: "utf8" });
  assert.equal(version.status, 0, version.stderr);
  assert.equal(version.stdout.trim(), "0.1.0");
  const dir = mkdtempSync(join(tmpdir(), "r2k-nobuild-"));
  try {
    mkdirSync(join(dir, "bin"));
    copyFileSync(join(REPO_ROOT, "bin/r2k.js"), join(dir, "bin/r2k.js"));
    assert.ok(!existsSync(join(dir, "dist")));
    const r = spawnSync(process.execPath, [join(dir, "bin/r2k.js"), "--help"], { encoding: "utf8" });
    assert.equal(r.status, 1);
    assert.equal(r.stdout, "");
    assert.equal(r.stderr, "r2k: the compiled CLI (dist/cli/main.js) is missing: in a clone of r2k, run `npm ci` or `npm run build`\n");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
