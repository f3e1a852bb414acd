/**
 * Bulk writes of rows known to be new: column-oriented input (day numbers, doubles) goes into
 * the stored table through DuckDB data chunks, 2,048 rows per call, with no stage table and no
 * merge. Only for a store that holds nothing of what is written (the demo market generated into
 * an empty demo store); everything else goes through the stage and the merge.
 */
import type { DuckDBVector } from "@duckdb/node-api";
import { duckdb } from "./duckdb.ts";
import type { BarFrame, SeriesFrame } from "../model/index.ts";
import { allAdded, type MergeResult } from "./merge.ts";
import { STAGES, type StageName } from "./staging.ts";
import type { Store } from "./store.ts";

const { DATE, DOUBLE, DuckDBDataChunk, DuckDBDateValue, INTEGER, VARCHAR } = duckdb;

/** DuckDB's vector size: the most rows one data chunk holds. */
const CHUNK = 2048;

/** True when none of `tables` holds a row. */
export async function tablesEmpty(store: Store, tables: readonly string[]): Promise<boolean> {
  const any = await store.scalar(`select ${tables.map((t) => `exists(select 1 from ${t})`).join(" or ")}`);
  return !any;
}

/** Fills a data chunk row by row (vectors[column].setItem(row, value)) and appends it each time it is full. */
interface Writer {
  /** The chunk's column vectors. */
  vectors: DuckDBVector[];
  /** The chunk's next free row; the caller advances it and then calls next(). */
  row: number;
  /** Appends the chunk when it is full (or, with `force`, when it holds any row) and starts it over. */
  next(force?: boolean): void;
  /** Appends what is left and closes the appender. */
  close(): void;
}

/**
 * One chunk, reused: the appender copies each chunk it is given, and a column set once (`fixed`:
 * the same value in every row, such as the source) keeps its values from chunk to chunk, which
 * spares a call into DuckDB per string.
 */
async function chunkWriter(
  store: Store,
  table: string,
  types: Parameters<typeof DuckDBDataChunk.create>[0],
  fixed: Record<number, string | number> = {},
): Promise<Writer> {
  const app = await store.db.createAppender(table);
  const chunk = DuckDBDataChunk.create(types, CHUNK);
  const vectors = types.map((_, i) => chunk.getColumnVector(i));
  for (const [column, value] of Object.entries(fixed)) {
    for (let k = 0; k < CHUNK; k++) (vectors[Number(column)] as DuckDBVector<string | number>).setItem(k, value);
  }
  const w: Writer = {
    vectors,
    row: 0,
    next(force = false) {
      if (w.row < CHUNK && !(force && w.row > 0)) return;
      for (const v of vectors) v.flush();
      // The last, partial chunk: its row count is set after the vectors are written.
      if (w.row < CHUNK) chunk.rowCount = w.row;
      app.appendDataChunk(chunk);
      w.row = 0;
    },
    close() {
      w.next(true);
      app.closeSync();
    },
  };
  return w;
}

const orNull = (v: number) => (Number.isNaN(v) ? null : v);

/**
 * Appends every row of `frames` to `table` through one reused chunk: `fill` writes row `i` of
 * frame `f` into the chunk's row `k` (the columns `fixed` leaves to it). Returns the rows written.
 */
async function appendFrames<F extends { dates: ArrayLike<number> }>(
  store: Store,
  table: string,
  types: Parameters<typeof DuckDBDataChunk.create>[0],
  fixed: Record<number, string | number>,
  frames: Iterable<F>,
  fill: (v: DuckDBVector[], k: number, f: F, i: number) => void,
): Promise<number> {
  const w = await chunkWriter(store, table, types, fixed);
  let rows = 0;
  try {
    for (const f of frames) {
      for (let i = 0; i < f.dates.length; i++) {
        fill(w.vectors, w.row, f, i);
        w.row++;
        w.next();
      }
      rows += f.dates.length;
    }
  } finally {
    w.close();
  }
  return rows;
}

/**
 * Appends bar frames to `bars` with `source` and `importId`. Must run inside a transaction, on
 * a store holding no bars of these symbols (nothing is compared or deduplicated). NaN in
 * open/high/low/adjClose/volume is stored as null.
 */
export async function appendBarFrames(
  store: Store,
  frames: Iterable<BarFrame>,
  opts: { source: string; importId: number },
): Promise<number> {
  store.assertWritable(opts.source);
  const types = [VARCHAR, DATE, DOUBLE, DOUBLE, DOUBLE, DOUBLE, DOUBLE, DOUBLE, VARCHAR, INTEGER];
  return appendFrames(store, "bars", types, { 8: opts.source, 9: opts.importId }, frames, (v, k, f, i) => {
    v[0].setItem(k, f.symbol);
    v[1].setItem(k, new DuckDBDateValue(f.dates[i]));
    v[2].setItem(k, orNull(f.open[i]));
    v[3].setItem(k, orNull(f.high[i]));
    v[4].setItem(k, orNull(f.low[i]));
    v[5].setItem(k, f.close[i]);
    v[6].setItem(k, orNull(f.adjClose[i]));
    v[7].setItem(k, orNull(f.volume[i]));
  });
}

/** Appends observation frames to `observations` (same conditions as appendBarFrames). */
export async function appendSeriesFrames(
  store: Store,
  frames: Iterable<SeriesFrame>,
  opts: { source: string; importId: number },
): Promise<number> {
  store.assertWritable(opts.source);
  return appendFrames(store, "observations", [VARCHAR, DATE, DOUBLE, VARCHAR, INTEGER], { 3: opts.source, 4: opts.importId }, frames, (v, k, f, i) => {
    v[0].setItem(k, f.id);
    v[1].setItem(k, new DuckDBDateValue(f.dates[i]));
    v[2].setItem(k, f.values[i]);
  });
}

/** What the merge would have reported for the rows of `stage`'s table that `importId` appended. */
export function appendedResult(store: Store, stage: StageName, importId: number): Promise<MergeResult> {
  const spec = STAGES[stage];
  return allAdded(store, spec, `(select * from ${spec.target} where import_id = $1)`, [importId]);
}
