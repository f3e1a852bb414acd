import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type * as DuckDB from "@duckdb/node-api";
import type { DuckDBConnection, DuckDBDataChunk, DuckDBPreparedStatement, DuckDBValue } from "@duckdb/node-api";
import { bindings, duckdb } from "./duckdb.ts";
import { damaged, findProblems, repairProblems, uncommittedImportIds, type IntegrityProblem } from "./integrity.ts";
import { refusal, type DemoRowsRemoved, type StoreKind } from "./kind.ts";
import { MIGRATIONS, type MigrationResult } from "./migrations.ts";
import { STAGES, type StageName } from "./staging.ts";

const { DuckDBInstance, DuckDBTypeId } = duckdb;
type DuckDBInstance = DuckDB.DuckDBInstance;

/** How `typedColumns` reads a column: INTEGER into an Int32Array, DOUBLE into a Float64Array (NULL as NaN), VARCHAR into strings. */
export type ColumnType = "int32" | "float64" | "string";
type ColumnOf<T extends ColumnType> = T extends "int32" ? Int32Array : T extends "float64" ? Float64Array : (string | null)[];
export type TypedColumns<T extends readonly ColumnType[]> = { -readonly [K in keyof T]: ColumnOf<T[K]> };

interface Vector<V> {
  getItem(i: number): V | null;
}

/**
 * A numeric column of one chunk copied straight from DuckDB's vector memory (one copy), then its
 * NULLs set to `nullValue`. Reading item by item through node-api's vectors costs a BigInt test
 * per value, most of a cold read's time. The validity mask is 64-bit words with bit i clear when
 * row i is NULL, read here byte by byte: little-endian, as on every platform the bindings ship for.
 */
function copyNumeric(column: Int32Array | Float64Array, chunk: DuckDBDataChunk, c: number, at: number, nullValue: number): void {
  const rows = chunk.rowCount;
  const vector = bindings.data_chunk_get_vector(chunk.chunk, c);
  const bytes = bindings.vector_get_data(vector, rows * column.BYTES_PER_ELEMENT);
  const buffer = bytes.buffer as ArrayBuffer;
  column.set(column instanceof Int32Array ? new Int32Array(buffer, bytes.byteOffset, rows) : new Float64Array(buffer, bytes.byteOffset, rows), at);
  const validity = bindings.vector_get_validity(vector, Math.ceil(rows / 64) * 8);
  if (!validity) return; // no mask: no NULLs
  for (let byte = 0; byte * 8 < rows; byte++) {
    const bits = validity[byte];
    if (bits === 0xff) continue;
    const first = byte * 8;
    const end = Math.min(first + 8, rows);
    // Eight NULLs at once: a column with no values (an index's adjusted close) is all of them.
    if (bits === 0) column.fill(nullValue, at + first, at + end);
    else for (let i = first; i < end; i++) if (!(bits & (1 << (i - first)))) column[at + i] = nullValue;
  }
}
function fillStrings(column: (string | null)[], vector: Vector<string>, at: number, rows: number): void {
  for (let i = 0; i < rows; i++) column[at + i] = vector.getItem(i);
}

export class StoreError extends Error {
  override name = "StoreError";
}

/** The file cannot be read as a store (not DuckDB's format, or blocks that fail their checksum). */
export class StoreDamagedError extends StoreError {
  override name = "StoreDamagedError";
  constructor(readonly problem: IntegrityProblem) {
    super(`${problem.message}. ${DAMAGED_ADVICE}`);
  }
}

/** What to do about a damaged file. */
export const DAMAGED_ADVICE = "Its data cannot be trusted: move the file aside and import your files again";

/** A store file's marker of a repair check still to finish (see `Store.open`). */
export function checkMarkerPath(path: string): string {
  return `${path}.check`;
}

/** What DuckDB's refusal to open a file means, in r2k's words. */
function openError(path: string, err: Error): StoreError {
  const msg = err.message.split("\n")[0];
  if (/Could not set lock|Conflicting lock/i.test(msg)) return new StoreError(`the store ${path} is in use by another r2k process (${msg})`);
  if (/not a valid DuckDB database|Corrupt|checksum|invalid .*header|magic/i.test(msg)) return new StoreDamagedError(damaged(path, err));
  return new StoreError(`cannot open the store ${path}: ${msg}`);
}

export interface OpenOptions {
  /**
   * The kind the file must be: a new file is created as this kind, an existing file of the other
   * kind is refused (StoreError) before anything in it changes. Without it, any existing file
   * opens as what it is and a new file becomes a user store.
   */
  kind?: StoreKind;
}

const KIND_NAMES: Record<StoreKind, string> = {
  user: "your own data (a user store)",
  demo: "the synthetic demo market (a demo store)",
};

/**
 * The embedded DuckDB file. One Store per process and file; every write goes through
 * `transaction`, so a failed import leaves the file exactly as it was.
 */
export class Store {
  private inTransaction = false;
  /** Settings changed for the current transaction only (setForTransaction), reset when it ends. */
  private transactionSettings: string[] = [];
  /** The tail of the queue of exclusive units of work (see `exclusive`). */
  private tail: Promise<unknown> = Promise.resolve();
  private migrated: MigrationResult = {};
  private storeKind: StoreKind = "user";
  /** What the check at open found wrong and put right (see `checkOnOpen`). */
  private repairs: IntegrityProblem[] = [];
  /** A store made by `withReaders` shares its parent's DuckDB instance: closing it closes only its connection. */
  private sharesInstance = false;

  private constructor(
    readonly path: string,
    private readonly instance: DuckDBInstance,
    readonly db: DuckDBConnection,
  ) {}

  static async open(path: string, opts: OpenOptions = {}): Promise<Store> {
    if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
    // DuckDB removes its log when a process closes the file: a log left behind means the last
    // writer was killed, maybe in the middle of a commit. The marker keeps that known until the
    // check below has finished, should this process be killed too once DuckDB has replayed the log.
    const marker = checkMarkerPath(path);
    const unclean = path !== ":memory:" && (existsSync(`${path}.wal`) || existsSync(marker));
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(path);
    } catch (err) {
      throw openError(path, err as Error);
    }
    const store = new Store(path, instance, await instance.connect());
    try {
      if (unclean) writeFileSync(marker, "r2k checks this store when it next opens it\n");
      const { kind: existing, version } = await store.readKindAndVersion();
      if (opts.kind && existing && existing !== opts.kind) {
        throw new StoreError(`the store ${path} holds ${KIND_NAMES[existing]}, not ${KIND_NAMES[opts.kind]}`);
      }
      store.storeKind = existing ?? opts.kind ?? "user";
      await store.migrate(version);
      await store.createStages();
      store.repairs = await store.checkOnOpen(unclean);
      if (unclean) rmSync(marker, { force: true });
    } catch (err) {
      store.close();
      throw err;
    }
    return store;
  }

  /**
   * Runs `fn` alone on the store's one connection: units of work queued here run one after
   * another, so a reader never runs in the middle of another caller's transaction (nor sees its
   * uncommitted rows). The one place r2k serialises access (the server's requests and the
   * background update share it); calls made inside `fn` go straight to the connection.
   */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.tail.then(fn, fn);
    this.tail = next.catch(() => undefined);
    return next;
  }

  close(): void {
    this.db.closeSync();
    if (!this.sharesInstance) this.instance.closeSync();
  }

  /**
   * Runs `fn` with `count` more connections to the same file, each a Store to read with, closed
   * when `fn` ends: DuckDB runs the queries of different connections side by side, so
   * independent reads (a measurement's prices, macro series and holdings) take about the time of
   * the longest instead of their sum, most of it on a cold start. A reader sees committed rows
   * only, so inside a transaction `fn` gets this store in every place instead, and `separate`
   * false: one connection runs one query at a time, so the reads must then go one after another.
   */
  async withReaders<T>(count: number, fn: (readers: Store[], separate: boolean) => Promise<T>): Promise<T> {
    if (this.inTransaction) return fn(Array.from({ length: count }, () => this), false);
    const readers: Store[] = [];
    try {
      for (let i = 0; i < count; i++) readers.push(await this.connectAnother());
      return await fn(readers, true);
    } finally {
      for (const r of readers) r.close();
    }
  }

  /**
   * Another Store on this one's file through a connection of its own (closing it closes only
   * that connection). DuckDB isolates connections: its reads see committed rows only, and its
   * transaction runs beside this one's readers (a server's requests keep their answers while a
   * handed-over import writes). With `writes`, it gets its own staging tables (temporary
   * tables belong to one connection).
   */
  async connectAnother(opts: { writes?: boolean } = {}): Promise<Store> {
    const other = new Store(this.path, this.instance, await this.instance.connect());
    other.sharesInstance = true;
    other.storeKind = this.storeKind;
    if (opts.writes) {
      try {
        await other.createStages();
      } catch (err) {
        other.close();
        throw err;
      }
    }
    return other;
  }

  /** What this file holds: the user's own data, or only the synthetic demo market. */
  get kind(): StoreKind {
    return this.storeKind;
  }

  /**
   * The synthetic demo rows this open removed while migrating an older user store (they now live
   * in the demo store), or null. Set once per file: the next open finds nothing to migrate.
   */
  get demoRowsRemoved(): DemoRowsRemoved | null {
    return this.migrated.demoRowsRemoved ?? null;
  }

  /** What opening this store found wrong and repaired (a commit a killed process left half-written); empty when nothing. */
  get repairedAtOpen(): readonly IntegrityProblem[] {
    return this.repairs;
  }

  /**
   * The invariants at open: whether any rows belong to an import with no record costs a few
   * milliseconds and runs every time; the full check (integrity.ts) runs when that finds some or
   * the last writer was killed (`unclean`), and repairs what it finds in one transaction, then
   * checkpoints so that the repair is in the file itself before the marker goes.
   */
  private async checkOnOpen(unclean: boolean): Promise<IntegrityProblem[]> {
    if (!unclean && (await uncommittedImportIds(this)).length === 0) return [];
    const problems = await findProblems(this);
    if (problems.length === 0) return [];
    const repaired = await repairProblems(this, problems);
    await this.db.run("checkpoint");
    return repaired;
  }

  /**
   * Refuses (StoreError) rows with `source` that do not belong in this kind of store: demo rows
   * in a user store, anything else in a demo store. Every writer in src/store calls it.
   */
  assertWritable(source: string): void {
    const why = refusal(this.storeKind, this.path, source);
    if (why) throw new StoreError(why);
  }

  /**
   * The kind recorded in the file and its schema version, in one query when both tables exist
   * (every store r2k has written since store kinds): a third of what opening a store queried.
   * Otherwise the kind as `readKind` finds it, and the version left to `migrate`.
   */
  private async readKindAndVersion(): Promise<{ kind: StoreKind | null; version?: number }> {
    let row: { kind: unknown; version: unknown } | undefined;
    try {
      [row] = await this.rows<{ kind: unknown; version: unknown }>(
        `select (select value from store_meta where key = 'kind') as kind, (select coalesce(max(version), 0) from schema_version) as version`,
      );
    } catch {
      return { kind: await this.readKind() }; // a new file, or one from before store kinds
    }
    return { kind: this.checkedKind(row?.kind), version: Number(row?.version) };
  }

  private checkedKind(kind: unknown): StoreKind {
    if (kind !== "user" && kind !== "demo") {
      throw new StoreError(`the store ${this.path} records an unknown kind ${JSON.stringify(kind ?? null)}`);
    }
    return kind;
  }

  /** The kind recorded in the file; "user" for a file from before store kinds; null for a new file. */
  private async readKind(): Promise<StoreKind | null> {
    const tables = await this.rows<{ name: string }>(
      `select table_name as name from information_schema.tables
       where table_schema = 'main' and table_name in ('store_meta', 'schema_version')`,
    );
    const names = new Set(tables.map((t) => t.name));
    if (names.has("store_meta")) return this.checkedKind(await this.scalar(`select value from store_meta where key = 'kind'`));
    if (names.has("schema_version")) {
      const version = Number(await this.scalar(`select coalesce(max(version), 0) from schema_version`));
      if (version > 0) return "user";
    }
    return null;
  }

  /** The schema version this file is at after opening. */
  async schemaVersion(): Promise<number> {
    const v = await this.scalar(`select coalesce(max(version), 0) from schema_version`);
    return Number(v);
  }

  /** Brings the file to the latest schema; `known` is its version when already read (the table exists). */
  private async migrate(known?: number): Promise<void> {
    let current = known;
    if (current === undefined) {
      await this.db.run(`create table if not exists schema_version (
        version integer primary key, description varchar, applied_at timestamp default current_timestamp)`);
      current = Number(await this.scalar(`select coalesce(max(version), 0) from schema_version`));
    }
    const latest = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
    if (current > latest) {
      throw new StoreError(
        `the store ${this.path} has schema version ${current}, newer than this r2k (${latest}); upgrade r2k`,
      );
    }
    const ctx = { created: current === 0, kind: this.storeKind };
    for (const m of MIGRATIONS) {
      if (m.version <= current) continue;
      await this.transaction(async () => {
        for (const sql of m.sql) await this.db.run(sql);
        if (m.after) Object.assign(this.migrated, await m.after(this, ctx));
        await this.run(`insert into schema_version (version, description) values ($1, $2)`, [m.version, m.description]);
      });
    }
  }

  private async createStages(): Promise<void> {
    // One call for every stage: each statement sent alone cost a round trip to DuckDB's thread.
    await this.db.run(Object.values(STAGES).map((stage) => stage.createSql).join(";\n"));
  }

  async clearStage(name: StageName): Promise<void> {
    await this.db.run(`delete from ${STAGES[name].table}`);
  }

  /** Runs `fn` in one transaction: everything it writes lands, or nothing does. */
  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    if (this.inTransaction) throw new StoreError("nested transactions are not supported");
    this.inTransaction = true;
    await this.db.run("begin transaction");
    try {
      const result = await fn();
      await this.db.run("commit");
      return result;
    } catch (err) {
      await this.db.run("rollback");
      throw err;
    } finally {
      this.inTransaction = false;
      for (const name of this.transactionSettings.splice(0)) await this.db.run(`reset ${name}`);
    }
  }

  /**
   * Changes a DuckDB setting until the current transaction ends. Settings are not part of a
   * transaction, and a transaction a failed statement aborted refuses even RESET, so the reset
   * waits for the commit or rollback.
   */
  async setForTransaction(name: string, value: string): Promise<void> {
    if (!this.inTransaction) throw new StoreError(`${name} can only be set inside a transaction`);
    this.transactionSettings.push(name);
    await this.db.run(`set ${name} = ${value}`);
  }

  async run(sql: string, params: DuckDBValue[] = []): Promise<void> {
    if (params.length === 0) {
      await this.db.run(sql);
      return;
    }
    await this.prepared(sql, params, (ps) => ps.run());
  }

  /**
   * Runs `fn` with `sql` prepared and bound, then destroys the statement. A statement left to the
   * garbage collector keeps the database open until its finalizer runs (on a later turn of the
   * event loop): after close() the file would stay locked, and another process could not open it.
   */
  private async prepared<T>(sql: string, params: DuckDBValue[], fn: (ps: DuckDBPreparedStatement) => Promise<T>): Promise<T> {
    const ps = await this.db.prepare(sql);
    try {
      if (params.length) ps.bind(params);
      return await fn(ps);
    } finally {
      ps.destroySync();
    }
  }

  async rows<T = Record<string, unknown>>(sql: string, params: DuckDBValue[] = []): Promise<T[]> {
    const reader = await this.prepared(sql, params, (ps) => ps.runAndReadAll());
    return reader.getRowObjectsJS() as T[];
  }

  async scalar(sql: string, params: DuckDBValue[] = []): Promise<unknown> {
    const reader = await this.prepared(sql, params, (ps) => ps.runAndReadAll());
    return reader.getRows()[0]?.[0];
  }

  /**
   * A query's columns read straight from DuckDB's vectors into typed arrays, with no value or
   * row objects on the way. Each column must have the SQL type its ColumnType names (INTEGER,
   * DOUBLE, VARCHAR): cast in the query; another type is a programming error (StoreError).
   */
  async typedColumns<const T extends readonly ColumnType[]>(sql: string, params: DuckDBValue[], types: T): Promise<TypedColumns<T>> {
    const result = await this.prepared(sql, params, (ps) => ps.run());
    const expected = { int32: DuckDBTypeId.INTEGER, float64: DuckDBTypeId.DOUBLE, string: DuckDBTypeId.VARCHAR } as const;
    types.forEach((t, c) => {
      if (result.columnTypeId(c) !== expected[t]) throw new StoreError(`column ${c} of a query is ${DuckDBTypeId[result.columnTypeId(c)]}, not ${t}`);
    });
    // A materialized result's chunks are read synchronously: fetching them one by one (each an
    // async call through libuv's pool) cost ~1 ms a chunk, 30 ms for a 60,000-row read.
    const chunks = Array.from({ length: result.chunkCount }, (_, i) => result.getChunk(i)).filter((chunk) => chunk.rowCount > 0);
    const n = chunks.reduce((sum, chunk) => sum + chunk.rowCount, 0);
    const out = types.map((t) => (t === "int32" ? new Int32Array(n) : t === "float64" ? new Float64Array(n) : new Array<string | null>(n)));
    let at = 0;
    for (const chunk of chunks) {
      types.forEach((t, c) => {
        if (t === "int32") copyNumeric(out[c] as Int32Array, chunk, c, at, 0);
        else if (t === "float64") copyNumeric(out[c] as Float64Array, chunk, c, at, NaN);
        else fillStrings(out[c] as (string | null)[], chunk.getColumnVector(c) as Vector<never>, at, chunk.rowCount);
      });
      at += chunk.rowCount;
    }
    return out as TypedColumns<T>;
  }

  /** Column arrays of a query, for building typed arrays without per-row objects. */
  async columns(sql: string, params: DuckDBValue[] = []): Promise<unknown[][]> {
    const reader = await this.prepared(sql, params, (ps) => ps.runAndReadAll());
    const cols = reader.getColumnsJS() as unknown[][];
    // No rows reads as no columns at all: give each column an empty array instead.
    return Array.from({ length: reader.columnCount }, (_, i) => cols[i] ?? []);
  }
}

/**
 * Deletes the store file at `path` (and its write-ahead log) after checking that it is a store
 * of `kind`: a file of the other kind is refused (StoreError) and left alone. False when there
 * was no file.
 */
export async function deleteStoreFile(path: string, kind: StoreKind): Promise<boolean> {
  if (path === ":memory:" || !existsSync(path)) return false;
  (await Store.open(path, { kind })).close();
  rmSync(path, { force: true });
  rmSync(`${path}.wal`, { force: true });
  rmSync(checkMarkerPath(path), { force: true });
  return true;
}
