import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { DuckDBConnection, DuckDBInstance, type DuckDBValue } from "@duckdb/node-api";
import { MIGRATIONS } from "./migrations.ts";
import { STAGES, type StageName } from "./staging.ts";

export class StoreError extends Error {
  override name = "StoreError";
}

/**
 * The embedded DuckDB file. One Store per process and file; every write goes through
 * `transaction`, so a failed import leaves the file exactly as it was.
 */
export class Store {
  private inTransaction = false;

  private constructor(
    readonly path: string,
    private readonly instance: DuckDBInstance,
    readonly db: DuckDBConnection,
  ) {}

  static async open(path: string): Promise<Store> {
    if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(path);
    } catch (err) {
      const msg = (err as Error).message;
      if (/lock/i.test(msg)) {
        throw new StoreError(`the store ${path} is in use by another r2k process (${msg.split("\n")[0]})`);
      }
      throw new StoreError(`cannot open the store ${path}: ${msg.split("\n")[0]}`);
    }
    const store = new Store(path, instance, await instance.connect());
    await store.migrate();
    await store.createStages();
    return store;
  }

  close(): void {
    this.db.closeSync();
    this.instance.closeSync();
  }

  /** The schema version this file is at after opening. */
  async schemaVersion(): Promise<number> {
    const v = await this.scalar(`select coalesce(max(version), 0) from schema_version`);
    return Number(v);
  }

  private async migrate(): Promise<void> {
    await this.db.run(`create table if not exists schema_version (
      version integer primary key, description varchar, applied_at timestamp default current_timestamp)`);
    const current = Number(await this.scalar(`select coalesce(max(version), 0) from schema_version`));
    const latest = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
    if (current > latest) {
      throw new StoreError(
        `the store ${this.path} has schema version ${current}, newer than this r2k (${latest}); upgrade r2k`,
      );
    }
    for (const m of MIGRATIONS) {
      if (m.version <= current) continue;
      await this.transaction(async () => {
        for (const sql of m.sql) await this.db.run(sql);
        await this.run(`insert into schema_version (version, description) values ($1, $2)`, [m.version, m.description]);
      });
    }
  }

  private async createStages(): Promise<void> {
    for (const stage of Object.values(STAGES)) await this.db.run(stage.createSql);
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
    }
  }

  async run(sql: string, params: DuckDBValue[] = []): Promise<void> {
    if (params.length === 0) {
      await this.db.run(sql);
      return;
    }
    const ps = await this.db.prepare(sql);
    ps.bind(params);
    await ps.run();
  }

  async rows<T = Record<string, unknown>>(sql: string, params: DuckDBValue[] = []): Promise<T[]> {
    const ps = await this.db.prepare(sql);
    if (params.length) ps.bind(params);
    const reader = await ps.runAndReadAll();
    return reader.getRowObjectsJS() as T[];
  }

  async scalar(sql: string, params: DuckDBValue[] = []): Promise<unknown> {
    const ps = await this.db.prepare(sql);
    if (params.length) ps.bind(params);
    const reader = await ps.runAndReadAll();
    return reader.getRows()[0]?.[0];
  }

  /** Column arrays of a query, for building typed arrays without per-row objects. */
  async columns(sql: string, params: DuckDBValue[] = []): Promise<unknown[][]> {
    const ps = await this.db.prepare(sql);
    if (params.length) ps.bind(params);
    const reader = await ps.runAndReadAll();
    const cols = reader.getColumnsJS() as unknown[][];
    // No rows reads as no columns at all: give each column an empty array instead.
    return Array.from({ length: reader.columnCount }, (_, i) => cols[i] ?? []);
  }
}
