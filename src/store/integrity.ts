/**
 * The store's invariants, checked and repaired. A kill while DuckDB writes its log at a commit can
 * leave part of a commit that never finished in the file (DuckDB 1.5 replays the row groups of
 * such a commit on the next open): rows with no import record, a key stored twice, series
 * without metadata. Every write stores its rows and its import record in one transaction, so the
 * import record is the commit marker: rows whose import id has no record never committed.
 *
 * Cheap part on every open (rows of an import with no record, a few milliseconds); the full
 * check after an unclean shutdown (DuckDB's log was left behind) and in `r2k check`, which also
 * reads every stored block so that DuckDB verifies its checksums.
 */
import { describeSeries } from "../model/series-catalog.ts";
import type { Store } from "./store.ts";

/** A table whose rows each name the import that wrote them, and the columns that key a row. */
interface ImportedTable {
  table: string;
  keys: readonly string[];
  /** The column naming the row's series, for tables whose series need a record in `series`. */
  series?: string;
  macro?: boolean;
}

const TABLES: readonly ImportedTable[] = [
  { table: "bars", keys: ["symbol", "date"], series: "symbol" },
  { table: "observations", keys: ["series_id", "date"], series: "series_id", macro: true },
  { table: "corporate_actions", keys: ["symbol", "date", "kind"] },
  { table: "fund_snapshots", keys: ["fund", "as_of"] },
  { table: "holdings", keys: ["fund", "as_of", "ticker", "name"] },
  { table: "fund_other_rows", keys: ["fund", "as_of", "ticker", "name"] },
  { table: "securities", keys: ["universe", "as_of", "id"] },
  { table: "companies", keys: ["cik"] },
  { table: "facts", keys: ["cik", "taxonomy", "concept", "unit", "period_end", "days", "accession", "seq"] },
];

export type ProblemKind = "uncommittedRows" | "duplicateKeys" | "missingSeries" | "unappliedImport" | "incompleteImport" | "damaged";

/** Faults r2k cannot put right itself: the message says what the user can do. */
export const UNREPAIRABLE: readonly ProblemKind[] = ["incompleteImport", "damaged"];

/** One thing wrong with a store, in plain words, and whether it was put right. */
export interface IntegrityProblem {
  kind: ProblemKind;
  /** The table it was found in; null for the file as a whole. */
  table: string | null;
  /** Rows (or keys, or series) concerned. */
  count: number;
  message: string;
  repaired: boolean;
}

const n = (x: number) => x.toLocaleString("en-US");

/** Ids of imports that have rows but no import record (a few milliseconds on millions of rows). */
export async function uncommittedImportIds(store: Store): Promise<number[]> {
  const rows = await store.rows<{ id: number }>(
    // Every table's ids in one set less the recorded ones: a third of the time of one anti-join
    // per table (import_id is NOT NULL everywhere, so EXCEPT and NOT IN agree).
    `select id from (${TABLES.map((t) => `select import_id as id from ${t.table}`).join(" union ")} except select id from imports) order by 1`,
  );
  return rows.map((r) => Number(r.id));
}

/** Every invariant, table by table: what is wrong now (nothing repaired). */
export async function findProblems(store: Store): Promise<IntegrityProblem[]> {
  const problems: IntegrityProblem[] = [];
  for (const t of TABLES) {
    const orphans = await store.rows<{ id: number; rows: number }>(
      `select import_id as id, count(*)::bigint as rows from ${t.table} where import_id not in (select id from imports) group by 1 order by 1`,
    );
    const total = orphans.reduce((s, o) => s + Number(o.rows), 0);
    if (total > 0) {
      const ids = orphans.map((o) => Number(o.id));
      problems.push({
        kind: "uncommittedRows",
        table: t.table,
        count: total,
        message: `${n(total)} rows of ${t.table} belong to ${ids.length === 1 ? `import ${ids[0]}` : `imports ${ids.join(", ")}`}, which never committed (no import record)`,
        repaired: false,
      });
    }
    // The rest counts committed rows only: what stays once uncommitted rows are removed.
    const committed = `(select * from ${t.table} where import_id in (select id from imports))`;
    const keys = t.keys.join(", ");
    const dupes = Number(
      await store.scalar(`select coalesce(sum(c - 1), 0)::bigint from (select count(*) as c from ${committed} group by ${keys} having count(*) > 1)`),
    );
    if (dupes > 0) {
      problems.push({
        kind: "duplicateKeys",
        table: t.table,
        count: dupes,
        message: `${n(dupes)} rows of ${t.table} repeat a (${keys}) already stored`,
        repaired: false,
      });
    }
    if (t.series) {
      const missing = Number(
        await store.scalar(`select count(*)::bigint from (select distinct ${t.series} as id from ${committed}) where id not in (select id from series)`),
      );
      if (missing > 0) {
        problems.push({
          kind: "missingSeries",
          table: t.table,
          count: missing,
          message: `${n(missing)} series in ${t.table} ${missing === 1 ? "has" : "have"} no series record (name, kind, source)`,
          repaired: false,
        });
      }
    }
  }
  problems.push(...(await lastImportProblems(store)));
  return problems;
}

/**
 * The latest import's record against its rows. Rows carry the id of the import that last set
 * them, and nothing came after the latest one, so every row it added or updated still carries its
 * id: a record whose rows are missing is a commit cut off after its record was replayed but not
 * its rows (seen with import --replace killed at the commit).
 */
async function lastImportProblems(store: Store): Promise<IntegrityProblem[]> {
  const [last] = await store.rows<{ id: number; claimed: bigint; ref: string }>(
    `select id, (rows_added + rows_updated)::bigint as claimed, source_ref as ref from imports order by id desc limit 1`,
  );
  if (!last) return [];
  const claimed = Number(last.claimed);
  const carried = Number(
    await store.scalar(
      `select ${TABLES.filter((t) => t.table !== "fund_snapshots")
        .map((t) => `(select count(*) from ${t.table} where import_id = $1)`)
        .join(" + ")}`,
      [last.id],
    ),
  );
  if (carried === claimed) return [];
  if (carried === 0) {
    return [
      {
        kind: "unappliedImport",
        table: "imports",
        count: claimed,
        message: `import ${last.id} (${last.ref}) is recorded with ${n(claimed)} rows, but none of them was stored: its write was cut off`,
        repaired: false,
      },
    ];
  }
  return [
    {
      kind: "incompleteImport",
      table: "imports",
      count: Math.abs(claimed - carried),
      message:
        carried < claimed
          ? `import ${last.id} (${last.ref}) is recorded with ${n(claimed)} rows added or updated, but only ${n(carried)} carry it: its write was cut off part way`
          : `import ${last.id} (${last.ref}) is recorded with ${n(claimed)} rows added or updated, but ${n(carried)} carry it: its record was cut off`,
      repaired: false,
    },
  ];
}

/**
 * Puts right what `findProblems` found, in one transaction: rows of an import that never
 * committed are removed; of a key stored twice, the row of the later import is kept (the earlier
 * committed value it would have replaced goes); a series without a record gets one from its id
 * and its latest rows' source; the record of a latest import none of whose rows landed is removed.
 * Returns the problems marked repaired (never those in UNREPAIRABLE).
 */
export async function repairProblems(store: Store, problems: readonly IntegrityProblem[]): Promise<IntegrityProblem[]> {
  if (!problems.some((p) => !UNREPAIRABLE.includes(p.kind))) return problems.map((p) => ({ ...p }));
  await store.transaction(async () => {
    // The record of an import none of whose rows landed goes: the store is as before that write.
    if (problems.some((p) => p.kind === "unappliedImport")) await store.run(`delete from imports where id = (select max(id) from imports)`);
    for (const t of TABLES) {
      if (problems.some((p) => p.table === t.table && p.kind === "uncommittedRows")) {
        await store.run(`delete from ${t.table} where import_id not in (select id from imports)`);
      }
      if (problems.some((p) => p.table === t.table && p.kind === "duplicateKeys")) {
        await store.run(
          `delete from ${t.table} where rowid in (
             select rowid from (
               select rowid, row_number() over (partition by ${t.keys.join(", ")} order by import_id desc, rowid desc) as k from ${t.table})
             where k > 1)`,
        );
      }
      if (t.series && problems.some((p) => p.table === t.table && p.kind === "missingSeries")) {
        const missing = await store.rows<{ id: string; source: string }>(
          `select ${t.series} as id, arg_max(source, import_id) as source from ${t.table}
           where ${t.series} not in (select id from series) group by 1 order by 1`,
        );
        for (const m of missing.map((row) => describeSeries(row.id, row.source, t.macro === true))) {
          await store.run(`insert into series (id, kind, name, currency, frequency, source) values ($1, $2, $3, $4, $5, $6)`, [
            m.id,
            m.kind,
            m.name,
            m.currency,
            m.frequency,
            m.source,
          ]);
        }
      }
    }
  });
  return problems.map((p) => ({ ...p, repaired: !UNREPAIRABLE.includes(p.kind) }));
}

/**
 * Reads every column of every table (DuckDB verifies each block's checksum as it reads it) and
 * turns a failure into a "damaged" problem. Slow on a large store: `r2k check` only.
 */
export async function verifyBlocks(store: Store): Promise<{ problems: IntegrityProblem[]; rowsRead: number }> {
  const tables = await store.rows<{ name: string }>(
    `select table_name as name from information_schema.tables where table_schema = 'main' and table_type = 'BASE TABLE' order by 1`,
  );
  let rowsRead = 0;
  for (const { name } of tables) {
    try {
      // hash() of every column makes DuckDB read every block of the table, not only its row counts.
      rowsRead += Number(await store.scalar(`select count(*) from (select hash(*columns(*)) as h from "${name.replace(/"/g, '""')}") where h is not null`));
    } catch (err) {
      return { problems: [damaged(store.path, err as Error, name)], rowsRead };
    }
  }
  return { problems: [], rowsRead };
}

/** DuckDB's error for a block that fails its checksum: any query that reads the block raises it. */
export function isDamagedBlockError(err: unknown): boolean {
  return /checksum|Corrupt database file/i.test((err as Error)?.message ?? "");
}

/** The problem for a file DuckDB cannot read: not repairable by r2k. */
export function damaged(path: string, err: Error, table: string | null = null): IntegrityProblem {
  return {
    kind: "damaged",
    table,
    count: 0,
    message: `the file ${path} is damaged${table ? ` (reading ${table})` : ""}: ${err.message.split("\n")[0].replace(/[.!]+$/, "")}`,
    repaired: false,
  };
}
