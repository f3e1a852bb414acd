/**
 * What the browser tests start: a headless Chromium, and a server over a fresh store holding
 * the files given (imported as `r2k import` does). Apart from browser.ts, which tests that only
 * ask whether to skip import without loading playwright-core.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext } from "playwright-core";
import { startServer, type RunningServer } from "../../src/server/index.ts";
import { importPaths } from "../../src/services/import.ts";
import { Store } from "../../src/store/index.ts";
import { CHROMIUM, CHROMIUM_ARGS } from "./browser.ts";

/** A headless Chromium with its profile in `profile`. */
export function launchChromium(profile: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_ARGS] });
}

export interface ServedStore {
  server: RunningServer;
  context: BrowserContext;
  /** Closes the browser and the server, and removes the store and the profile. */
  cleanup: () => Promise<void>;
}

/** A server over a fresh store holding `files` (none may be rejected), and a headless Chromium. */
export async function serveImported(files: string[], opts: { now?: () => Date } = {}): Promise<ServedStore> {
  const dir = mkdtempSync(join(tmpdir(), "r2k-e2e-"));
  const dbPath = join(dir, "r2k.duckdb");
  const store = await Store.open(dbPath);
  try {
    const results = await importPaths(store, files);
    assert.deepEqual(results.filter((r) => r.status === "rejected").map((r) => r.error?.message), []);
  } finally {
    store.close();
  }
  const server = await startServer({ dbPath, port: 0, rateLimit: false, now: opts.now });
  const context = await launchChromium(join(dir, "chromium"));
  return {
    server,
    context,
    cleanup: async () => {
      await context.close();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
