import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { Store, type StoreKind } from "../../src/store/index.ts";

/**
 * Runs SQL on a store file with DuckDB alone (no Store: nothing checked or repaired), as a
 * commit a kill cut off, or a damaged file, would have left it.
 */
export async function plant(path: string, ...sql: string[]): Promise<void> {
  const db = await DuckDBInstance.create(path);
  const con = await db.connect();
  for (const q of sql) await con.run(q);
  con.closeSync();
  db.closeSync();
}

/**
 * A fresh store in a temporary directory, removed by the returned cleanup: a user store
 * (r2k.duckdb), or with `kind: "demo"` a demo store (r2k.demo.duckdb, where the CLI looks for the
 * demo store of --db DIR/r2k.duckdb).
 */
export async function tempStore(
  opts: { kind?: StoreKind } = {},
): Promise<{ store: Store; dir: string; path: string; cleanup: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), "r2k-test-"));
  const kind = opts.kind ?? "user";
  const path = join(dir, kind === "demo" ? "r2k.demo.duckdb" : "r2k.duckdb");
  const store = await Store.open(path, { kind });
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
