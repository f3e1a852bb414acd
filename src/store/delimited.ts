/**
 * Daily-bar and observation CSVs are parsed by DuckDB's own CSV reader (value columns as
 * DOUBLE, dates as text), then converted and checked in SQL, so a multi-million-row file loads
 * at DuckDB's speed. The checks are the model's rules (ROW_RULES in src/model/bar.ts: finite
 * values, positive prices, high >= low) written as SQL, with the same words, plus the dates a
 * file may carry; test/import/bad-input.test.ts holds them to the bad-input corpus.
 * A bad row is reported by its position (BadRowError); the file source turns that into the
 * file's line and text.
 *
 * Two ways in: the first import of a series (nothing of it stored) goes from the reader into its
 * table in one statement inside the import's transaction (insertDelimited); anything else, and
 * any file that statement refuses, is read into a temporary table and merged (stageDelimited),
 * which also finds the line of a bad row.
 */
import { BAR_FIELDS, InputError, isoToDay, quoteValue, ROW_RULES, type BarField, type DelimitedPlan, type StagedFile } from "../model/index.ts";
import type { DuckDBValue } from "@duckdb/node-api";
import { duckdb } from "./duckdb.ts";
import { allAdded, type MergeResult } from "./merge.ts";
import { STAGES, type StageSpec } from "./staging.ts";
import { NEXT_IMPORT_ID_SQL } from "./write.ts";
import { StoreError, type Store } from "./store.ts";

const { DuckDBListValue } = duckdb;

/** The first row (0-based among the data rows) that failed a check, and which. */
export class BadRowError extends Error {
  override name = "BadRowError";
  constructor(
    readonly row: number,
    readonly field: string,
    readonly reason: string,
  ) {
    super(`row ${row}: ${field}: ${reason}`);
  }
}

const sqlString = (s: string) => `'${s.replace(/'/g, "''")}'`;
const col = (i: number) => `c${i}`;

/** Accepted date spellings: ISO, US m/d/yyyy and m/d/yy (Yahoo's spreadsheet exports), yyyymmdd. */
function dateExpr(c: string): string {
  const t = `trim(${c})`;
  // ISO first (a plain cast, the fast path); two-digit years need %y (69-99 -> 19xx,
  // 00-68 -> 20xx), since %Y would read "87" as the year 87.
  return `coalesce(try_cast(${c} as date),
    case when regexp_full_match(${t}, '\\d{1,2}/\\d{1,2}/\\d{2}') then try_strptime(${t}, '%m/%d/%y')::date end,
    try_strptime(${t}, '%m/%d/%Y')::date, try_strptime(${t}, '%Y%m%d')::date)`;
}

/** Turns a DuckDB CSV reader error into a line-numbered InputError. */
function csvReaderError(path: string, err: unknown, columns: string[]): InputError {
  const expectedFields = columns.length;
  const msg = (err as Error).message ?? String(err);
  const line = /CSV Error on Line: (\d+)/.exec(msg);
  const conversion = /Error when converting column "c(\d+)"\. Could not convert string "(.*)" to/.exec(msg);
  if (line && conversion) {
    return new InputError(path, Number(line[1]), columns[Number(conversion[1])] ?? null, `not a number: ${quoteValue(conversion[2])}`);
  }
  const tooLong = /Maximum line size of (\d+) bytes exceeded\. Actual Size:\s*(\d+)/.exec(msg);
  if (line && tooLong) {
    const bytes = (s: string) => Number(s).toLocaleString("en-US");
    return new InputError(path, Number(line[1]), null, `the line is ${bytes(tooLong[2])} bytes long, more than the ${bytes(tooLong[1])} a line may have: not a CSV row (a damaged file?)`);
  }
  const found = /Expected Number of Columns: (\d+) Found: (\d+)/.exec(msg);
  if (line && found) {
    return new InputError(
      path,
      Number(line[1]),
      null,
      `expected ${found[1]} fields, found ${found[2]} (a truncated or malformed row)`,
    );
  }
  if (line) {
    // DuckDB gives the reason on the line after the offending line's text.
    const lines = msg.split("\n");
    const at = lines.findIndex((l) => l.startsWith("Original Line:"));
    const reason = at >= 0 ? lines.slice(at + 1).find((l) => l.trim() !== "" && !l.startsWith("Possible Solution")) : undefined;
    return new InputError(path, Number(line[1]), null, reason ? `cannot read the row: ${reason.trim()}` : lines[0]);
  }
  return new InputError(path, null, null, `cannot read as CSV (${expectedFields} columns): ${msg.split("\n")[0]}`);
}

interface Check {
  field: string;
  cond: string;
  reason: string;
}

/** A file read as SQL: one select over the CSV reader, and the checks its column k refers to. */
interface ReadSql {
  /**
   * Columns d (the date), the values (bars: open .. volume and sym; observations: v0, v1, ...),
   * empty_row (no value at all) and k, the index in `checks` of the row's first failing check
   * (null when none fails; rows without any value only get the date checks).
   */
  select: string;
  params: DuckDBValue[];
  checks: Check[];
}

/** The symbol a long-format row names: its cell trimmed and upper-cased, or the plan's symbol ($1) when empty. */
const symbolOf = (cell: string) => `coalesce(upper(nullif(trim(${cell}), '')), $1)`;

/** A valid symbol (the whole cell, upper-cased): what detect.ts accepts in a file name. */
const SYMBOL_PATTERN = "'[\\^A-Z0-9][A-Z0-9.\\-=^]{0,31}'";

/** The column of a file's dates. */
const dateColumnOf = (plan: DelimitedPlan) => (plan.target.kind === "bars" ? (plan.target.map.date as number) : plan.target.dateColumn);

/** DuckDB's CSV reader over a file, its columns named c0, c1, ... with the types `typeOf` gives. */
function reader(path: string | readonly string[], plan: DelimitedPlan, typeOf: (column: number) => string): string {
  const missing = plan.missing.map(sqlString).join(", ");
  const columns = `{${plan.columns.map((_, i) => `'${col(i)}': '${typeOf(i)}'`).join(", ")}}`;
  // Several files of one layout are read in one statement, each row with the file it came from.
  const files = typeof path === "string" ? sqlString(path) : `[${path.map(sqlString).join(", ")}], filename = true`;
  return `read_csv(${files}, header = false, skip = ${plan.headerLines}, delim = ',',
    quote = '"', escape = '"', auto_detect = false, nullstr = [${missing}], columns = ${columns})`;
}

/**
 * `direct`: for the one-statement insert, which only needs to know that some row fails (the
 * stage finds which): dates read as DATE by the reader itself when `isoDates`, and no symbol
 * check per row (insertDelimited checks the distinct symbols instead).
 */
function readSql(path: string | readonly string[], plan: DelimitedPlan, direct?: { isoDates: boolean }): ReadSql {
  const t = plan.target;
  // Value columns are read as DOUBLE by the CSV reader itself (the missing tokens read as
  // NULL): text that is not a number stops the read with its line and column.
  const numeric = new Set(
    t.kind === "bars"
      ? BAR_FIELDS.filter((f) => f !== "date" && t.map[f] !== undefined).map((f) => t.map[f] as number)
      : t.series.map((s) => s.column),
  );
  const isoDates = direct?.isoDates === true;
  const typeOf = (i: number) => (numeric.has(i) ? "DOUBLE" : isoDates && i === dateColumnOf(plan) ? "DATE" : "VARCHAR");
  const csv = reader(path, plan, typeOf);
  const dateOf = (c: string) => (isoDates ? c : dateExpr(c));
  // Read from several files, each row keeps the name of its own.
  const file = typeof path === "string" ? "" : ", filename";

  // Three nested selects, so each cast and flag is computed once: (1) casts next to the raw
  // text, (2) per-cell flags from both, (3) the first failing check.
  let select: string;
  let keep: string[];
  let checks: Check[];
  const dateCol = col(dateColumnOf(plan));
  const dateName = plan.columns[dateColumnOf(plan)];
  const dateChecks = [
    { field: dateName, cond: `d is null`, reason: "not a calendar date (expected YYYY-MM-DD, m/d/yyyy or m/d/yy)" },
    { field: dateName, cond: `d > current_date + 7`, reason: "date lies in the future" },
    { field: dateName, cond: `d < date '1800-01-01'`, reason: "date is before 1800" },
  ];

  if (t.kind === "bars") {
    const fields = BAR_FIELDS.filter((f) => f !== "date");
    const present = fields.filter((f) => t.map[f] !== undefined);
    const exprs = fields.map((f) => (t.map[f] === undefined ? `null::double as ${f}` : `${col(t.map[f] as number)} as ${f}`));
    const allMissing = present.map((f) => `${f} is null`).join(" and ");
    // The direct insert stores the symbol as spelled and tidies the few distinct spellings after.
    const symbolExpr =
      t.symbolColumn === undefined ? `$1` : direct ? `coalesce(${col(t.symbolColumn)}, $1)` : symbolOf(col(t.symbolColumn));
    keep = ["d", ...fields, "sym", "empty_row", ...(file ? ["filename"] : [])];
    select = `select d, ${fields.join(", ")}, sym, (${allMissing}) as empty_row${file}
      from (select ${dateOf(dateCol)} as d, ${exprs.join(", ")}, ${symbolExpr} as sym${file} from ${csv})`;
    const name = (f: BarField) => plan.columns[t.map[f] as number];
    checks = [
      ...dateChecks,
      ...(t.symbolColumn === undefined || direct
        ? []
        : [{ field: plan.columns[t.symbolColumn], cond: `not regexp_full_match(sym, ${SYMBOL_PATTERN})`, reason: "not a valid symbol" }]),
      // The model's rules for a bar (ROW_RULES), as SQL over the whole file at once.
      { field: name("close"), cond: `close is null`, reason: ROW_RULES.close },
      ...present.map((f) => ({ field: name(f), cond: `not isfinite(${f})`, reason: ROW_RULES.finite })),
      ...present
        .filter((f) => f !== "volume")
        .map((f) => ({ field: name(f), cond: `${f} <= 0`, reason: ROW_RULES.positive })),
      ...(present.includes("volume") ? [{ field: name("volume"), cond: `volume < 0`, reason: ROW_RULES.volume }] : []),
      ...(present.includes("high") && present.includes("low")
        ? [{ field: name("high"), cond: `high < low`, reason: ROW_RULES.range }]
        : []),
    ];
  } else {
    const vals = t.series.map((s, k) => `${col(s.column)} as v${k}`);
    const allMissing = t.series.map((_, k) => `v${k} is null`).join(" and ");
    keep = ["d", ...t.series.map((_, k) => `v${k}`), "empty_row", ...(file ? ["filename"] : [])];
    select = `select d, ${t.series.map((_, k) => `v${k}`).join(", ")}, (${allMissing}) as empty_row${file}
      from (select ${dateOf(dateCol)} as d, ${vals.join(", ")}${file} from ${csv})`;
    checks = [
      ...dateChecks,
      ...t.series.flatMap((s, k) => [
        { field: plan.columns[s.column], cond: `not isfinite(v${k})`, reason: ROW_RULES.finite },
      ]),
    ];
  }

  const nDate = dateChecks.length;
  const problem = checks
    .map((c, i) => (i === nDate ? `when empty_row then null when ${c.cond} then ${i}` : `when ${c.cond} then ${i}`))
    .join(" ");
  return {
    select: `select ${keep.join(", ")}, case ${problem} else null end as k from (${select})`,
    params: t.kind === "bars" ? [t.symbol] : [],
    checks,
  };
}

/**
 * Reads and checks `path` into temporary tables (before the import's transaction), leaving the
 * accepted rows in a relation shaped like the bars or observations stage for the merge; call
 * releaseDelimited afterwards. Throws InputError for what the CSV reader refuses (with its line)
 * and BadRowError for the first row a check refuses.
 */
export async function stageDelimited(store: Store, path: string, plan: DelimitedPlan): Promise<StagedFile> {
  const t = plan.target;
  const { select, params, checks } = readSql(path, plan);
  // One pass: read, convert, and find each row's first failing check.
  try {
    await store.run(`create or replace temp table parsed_csv as ${select}`, params);
  } catch (err) {
    throw csvReaderError(path, err, plan.columns);
  }
  const bad = await store.rows<{ r: bigint; k: number }>(
    `select rowid - (select min(rowid) from parsed_csv) as r, k from parsed_csv where k is not null order by rowid limit 1`,
  );
  if (bad.length > 0) {
    const check = checks[bad[0].k];
    throw new BadRowError(Number(bad[0].r), check.field, check.reason);
  }
  const counts = await store.rows<{ rows: bigint; empty: bigint }>(
    `select count(*) as rows, count(*) filter (where empty_row) as empty from parsed_csv`,
  );
  const rows = Number(counts[0].rows);
  if (rows === 0) throw new InputError(path, plan.headerLines + 1, null, "the file has a header but no data rows");
  let skipped = Number(counts[0].empty);

  // The merge reads the parsed rows through a view shaped like the stage table (no copy).
  const lineExpr = `rowid - (select min(rowid) from parsed_csv) + ${plan.headerLines + 1}`;
  if (t.kind === "bars") {
    await store.run(
      `create or replace temp view parsed_stage as
       select ${lineExpr} as line, sym as symbol, d as date, open, high, low, close, adjClose as adj_close, volume
       from parsed_csv where not empty_row`,
    );
  } else {
    const parts = t.series.map(
      (s, k) => `select ${lineExpr} as line, ${sqlString(s.id)} as series_id, d as date, v${k} as value
                 from parsed_csv where v${k} is not null`,
    );
    await store.run(`create or replace temp view parsed_stage as ${parts.join(" union all ")}`);
    if (t.series.length > 1) {
      // With several series per file a partly empty row still skips the missing cells.
      skipped = Number(
        await store.scalar(
          `select ${t.series.map((_, k) => `count(*) filter (where v${k} is null)`).join(" + ")} from parsed_csv`,
        ),
      );
    }
  }
  return { rows, skipped, relation: "parsed_stage" };
}

/** Drops what stageDelimited left for the merge (call after the merge, inside the transaction). */
export async function releaseDelimited(store: Store): Promise<void> {
  await store.run(`drop view if exists parsed_stage`);
  await store.run(`drop table if exists parsed_csv`);
}

/** The direct insert cannot tell: roll back, and stage the file instead (stageDelimited names the line). */
export class NotDirect extends Error {
  override name = "NotDirect";
}

export interface InsertedFile {
  /** The id the rows were written with: the next import record's (NEXT_IMPORT_ID_SQL). */
  importId: number;
  stage: "bars" | "observations";
  result: MergeResult;
  /** Rows without any value (or, with several series per file, cells without one), not stored. */
  skipped: number;
}

/**
 * The first import of a file's series: reads, checks and inserts every row into bars or
 * observations in one statement, with `importId` and `source`, inside the caller's transaction
 * (no stage table, no merge: nothing of these series is stored to compare with). A row that fails
 * a check stops the statement with an error; this, a repeated key, an invalid symbol, a file
 * without data rows, or rows of its series already stored throw NotDirect: the caller rolls back
 * and takes the staged path, which reports the line or merges.
 */
export async function insertDelimited(
  store: Store,
  path: string,
  plan: DelimitedPlan,
  opts: {
    source: string;
    /**
     * The first rows' dates are all ISO (YYYY-MM-DD), as the caller read them from the file's
     * start: the reader then parses the dates itself, which costs less than text and casts (a
     * later row spelled otherwise stops the read and sends the file to the stage). Read from the
     * file here when not given.
     */
    isoDates?: boolean;
    /** The file's size: small files take one summary query where large ones take three lighter ones. */
    bytes?: number;
  },
): Promise<InsertedFile> {
  store.assertWritable(opts.source);
  const t = plan.target;
  const spec = STAGES[t.kind === "bars" ? "bars" : "observations"];
  const ids = t.kind === "bars" ? (t.symbolColumn === undefined ? [t.symbol] : null) : t.series.map((s) => s.id);
  // The id first, with whether rows of the file's series are stored when its name or header says
  // which: one query. Equality on a list of values lets DuckDB skip the row groups that cannot match.
  const [first] = await store.rows<{ id: number; stored: boolean }>(
    `select ${NEXT_IMPORT_ID_SQL}::integer as id,
            ${ids ? `exists(select 1 from ${spec.target} where ${spec.groupColumn} in (${ids.map((_, i) => `$${i + 1}`).join(", ")}))` : "false"} as stored`,
    ids ?? [],
  );
  if (first.stored) throw new NotDirect("rows of these series are stored");
  const importId = first.id;

  let isoDates = opts.isoDates;
  if (isoDates === undefined) {
    try {
      isoDates = Boolean(
        await store.scalar(
          `select coalesce(bool_and(regexp_full_match(c, '\\d{4}-\\d{2}-\\d{2}')), false)
           from (select ${col(dateColumnOf(plan))} as c from ${reader(path, plan, () => "VARCHAR")} limit 100)`,
        ),
      );
    } catch (err) {
      throw new NotDirect(`the reader stopped: ${(err as Error).message.split("\n")[0]}`);
    }
  }
  const { select, params } = readSql(path, plan, { isoDates });
  const n = params.length;
  const [source, importIdParam] = [`$${n + 1}`, `$${n + 2}`];
  // Rows (or cells) without a value are left out and counted by a sequence, so the one read
  // also gives the count of skipped rows.
  await store.run(`create or replace temp sequence r2k_skipped start 1`);
  const keep = (value: string) =>
    `case when k is not null then error('r2k: a row fails check ' || k) when ${value} then nextval('r2k_skipped') is null else true end`;
  const sql =
    t.kind === "bars"
      ? `insert into bars (symbol, date, open, high, low, close, adj_close, volume, source, import_id)
         select sym, d, open, high, low, close, adjClose, volume, ${source}, ${importIdParam} from (${select}) where ${keep("empty_row")}`
      : `insert into observations (series_id, date, value, source, import_id) ` +
        t.series
          .map((s, k) => `select ${sqlString(s.id)}, d, v${k}, ${source}, ${importIdParam} from (${select}) where ${keep(`v${k} is null`)}`)
          .join(" union all ");
  // Rows land in the order the reader's threads finish them: kept in file order, part of the
  // insert waits for the next checkpoint to be compressed and written (on 10M rows 2-3 s more and
  // twice the peak memory). Every read of bars and observations orders by date.
  const small = opts.bytes !== undefined && opts.bytes <= SMALL_FILE_BYTES;
  if (!small) await store.setForTransaction("preserve_insertion_order", "false");
  try {
    await store.run(sql, [...params, opts.source, importId]);
  } catch (err) {
    throw new NotDirect(`the direct read stopped: ${(err as Error).message.split("\n")[0]}`);
  }

  const mine = `(select * from ${spec.target} where import_id = $1)`;
  if (t.kind === "bars" && t.symbolColumn !== undefined) {
    // Symbols spelled otherwise than stored (lower case, spaces) are tidied per distinct
    // spelling, not per row.
    const spelled = await store.rows<{ s: string }>(
      `select s from (select distinct symbol as s from bars where import_id = $2) where s is distinct from ${symbolOf("s")}`,
      [t.symbol, importId],
    );
    if (spelled.length > 0) {
      await store.run(
        `update bars set symbol = ${symbolOf("symbol")} where import_id = $2 and symbol in (select unnest($3::varchar[]))`,
        [t.symbol, importId, new DuckDBListValue(spelled.map((r) => r.s))],
      );
    }
  }
  const { result, repeats, skipped } = small ? await summaryOfSmall(store, spec, importId) : await summaryOfLarge(store, spec, mine, importId);
  if (result.added === 0 || result.firstDate === null || result.lastDate === null) throw new NotDirect("no data rows");
  if (repeats) throw new NotDirect("a key repeats");
  // A long-format file names its symbols row by row: checked once each, not once per row.
  if (
    !ids &&
    (await store.scalar(`select exists(select 1 from unnest($1::varchar[]) t(s) where not regexp_full_match(s, ${SYMBOL_PATTERN}))`, [
      new DuckDBListValue(result.groups),
    ]))
  ) {
    throw new NotDirect("a symbol is not valid");
  }
  // Only now is it known whether any of them is stored.
  if (
    !ids &&
    (await store.scalar(
      `select exists(select 1 from ${spec.target} where import_id <> $1 and ${spec.groupColumn} in (select unnest($2::varchar[])))`,
      [importId, new DuckDBListValue(result.groups)],
    ))
  ) {
    throw new NotDirect("rows of these series are stored");
  }
  return { importId, stage: t.kind === "bars" ? "bars" : "observations", result, skipped };
}

/** Files up to this size are summed up in one query (see summaryOfSmall). */
const SMALL_FILE_BYTES = 4 * 1024 * 1024;

/** What an import's insert added up to, whether a key repeats, and the rows it left out (r2k_skipped). */
interface InsertSummary {
  result: MergeResult;
  repeats: boolean;
  skipped: number;
}

/** Rows left out by the insert, counted by its sequence (replaced by the next file's insert, not dropped). */
const SKIPPED = `(select coalesce(last_value, 0) from duckdb_sequences() where sequence_name = 'r2k_skipped' and temporary)`;

/**
 * An insert's summary in one query: each series' rows, distinct days and date range. Counting
 * distinct days costs more than the bitmaps of summaryOfLarge on millions of rows, but a small
 * file is all statement overhead.
 */
async function summaryOfSmall(store: Store, spec: StageSpec, importId: number): Promise<InsertSummary> {
  const groups = await store.rows<{ g: string; n: bigint; days: bigint; first: string; last: string; skipped: bigint }>(
    `select ${spec.groupColumn} as g, count(*) as n, count(distinct ${spec.dateColumn}) as days,
            min(${spec.dateColumn})::varchar as first, max(${spec.dateColumn})::varchar as last, ${SKIPPED} as skipped
     from ${spec.target} where import_id = $1 group by 1 order by 1`,
    [importId],
  );
  const firsts = groups.map((g) => g.first).sort();
  const lasts = groups.map((g) => g.last).sort();
  return {
    result: {
      added: groups.reduce((sum, g) => sum + Number(g.n), 0),
      updated: 0,
      unchanged: 0,
      duplicates: 0,
      firstDate: firsts[0] ?? null,
      lastDate: lasts[lasts.length - 1] ?? null,
      groups: groups.map((g) => g.g),
    },
    repeats: groups.some((g) => g.n !== g.days),
    skipped: Number(groups[0]?.skipped ?? 0),
  };
}

/**
 * The same for a large file, in three lighter queries: rows and date range, series, then a
 * repeated key. Each series' days as a bitmap over the file's date range: a series repeats a day
 * when it has more rows than distinct days. Far lighter than grouping millions of keys; past a
 * bitmap size the keys are grouped by their hash (a collision only costs the detour).
 */
async function summaryOfLarge(store: Store, spec: StageSpec, mine: string, importId: number): Promise<InsertSummary> {
  const result = await allAdded(store, spec, mine, [importId]);
  if (result.added === 0 || result.firstDate === null || result.lastDate === null) return { result, repeats: false, skipped: 0 };
  const first = isoToDay(result.firstDate);
  const span = isoToDay(result.lastDate) - first + 1;
  const day = `(date - date '1970-01-01')::integer`;
  const repeats =
    result.groups.length * span <= 64 * 2 ** 20 * 8
      ? `select 1 from ${mine} group by ${spec.groupColumn}
         having count(*) <> bit_count(bitstring_agg(${day}, ${first}, ${first + span - 1}))`
      : `select 1 from ${mine} group by hash(${spec.keys.join(", ")}) having count(*) > 1`;
  return {
    result,
    repeats: Boolean(await store.scalar(`select exists(${repeats})`, [importId])),
    skipped: Number((await store.scalar(`select ${SKIPPED}`)) ?? 0),
  };
}

/** What a batch read found in one of its files (see readBatch). */
export interface BatchedFile {
  /** Rows with a value, and their distinct days (fewer days: a day repeats). */
  rows: number;
  days: number;
  /** Rows without any value, not stored. */
  skipped: number;
  firstDate: string | null;
  lastDate: string | null;
  /** Some row fails a check (the file's own import names it). */
  failed: boolean;
}

/**
 * Reads and checks many small files of one layout (bars of one symbol each, ISO dates) in one
 * statement into a temporary table, before any transaction: a folder of small files otherwise
 * spends most of its time on the per-file statements. Each file's rows are then written in a
 * transaction of its own by insertBatched. Null when the reader stops on any of them (a file the
 * CSV reader refuses): each file then takes its own import, which names the line.
 */
export async function readBatch(store: Store, paths: readonly string[], plan: DelimitedPlan): Promise<Map<string, BatchedFile> | null> {
  if (plan.target.kind !== "bars" || plan.target.symbolColumn !== undefined) throw new StoreError("a batch read takes files of bars of one symbol each");
  const { select, params } = readSql(paths, plan, { isoDates: true });
  try {
    await store.run(`create or replace temp table batch_rows as ${select}`, params);
  } catch {
    await releaseBatch(store);
    return null;
  }
  const rows = await store.rows<{ file: string; n: bigint; days: bigint; skipped: bigint; first: string | null; last: string | null; failed: boolean }>(
    `select filename as file, count(*) filter (where not empty_row) as n, count(distinct d) filter (where not empty_row) as days,
            count(*) filter (where empty_row) as skipped, (min(d) filter (where not empty_row))::varchar as first,
            (max(d) filter (where not empty_row))::varchar as last, bool_or(k is not null) as failed
     from batch_rows group by filename`,
  );
  return new Map(
    rows.map((r) => [
      r.file,
      { rows: Number(r.n), days: Number(r.days), skipped: Number(r.skipped), firstDate: r.first, lastDate: r.last, failed: r.failed },
    ]),
  );
}

/**
 * Inserts one file's rows of the batch read into bars with `symbol` and `source`, as the first
 * import of its series (the caller has checked that nothing of it is stored), inside the
 * caller's transaction; the id is the next import record's.
 */
export async function insertBatched(store: Store, path: string, file: BatchedFile, opts: { symbol: string; source: string }): Promise<InsertedFile> {
  store.assertWritable(opts.source);
  const importId = Number(await store.scalar(`select ${NEXT_IMPORT_ID_SQL}::integer`));
  await store.run(
    `insert into bars (symbol, date, open, high, low, close, adj_close, volume, source, import_id)
     select $1, d, open, high, low, close, adjClose, volume, $2, $3 from batch_rows where filename = $4 and not empty_row`,
    [opts.symbol, opts.source, importId, path],
  );
  return {
    importId,
    stage: "bars",
    result: { added: file.rows, updated: 0, unchanged: 0, duplicates: 0, firstDate: file.firstDate, lastDate: file.lastDate, groups: [opts.symbol] },
    skipped: file.skipped,
  };
}

/** Drops what readBatch left. */
export async function releaseBatch(store: Store): Promise<void> {
  await store.run(`drop table if exists batch_rows`);
}

/** Which of `ids` are stored price or macro series: rows in bars or observations, or a series record. */
export async function storedSeriesIds(store: Store, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const [found] = await store.columns(
    `with wanted as (select unnest($1::varchar[]) as id)
     select id from series where id in (select id from wanted)
     union select distinct symbol from bars where symbol in (select id from wanted)
     union select distinct series_id from observations where series_id in (select id from wanted)`,
    [new DuckDBListValue([...ids])],
  );
  return new Set(found as string[]);
}
