// Where the dashboard bundle comes from: the compiled server serves dist/web (built by `npm run
// build`, nothing built at start); from the sources (tests, `npm run dev`) it is built on demand
// from web/ into a cache keyed by the sources' hash; R2K_WEB_DIST overrides both; without any of
// them the error says what to run.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import * as sources from "../../src/server/web-build.ts";
import { REPO_ROOT } from "../helpers/real-data.ts";

function bundleDir(root: string, name: string): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "index.html"), `<!doctype html><title>${name}</title>`);
  return dir;
}

test("from the sources the module knows it, and the project root is the repository", () => {
  assert.equal(sources.FROM_SOURCES, true);
  assert.equal(join(sources.PROJECT_ROOT, "/"), join(REPO_ROOT, "/"));
  assert.equal(sources.PREBUILT_WEB_DIR, join(REPO_ROOT, "dist", "web"));
  assert.equal(sources.WEB_DIR, join(REPO_ROOT, "web"));
});

test("the compiled module (dist/server/web-build.js) finds the same root and serves dist/web, building nothing", async () => {
  const compiled = (await import(pathToFileURL(join(REPO_ROOT, "dist/server/web-build.js")).href)) as typeof sources;
  assert.equal(compiled.FROM_SOURCES, false);
  assert.equal(join(compiled.PROJECT_ROOT, "/"), join(REPO_ROOT, "/"));
  const lines: string[] = [];
  const bundle = await compiled.ensureWebBundle({ env: {}, log: (l) => lines.push(l) });
  assert.deepEqual({ ...bundle, ms: 0 }, { dir: join(REPO_ROOT, "dist", "web"), hash: "prebuilt", built: false, ms: 0 });
  assert.deepEqual(lines, []);
});

test("compiled: the prebuilt bundle is served; without it and without web/ sources, the error says what to run", async () => {
  const tmp = mkdtempSync(join(tmpdir(), "r2k-web-"));
  try {
    const prebuilt = bundleDir(tmp, "prebuilt");
    const noWeb = join(tmp, "no-web");
    const served = await sources.ensureWebBundle({ fromSources: false, prebuiltDir: prebuilt, webDir: noWeb, env: {} });
    assert.deepEqual({ dir: served.dir, hash: served.hash, built: served.built }, { dir: prebuilt, hash: "prebuilt", built: false });
    const missing = join(tmp, "missing");
    await assert.rejects(sources.ensureWebBundle({ fromSources: false, prebuiltDir: missing, webDir: noWeb, env: {} }), {
      message: `the dashboard bundle is missing: there is no ${join(missing, "index.html")}. In a clone of r2k, run \`npm ci\` (or \`npm run build\`), which builds it; an installed r2k package ships it, so reinstall it. R2K_WEB_DIST=DIR serves a bundle built elsewhere.`,
    });
    // From the sources without web/ (nothing to build), the last build still serves.
    const fallback = await sources.ensureWebBundle({ fromSources: true, prebuiltDir: prebuilt, webDir: noWeb, env: {} });
    assert.equal(fallback.dir, prebuilt);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

test("R2K_WEB_DIST serves a bundle built elsewhere, from the sources and compiled alike", async () => {
  const tmp = mkdtempSync(join(tmpdir(), "r2k-web-"));
  try {
    const elsewhere = bundleDir(tmp, "elsewhere");
    for (const fromSources of [true, false]) {
      const b = await sources.ensureWebBundle({ fromSources, env: { R2K_WEB_DIST: elsewhere } });
      assert.deepEqual({ dir: b.dir, built: b.built }, { dir: elsewhere, built: false });
    }
    await assert.rejects(sources.ensureWebBundle({ env: { R2K_WEB_DIST: tmp } }), { message: `R2K_WEB_DIST=${tmp} has no index.html` });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

test("from the sources the bundle is built from web/ into the cache under its sources' hash, not taken from dist/web", async () => {
  const tmp = mkdtempSync(join(tmpdir(), "r2k-web-cache-"));
  try {
    const lines: string[] = [];
    const first = await sources.ensureWebBundle({ fromSources: true, cacheRoot: tmp, env: {}, log: (l) => lines.push(l) });
    const hash = sources.webSourceHash();
    assert.deepEqual({ dir: first.dir, hash: first.hash, built: first.built }, { dir: join(tmp, hash), hash, built: true });
    assert.deepEqual(lines, [`building the web bundle (once per source change) into ${join(tmp, hash)}`]);
    const again = await sources.ensureWebBundle({ fromSources: true, cacheRoot: tmp, env: {} });
    assert.deepEqual({ dir: again.dir, built: again.built }, { dir: join(tmp, hash), built: false });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
