/**
 * Shared fixtures of the server and end-to-end tests: a demo store (the demo market's own file)
 * built once per generator version (cached under .r2k-test/, gitignored) and copied for each test
 * file, so each file runs against its own DuckDB file (one process per file).
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { FastifyInstance } from "fastify";
import { buildApp } from "../../src/server/index.ts";
import { loadDemo } from "../../src/services/demo.ts";
import { importPaths } from "../../src/services/import.ts";
import { GENERATOR_VERSION } from "../../src/sources/demo/index.ts";
import { Store } from "../../src/store/index.ts";
import { realFile } from "../helpers/real-data.ts";
import { tempStore } from "../helpers/store.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const DEMO_END = "2025-06-30";

function demoKey(): string {
  const h = createHash("sha256").update(`v${GENERATOR_VERSION} end ${DEMO_END}\n`);
  for (const dir of ["src/sources/demo", "src/store"]) {
    for (const f of readdirSync(join(ROOT, dir)).sort()) h.update(f).update(readFileSync(join(ROOT, dir, f)));
  }
  h.update(readFileSync(join(ROOT, "src/services/demo.ts")));
  return h.digest("hex").slice(0, 16);
}

/** Path of a cached demo store (built on first use, ~10 s). */
async function cachedDemo(): Promise<string> {
  const dir = join(ROOT, ".r2k-test");
  const path = join(dir, `demo-${demoKey()}.duckdb`);
  if (existsSync(path)) return path;
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `.build-${process.pid}-${Date.now()}.duckdb`);
  const store = await Store.open(tmp, { kind: "demo" });
  try {
    await loadDemo(store, { endDate: DEMO_END });
  } finally {
    store.close();
  }
  rmSync(`${tmp}.wal`, { force: true });
  if (!existsSync(path)) renameSync(tmp, path);
  else rmSync(tmp, { force: true });
  return path;
}

/**
 * A private copy of the demo store in a temp dir, as the demo store of `userPath` (no file there:
 * `--db userPath --demo` reads the copy, and so does `--db userPath` alone while nothing else is
 * stored); `cleanup` removes both.
 */
export async function demoStoreCopy(): Promise<{ path: string; userPath: string; cleanup: () => void }> {
  const src = await cachedDemo();
  const dir = mkdtempSync(join(tmpdir(), "r2k-server-test-"));
  const path = join(dir, "r2k.demo.duckdb");
  copyFileSync(src, path);
  return { path, userPath: join(dir, "r2k.duckdb"), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * The API (no rate limit, no web bundle) over a private copy of the demo store, as the server
 * test files set it up in their before hook; `close` shuts the app, closes the store and removes
 * the copy.
 */
export async function demoApp(): Promise<{ app: FastifyInstance; store: Store; close: () => Promise<void> }> {
  const copy = await demoStoreCopy();
  let store: Store | undefined;
  let app: FastifyInstance | undefined;
  const close = async () => {
    try {
      await app?.close();
    } finally {
      store?.close();
      copy.cleanup();
    }
  };
  try {
    store = await Store.open(copy.path);
    ({ app } = await buildApp({ store, rateLimit: false }));
  } catch (err) {
    await close();
    throw err;
  }
  return { app, store, close };
}

/**
 * The API (no rate limit, no web bundle) over a temporary store holding the real files of
 * `folders` (test/helpers/real-data.ts); every file must import. `close` shuts the app and
 * removes the store.
 */
export async function realDataApp(folders: readonly string[] = ["prices", "fred", "holdings"]): Promise<{ app: FastifyInstance; close: () => Promise<void> }> {
  const t = await tempStore();
  let app: FastifyInstance | undefined;
  const close = async () => {
    try {
      await app?.close();
    } finally {
      t.cleanup();
    }
  };
  try {
    const results = await importPaths(t.store, folders.map((d) => realFile(d)));
    assert.deepEqual(results.filter((r) => r.status === "rejected").map((r) => `${r.file}: ${r.error?.message}`), []);
    ({ app } = await buildApp({ store: t.store, rateLimit: false }));
  } catch (err) {
    await close();
    throw err;
  }
  return { app, close };
}

/** The analytics endpoints (window and symbols parameters), checked by the api and fuzz tests. */
export const ANALYTICS_ENDPOINTS = [
  "/api/comparison",
  "/api/snapshot",
  "/api/returns",
  "/api/rolling",
  "/api/drawdowns",
  "/api/case-studies",
  "/api/leadership",
  "/api/lead-lag",
  "/api/rates",
  "/api/composition",
  "/api/valuation",
  "/api/breadth",
  "/api/tracking",
  "/api/risk",
];
