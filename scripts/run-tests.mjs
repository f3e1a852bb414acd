#!/usr/bin/env node
// Runs every test/**/*.test.ts with Node's own test runner (TypeScript through tsx), on the Node
// that runs this script (`npx -y -p node@24 -- node scripts/run-tests.mjs` runs them on Node 24).
// Extra arguments are passed on, e.g. `npm test -- --test-name-pattern=import`, except the
// runner's own:
//   --no-browser      skip the tests that drive Chromium (also R2K_TEST_BROWSER=0)
//   --expect-node=N   fail unless this is Node major version N (for CI steps that pick a Node)
// Tests that spawn bin/r2k.js run the compiled build in dist/: when dist/ was not built from the
// current sources (scripts/build-hash.mjs), the runner builds it first.
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { spawnSync } from "node:child_process";
import { REPO_ROOT, buildIfStale } from "./build-hash.mjs";

function find(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return find(path);
    return name.endsWith(".test.ts") ? [path] : [];
  });
}

const own = (a) => a === "--no-browser" || a.startsWith("--expect-node=");
const args = process.argv.slice(2);
const filters = args.filter((a) => !a.startsWith("-"));
const flags = args.filter((a) => a.startsWith("-") && !own(a));
const noBrowser = args.includes("--no-browser") || process.env.R2K_TEST_BROWSER === "0";
const expectNode = args.find((a) => a.startsWith("--expect-node="))?.split("=")[1];

const major = process.versions.node.split(".")[0];
if (expectNode && expectNode !== major) {
  console.error(`run-tests: expected Node ${expectNode}, running on ${process.version} (${process.execPath})`);
  process.exit(1);
}
console.log(`run-tests: Node ${process.version} (${process.execPath})${noBrowser ? ", browser tests skipped" : ""}`);

// The compiled build the CLI tests run must match the sources.
if (!buildIfStale("run-tests: dist/ was not built from the current sources: building it (npm run build)")) {
  console.error("run-tests: the build failed; no tests run");
  process.exit(1);
}

process.chdir(REPO_ROOT);
let files = find("test").sort();
if (filters.length) files = files.filter((f) => filters.some((x) => f.includes(x)));

// The real historical files, found the way test/helpers/real-data.ts finds them. When they are
// here, the tests that read them must run: the runner passes the folder on as an absolute
// R2K_REAL_DATA and sets R2K_REAL_DATA_REQUIRED, which makes `realDataSkip` throw (failing the
// run) instead of skipping if a test process cannot see the folder. Without the folder (or with
// R2K_REAL_DATA pointing nowhere) they skip with a message, as in a user's clone.
const realData = process.env.R2K_REAL_DATA ? resolve(process.env.R2K_REAL_DATA) : resolve(REPO_ROOT, "../shared/data");
const realDataEnv = existsSync(realData) ? { R2K_REAL_DATA: realData, R2K_REAL_DATA_REQUIRED: "1" } : {};
const browserEnv = noBrowser ? { R2K_TEST_BROWSER: "0" } : {};

const result = spawnSync(
  process.execPath,
  ["--import", "tsx", "--test", "--test-reporter=spec", "--test-concurrency=2", ...flags, ...files],
  { stdio: "inherit", cwd: REPO_ROOT, env: { ...process.env, ...realDataEnv, ...browserEnv, R2K_TEST: "1" } },
);
process.exit(result.status ?? 1);
