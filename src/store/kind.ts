/**
 * What a store file is. A `user` store holds the user's own data (imports, updates, index
 * builds from it); a `demo` store holds only the synthetic demo market. The kind is written
 * into `store_meta` when the file is created, and the store refuses rows of the other kind,
 * so no command can mix the two.
 */
import { DEMO_SOURCE } from "../model/demo-source.ts";
import type { Store } from "./store.ts";

export type StoreKind = "user" | "demo";

/** Stored tables whose rows carry a `source` column. */
export const SOURCE_TABLES = [
  "bars",
  "observations",
  "holdings",
  "fund_other_rows",
  "securities",
  "series",
  "corporate_actions",
  "fund_snapshots",
] as const;
export type SourceTable = (typeof SOURCE_TABLES)[number];

/** Why `source` may not be written into a store of `kind`, or null when it may. */
export function refusal(kind: StoreKind, path: string, source: string): string | null {
  if (kind === "user" && source === DEMO_SOURCE) {
    return `refusing to write synthetic demo rows into the store ${path}: it holds your own data; the demo market lives in its own file (r2k demo)`;
  }
  if (kind === "demo" && source !== DEMO_SOURCE) {
    return `refusing to write rows with source "${source}" into ${path}: it is the synthetic demo store and holds only demo rows; import real data into your own store (without --demo)`;
  }
  return null;
}

export interface DemoRowsRemoved {
  /** Rows removed per table. */
  tables: Record<SourceTable, number>;
  /** Records of demo imports (source kind "demo") removed with them. */
  imports: number;
  /** All rows removed (import records not counted). */
  total: number;
}

/**
 * Deletes every row with source "demo" from every table that carries a source, and the records
 * of demo imports. Must run inside a transaction.
 */
export async function deleteDemoRows(store: Store): Promise<DemoRowsRemoved> {
  const tables = {} as Record<SourceTable, number>;
  let total = 0;
  for (const table of SOURCE_TABLES) {
    const n = Number(await store.scalar(`select count(*) from ${table} where source = $1`, [DEMO_SOURCE]));
    if (n > 0) await store.run(`delete from ${table} where source = $1`, [DEMO_SOURCE]);
    tables[table] = n;
    total += n;
  }
  const imports = Number(await store.scalar(`select count(*) from imports where source_kind = $1`, [DEMO_SOURCE]));
  if (imports > 0) await store.run(`delete from imports where source_kind = $1`, [DEMO_SOURCE]);
  return { tables, imports, total };
}
