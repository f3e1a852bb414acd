// The guard behind "CI fails if the real-data tests are skipped while the folder exists":
// scripts/run-tests.mjs sets R2K_REAL_DATA_REQUIRED when it finds the real historical files, and
// test/helpers/real-data.ts then refuses to load (failing every real-data test) if it cannot see
// them, instead of letting `realDataSkip` skip them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { REPO_ROOT } from "../helpers/real-data.ts";

const load = (env: Record<string, string>) =>
  spawnSync(process.execPath, ["--import", "tsx", "-e", "await import('./test/helpers/real-data.ts'); console.log('loaded')"], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    env: { ...process.env, ...env },
  });

test("with R2K_REAL_DATA_REQUIRED, a missing real-data folder fails instead of skipping", () => {
  const required = load({ R2K_REAL_DATA: "/nonexistent/r2k-real-data", R2K_REAL_DATA_REQUIRED: "1" });
  assert.notEqual(required.status, 0);
  assert.match(required.stderr, /the test runner found the real historical files, but this test process finds no folder at \/nonexistent\/r2k-real-data/);
  const optional = load({ R2K_REAL_DATA: "/nonexistent/r2k-real-data", R2K_REAL_DATA_REQUIRED: "" });
  assert.equal(optional.status, 0, optional.stderr);
  assert.equal(optional.stdout.trim(), "loaded");
});
