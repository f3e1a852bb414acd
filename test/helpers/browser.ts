/**
 * Whether the tests that drive a browser run. They use Debian's Chromium through playwright-core
 * and are skipped, with the reason, when it is absent or when the test runner was told to leave
 * them out (`npm test -- --no-browser`, or R2K_TEST_BROWSER=0: .ci/run's Node 24 step).
 */
import { existsSync } from "node:fs";

export const CHROMIUM = "/usr/bin/chromium";

/** Chromium's flags for the tests: headless, no sandbox, GPU, background networking, updates or sync. */
export const CHROMIUM_ARGS: readonly string[] = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

/** For `{ skip: browserSkip() }`: false when the browser tests run, else why they are skipped. */
export function browserSkip(executable = CHROMIUM): false | string {
  if (process.env.R2K_TEST_BROWSER === "0") return "browser tests left out (R2K_TEST_BROWSER=0, e.g. npm test -- --no-browser)";
  return existsSync(executable) ? false : `no Chromium at ${executable} (apt-get install chromium; CI installs it)`;
}
