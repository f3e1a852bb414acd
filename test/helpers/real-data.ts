import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The folder of real historical files (prices/, fred/, holdings/, extra/) that tests and
 * benchmarks may read: `$R2K_REAL_DATA` (relative to the working directory), else
 * `../shared/data` beside the repository, which exists only in development. Tests that need it
 * skip with `realDataSkip` when it is absent; nothing in the product reads it.
 */
export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));

export const REAL_DATA = process.env.R2K_REAL_DATA
  ? resolve(process.env.R2K_REAL_DATA)
  : resolve(REPO_ROOT, "../shared/data");

export const realDataAvailable = existsSync(REAL_DATA);

/**
 * Set by scripts/run-tests.mjs when it found the folder: the tests that read it must run, so a
 * test process that cannot see it fails instead of skipping them silently.
 */
const REQUIRED = process.env.R2K_REAL_DATA_REQUIRED === "1";
if (REQUIRED && !realDataAvailable) {
  throw new Error(`the test runner found the real historical files, but this test process finds no folder at ${REAL_DATA}: the real-data tests would be skipped`);
}

/** For `{ skip: realDataSkip }`: false when the folder exists, else why the test is skipped. */
export const realDataSkip: false | string = realDataAvailable
  ? false
  : `no folder of real historical files at ${REAL_DATA} (set R2K_REAL_DATA to one with prices/, fred/, holdings/)`;

/** A path inside the real-data folder: realFile("holdings", "IWM_holdings_2026-05-05.csv"). */
export function realFile(...parts: string[]): string {
  return join(REAL_DATA, ...parts);
}

/**
 * The independent reference figures (a Markdown table per section) kept next to the real-data
 * folder (`../docs/reference-figures.md`), or `$R2K_REFERENCE_FIGURES`. Optional: the test
 * that reads it checks its values without it.
 */
export const REFERENCE_FIGURES = process.env.R2K_REFERENCE_FIGURES
  ? resolve(process.env.R2K_REFERENCE_FIGURES)
  : resolve(REAL_DATA, "../docs/reference-figures.md");
