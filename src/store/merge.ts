import type { DuckDBValue } from "@duckdb/node-api";
import { STAGES, type StageName, type StageSpec } from "./staging.ts";
import type { Store } from "./store.ts";

export interface MergeOptions {
  importId: number;
  /**
   * Relation holding the incoming rows, with the stage's columns (default: the stage table).
   * A bulk reader passes a view over what it parsed, saving a copy of every row.
   */
  from?: string;
  /** Source label stored on each row ("yahoo", "fred", "demo", ...). */
  source: string;
  /** Accept incoming values that differ from stored ones instead of rejecting the import. */
  replace: boolean;
  /**
   * The caller knows the target holds none of the incoming keys and the input repeats none (a
   * generated market written into an empty store): every row is inserted without comparisons.
   */
  fresh?: boolean;
}

export interface Conflict {
  line: number;
  key: string;
  field: string;
  stored: unknown;
  incoming: unknown;
}

export interface MergeResult {
  added: number;
  updated: number;
  unchanged: number;
  /** Identical repeated rows inside the input, kept once. */
  duplicates: number;
  firstDate: string | null;
  lastDate: string | null;
  groups: string[];
}

/** Incoming rows disagree with stored ones; nothing was written. */
export class ConflictError extends Error {
  override name = "ConflictError";
  constructor(
    readonly conflicts: Conflict[],
    readonly total: number,
  ) {
    const first = conflicts[0];
    super(
      `${total} row(s) conflict with stored values` +
        (first
          ? ` (first at line ${first.line}: ${first.key} ${first.field} stored ${String(first.stored)}, incoming ${String(first.incoming)})`
          : "") +
        "; use --replace to accept the incoming values",
    );
  }
}

/** The same key appears twice in one input with different values. */
export class DuplicateKeyError extends Error {
  override name = "DuplicateKeyError";
  constructor(
    readonly key: string,
    readonly firstLine: number,
    readonly secondLine: number,
  ) {
    super(`${key} appears on line ${firstLine} and line ${secondLine} with different values`);
  }
}

// Two doubles agree when equal to 1e-9 relative: files round-trip through text, and the
// same close written as 168.97000122070312 or 168.970001 must not count as a change.
const same = (a: string, b: string) =>
  `(${a} is not distinct from ${b} or coalesce(abs(${a} - ${b}) <= 1e-9 * greatest(abs(${a}), abs(${b})), false))`;

function keyJoin(spec: StageSpec, s = "s", t = "t"): string {
  return spec.keys.map((k) => `${s}.${k} = ${t}.${k}`).join(" and ");
}

function keyLabel(spec: StageSpec, row: Record<string, unknown>): string {
  return spec.keys.map((k) => formatValue(row[k])).join(" ");
}

function formatValue(v: unknown): string {
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v);
}

/**
 * Moves a filled stage into its stored table. Must run inside `store.transaction`:
 * on any error the caller's rollback leaves the store as it was.
 */
export async function mergeStage(store: Store, name: StageName, opts: MergeOptions): Promise<MergeResult> {
  store.assertWritable(opts.source);
  const spec: StageSpec = STAGES[name];
  const { target } = spec;
  let stage = opts.from ?? spec.table;
  const keys = spec.keys.join(", ");
  if (opts.fresh) return insertFresh(store, spec, stage, opts);

  // 1. Repeated keys inside the input: identical repeats are kept once, different ones are an error.
  // Only keys that repeat are compared value by value (a full distinct count over a large
  // file would cost far more than the grouping itself).
  const dupes = await store.rows<Record<string, unknown>>(
    `with repeated as (select ${keys} from ${stage} group by ${keys} having count(*) > 1)
     select ${spec.keys.map((k) => `s.${k}`).join(", ")}, min(line) as l1, max(line) as l2,
            count(distinct [${spec.values.map((v) => `s.${v}`).join(", ")}]::varchar || [${spec.extras.map((v) => `s.${v}::varchar`).join(", ") || "null"}]::varchar) as variants
     from ${stage} s join repeated using (${keys})
     group by ${spec.keys.map((k) => `s.${k}`).join(", ")} order by l1`,
  );
  let duplicates = 0;
  if (dupes.length > 0) {
    const bad = dupes.find((d) => Number(d.variants) > 1);
    if (bad) throw new DuplicateKeyError(keyLabel(spec, bad), Number(bad.l1), Number(bad.l2));
    duplicates = Number(
      await store.scalar(
        `select (select count(*) from ${stage}) - (select count(*) from (select distinct ${keys} from ${stage}))`,
      ),
    );
    const deduped = `${spec.table}_deduped`;
    await store.run(
      `create or replace temp table ${deduped} as
       select s.* from ${stage} s join (select ${keys}, min(line) as line from ${stage} group by ${keys}) first
       using (${keys}, line)`,
    );
    stage = deduped;
  }

  // Nothing stored yet for these series: every row is new (the common first import).
  const storedForGroups = Number(
    await store.scalar(
      `select count(*) from (select 1 from ${target} where ${spec.groupColumn} in (select distinct ${spec.groupColumn} from ${stage}) limit 1)`,
    ),
  );

  // 2. Conflicts: a provided value that differs from the stored one.
  const conflictCond = spec.conflictValues
    .map((v) => `(s.${v} is not null and t.${v} is not null and not ${same(`s.${v}`, `t.${v}`)})`)
    .join(" or ") || "false";
  const totalConflicts =
    storedForGroups === 0
      ? 0
      : Number(await store.scalar(`select count(*) from ${stage} s join ${target} t on ${keyJoin(spec)} where ${conflictCond}`));
  if (totalConflicts > 0 && !opts.replace) {
    const sample = await store.rows<Record<string, unknown>>(
      `select s.line, ${spec.keys.map((k) => `s.${k}`).join(", ")},
              ${spec.conflictValues.map((v) => `s.${v} as in_${v}, t.${v} as st_${v}`).join(", ")}
       from ${stage} s join ${target} t on ${keyJoin(spec)} where ${conflictCond} order by s.line limit 20`,
    );
    const conflicts: Conflict[] = sample.map((r) => {
      const field =
        spec.conflictValues.find((v) => {
          const a = r[`in_${v}`] as number | null;
          const b = r[`st_${v}`] as number | null;
          return a !== null && b !== null && Math.abs(a - b) > 1e-9 * Math.max(Math.abs(a), Math.abs(b));
        }) ?? spec.conflictValues[0];
      return {
        line: Number(r.line),
        key: keyLabel(spec, r),
        field,
        stored: r[`st_${field}`],
        incoming: r[`in_${field}`],
      };
    });
    throw new ConflictError(conflicts, totalConflicts);
  }

  // 3. Changed rows: any provided value or label that differs from (or fills in) the stored one.
  const changedCond = [
    ...spec.values.map((v) => `(s.${v} is not null and not ${same(`s.${v}`, `t.${v}`)})`),
    ...spec.extras.map((v) => `(s.${v} is not null and s.${v} is distinct from t.${v})`),
  ].join(" or ");
  const total = Number(await store.scalar(`select count(*) from ${stage}`));
  const existing =
    storedForGroups === 0
      ? 0
      : Number(await store.scalar(`select count(*) from ${stage} s join ${target} t on ${keyJoin(spec)}`));
  const updated =
    existing === 0
      ? 0
      : Number(await store.scalar(`select count(*) from ${stage} s join ${target} t on ${keyJoin(spec)} where ${changedCond}`));
  const params: DuckDBValue[] = [opts.source, opts.importId];
  if (updated > 0) {
    const sets = [...spec.values, ...spec.extras].map((v) => `${v} = coalesce(s.${v}, t.${v})`).join(", ");
    await store.run(
      `update ${target} t set ${sets}, source = $1, import_id = $2
       from ${stage} s where ${keyJoin(spec)} and (${changedCond})`,
      params,
    );
  }
  const cols = [...spec.keys, ...spec.values, ...spec.extras];
  await store.run(
    `insert into ${target} (${cols.join(", ")}, source, import_id)
     select ${cols.map((c) => `s.${c}`).join(", ")}, $1, $2 from ${stage} s
     ${existing === 0 ? "" : `where not exists (select 1 from ${target} t where ${keyJoin(spec)})`}`,
    params,
  );

  const range = await store.rows<{ first: string | null; last: string | null }>(
    `select min(${spec.dateColumn})::varchar as first, max(${spec.dateColumn})::varchar as last from ${stage}`,
  );
  const groups = await store.rows<{ g: string }>(
    `select distinct ${spec.groupColumn}::varchar as g from ${stage} order by 1`,
  );
  if (stage !== (opts.from ?? spec.table)) await store.run(`drop table if exists ${stage}`);
  return {
    added: total - existing,
    updated,
    unchanged: existing - updated,
    duplicates,
    firstDate: range[0]?.first ?? null,
    lastDate: range[0]?.last ?? null,
    groups: groups.map((g) => g.g),
  };
}

/** The merge's insert alone, for `fresh` input: every row is new, so nothing is compared. */
async function insertFresh(store: Store, spec: StageSpec, stage: string, opts: MergeOptions): Promise<MergeResult> {
  const cols = [...spec.keys, ...spec.values, ...spec.extras];
  await store.run(
    `insert into ${spec.target} (${cols.join(", ")}, source, import_id) select ${cols.join(", ")}, $1, $2 from ${stage}`,
    [opts.source, opts.importId],
  );
  return allAdded(store, spec, stage);
}

/**
 * What the merge reports for rows that were all new, read from `relation` (the stage, or the
 * stored rows of one import): every row added, their date range and groups.
 */
export async function allAdded(store: Store, spec: StageSpec, relation: string, params: DuckDBValue[] = []): Promise<MergeResult> {
  const [summary] = await store.rows<{ n: bigint; first: string | null; last: string | null }>(
    `select count(*) as n, min(${spec.dateColumn})::varchar as first, max(${spec.dateColumn})::varchar as last from ${relation}`,
    params,
  );
  const groups = await store.rows<{ g: string }>(`select distinct ${spec.groupColumn}::varchar as g from ${relation} order by 1`, params);
  return {
    added: Number(summary.n),
    updated: 0,
    unchanged: 0,
    duplicates: 0,
    firstDate: summary.first,
    lastDate: summary.last,
    groups: groups.map((g) => g.g),
  };
}
