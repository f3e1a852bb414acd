import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Store } from "../../src/store/index.ts";

/** A fresh store in a temporary directory, removed by the returned cleanup. */
export async function tempStore(): Promise<{ store: Store; dir: string; path: string; cleanup: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), "r2k-test-"));
  const path = join(dir, "r2k.duckdb");
  const store = await Store.open(path);
  return {
    store,
    dir,
    path,
    cleanup: () => {
      try {
        store.close();
      } catch {
        /* already closed */
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
