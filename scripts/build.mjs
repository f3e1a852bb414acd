#!/usr/bin/env node
// `npm run build` (and `npm ci`, through `prepare`): compiles src/ to JavaScript in dist/ (tsc,
// tsconfig.build.json: "./x.ts" imports become "./x.js"), bundles DuckDB's Node API into
// dist/vendor (esbuild) and builds the dashboard (Vite, web/) into dist/web. dist/ is emptied
// first, so nothing from an older build survives; the hash of the inputs is written last
// (dist/.source-hash), so an interrupted build counts as no build.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { REPO_ROOT, STAMP, sourceHash } from "./build-hash.mjs";

const require = createRequire(import.meta.url);
const t0 = Date.now();
const dist = join(REPO_ROOT, "dist");

function fail(message) {
  process.stderr.write(`build: ${message}\n`);
  process.exit(1);
}

/** A dev dependency the build runs, or the build stops saying how to get it. */
async function devTool(load) {
  try {
    return await load();
  } catch {
    return fail("the build needs the dev dependencies (typescript, esbuild, vite): run `npm ci` without --omit=dev");
  }
}
const tsc = await devTool(() => require.resolve("typescript/bin/tsc"));
const esbuild = await devTool(() => import("esbuild"));
const vite = await devTool(() => import("vite"));

const hash = sourceHash();
rmSync(dist, { recursive: true, force: true });

const compiled = spawnSync(process.execPath, [tsc, "-p", join(REPO_ROOT, "tsconfig.build.json")], { stdio: "inherit" });
if (compiled.status !== 0) fail("tsc failed (type errors above); dist/ is incomplete");

// @duckdb/node-api as one file (see src/store/duckdb.ts, which loads it only when it matches the
// installed package): its 124 files loaded one by one cost ~45 ms of every command's start.
const vendor = join(dist, "vendor");
const nodeApi = require.resolve("@duckdb/node-api");
const nodeApiVersion = require("@duckdb/node-api/package.json").version;
await esbuild.build({
  entryPoints: [nodeApi],
  outfile: join(vendor, "duckdb-node-api.cjs"),
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  external: ["@duckdb/node-bindings"], // the native library: resolved at run time, never copied
  banner: { js: `// @duckdb/node-api ${nodeApiVersion} (MIT License, see duckdb-node-api.LICENSE) in one file, made by r2k's build.` },
  logLevel: "warning",
});
copyFileSync(join(dirname(nodeApi), "..", "LICENSE"), join(vendor, "duckdb-node-api.LICENSE"));
writeFileSync(join(vendor, "duckdb-node-api.json"), `${JSON.stringify({ version: nodeApiVersion })}\n`);

const web = join(REPO_ROOT, "web");
await vite.build({
  root: web,
  configFile: join(web, "vite.config.ts"),
  logLevel: "warn",
  build: { outDir: join(dist, "web"), emptyOutDir: true },
});

mkdirSync(dist, { recursive: true });
writeFileSync(join(REPO_ROOT, STAMP), `${hash}\n`);
process.stdout.write(`build: dist/ (compiled CLI and server, DuckDB's Node API in dist/vendor) and dist/web (dashboard) in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
