import { InputError } from "../../model/index.ts";
import type { Store } from "../../store/index.ts";
import { physicalLineOfRow } from "./sniff.ts";

/**
 * Daily-bar and observation CSVs are parsed by DuckDB's own CSV reader (every field read as
 * text), then converted and checked in SQL, so a multi-million-row file loads at DuckDB's
 * speed. The checks mirror the Bar and Observation models in src/model (positive prices,
 * high >= low, calendar dates); test/import/bad-input.test.ts holds both to the same corpus.
 */

export const BAR_FIELDS = ["date", "open", "high", "low", "close", "adjClose", "volume"] as const;
export type BarField = (typeof BAR_FIELDS)[number];

export interface BarPlan {
  kind: "bars";
  symbol: string;
  /** File column index of each canonical field (date and close required). */
  map: Partial<Record<BarField, number>>;
}

export interface ObservationPlan {
  kind: "observations";
  dateColumn: number;
  series: { column: number; id: string }[];
}

export interface DelimitedPlan {
  columns: string[];
  /** Lines before the first data row (the header). */
  headerLines: number;
  /** Cell texts meaning "no value" (Yahoo `null`, FRED `.` and empty). */
  missing: string[];
  target: BarPlan | ObservationPlan;
}

export interface StagedFile {
  rows: number;
  /** Rows without any value (Yahoo null rows, FRED missing observations). */
  skipped: number;
}

const sqlString = (s: string) => `'${s.replace(/'/g, "''")}'`;
const col = (i: number) => `c${i}`;

/** Accepted date spellings: ISO, US m/d/yyyy and m/d/yy (Yahoo's spreadsheet exports), yyyymmdd. */
function dateExpr(c: string): string {
  const t = `trim(${c})`;
  // Two-digit years need %y (69-99 -> 19xx, 00-68 -> 20xx); %Y would read "87" as year 87.
  return `(case when regexp_full_match(${t}, '\\d{1,2}/\\d{1,2}/\\d{2}') then try_strptime(${t}, '%m/%d/%y')
    else coalesce(try_strptime(${t}, '%Y-%m-%d'), try_strptime(${t}, '%m/%d/%Y'), try_strptime(${t}, '%Y%m%d')) end)::date`;
}

function numExpr(c: string, missing: string): string {
  return `case when trim(${c}) in (${missing}) then null else try_cast(trim(${c}) as double) end`;
}

function isMissing(c: string, missing: string): string {
  return `(${c} is null or trim(${c}) in (${missing}))`;
}

/** Turns a DuckDB CSV reader error into a line-numbered InputError. */
function csvReaderError(path: string, err: unknown, expectedFields: number): InputError {
  const msg = (err as Error).message ?? String(err);
  const line = /CSV Error on Line: (\d+)/.exec(msg);
  const found = /Expected Number of Columns: (\d+) Found: (\d+)/.exec(msg);
  if (line && found) {
    return new InputError(
      path,
      Number(line[1]),
      null,
      `expected ${found[1]} fields, found ${found[2]} (a truncated or malformed row)`,
    );
  }
  if (line) return new InputError(path, Number(line[1]), null, msg.split("\n")[0]);
  return new InputError(path, null, null, `cannot read as CSV (${expectedFields} columns): ${msg.split("\n")[0]}`);
}

/**
 * Reads `path` into the bars or observations stage of `store` (inside the caller's
 * transaction). Throws InputError naming the line and field of the first bad row.
 */
export async function stageDelimited(store: Store, path: string, plan: DelimitedPlan): Promise<StagedFile> {
  const n = plan.columns.length;
  const columns = `{${plan.columns.map((_, i) => `'${col(i)}': 'VARCHAR'`).join(", ")}}`;
  const reader = `read_csv(${sqlString(path)}, header = false, skip = ${plan.headerLines}, delim = ',',
    quote = '"', escape = '"', auto_detect = false, columns = ${columns})`;
  const missing = plan.missing.map(sqlString).join(", ");
  const t = plan.target;

  let select: string;
  let checks: { field: string; cond: string; reason: string }[];
  const dateCol = col(t.kind === "bars" ? (t.map.date as number) : t.dateColumn);
  const dateName = plan.columns[t.kind === "bars" ? (t.map.date as number) : t.dateColumn];
  const dateChecks = [
    { field: dateName, cond: `d is null`, reason: "not a calendar date (expected YYYY-MM-DD, m/d/yyyy or m/d/yy)" },
    { field: dateName, cond: `d > current_date + 7`, reason: "date lies in the future" },
    { field: dateName, cond: `d < date '1800-01-01'`, reason: "date is before 1800" },
  ];

  if (t.kind === "bars") {
    const fields = BAR_FIELDS.filter((f) => f !== "date");
    const present = fields.filter((f) => t.map[f] !== undefined);
    const exprs = fields.map((f) =>
      t.map[f] === undefined ? `null::double as ${f}` : `${numExpr(col(t.map[f] as number), missing)} as ${f}`,
    );
    const rawBad = present.map((f) => ({ f, bad: `(not ${isMissing(`raw_${f}`, missing)} and ${f} is null)` }));
    const allMissing = present.map((f) => isMissing(col(t.map[f] as number), missing)).join(" and ");
    select = `select rowid - (select min(rowid) from raw_csv) as r, ${dateExpr(dateCol)} as d, ${exprs.join(", ")},
      (${allMissing}) as empty_row, ${present.map((f) => `${col(t.map[f] as number)} as raw_${f}`).join(", ")}
      from raw_csv`;
    const name = (f: BarField) => plan.columns[t.map[f] as number];
    checks = [
      ...dateChecks,
      ...rawBad.map(({ f, bad }) => ({ field: name(f), cond: bad, reason: "not a number" })),
      { field: name("close"), cond: `close is null`, reason: "close is missing while other fields have values" },
      ...present.map((f) => ({ field: name(f), cond: `not isfinite(${f})`, reason: "not a finite number" })),
      ...present
        .filter((f) => f !== "volume")
        .map((f) => ({ field: name(f), cond: `${f} <= 0`, reason: "price must be positive" })),
      ...(present.includes("volume")
        ? [{ field: name("volume"), cond: `volume < 0`, reason: "volume must not be negative" }]
        : []),
      ...(present.includes("high") && present.includes("low")
        ? [{ field: name("high"), cond: `high < low`, reason: "high is below low" }]
        : []),
    ];
  } else {
    const vals = t.series.map((s, k) => `${numExpr(col(s.column), missing)} as v${k}, ${col(s.column)} as raw_v${k}`);
    const allMissing = t.series.map((s) => isMissing(col(s.column), missing)).join(" and ");
    select = `select rowid - (select min(rowid) from raw_csv) as r, ${dateExpr(dateCol)} as d, ${vals.join(", ")}, (${allMissing}) as empty_row from raw_csv`;
    checks = [
      ...dateChecks,
      ...t.series.flatMap((s, k) => [
        {
          field: plan.columns[s.column],
          cond: `(not ${isMissing(`raw_v${k}`, missing)} and v${k} is null)`,
          reason: "not a number",
        },
        { field: plan.columns[s.column], cond: `not isfinite(v${k})`, reason: "not a finite number" },
      ]),
    ];
  }

  try {
    await store.run(`create or replace temp table raw_csv as select * from ${reader}`);
  } catch (err) {
    throw csvReaderError(path, err, n);
  }
  try {
    await store.run(`create or replace temp table parsed_csv as ${select}`);
    // The first failing check of the first bad row names the field; rows with no values skip the number checks.
    const problem = checks
      .map((c, i) => `when ${c.cond} then ${i}`)
      .join(" ");
    const bad = await store.rows<{ r: bigint; k: number }>(
      `select r, k from (select r, case ${problem} else null end as k from parsed_csv
         where not empty_row or d is null or d > current_date + 7 or d < date '1800-01-01')
       where k is not null order by r limit 1`,
    );
    if (bad.length > 0) {
      const check = checks[bad[0].k];
      const line = await physicalLineOfRow(path, Number(bad[0].r), plan.headerLines);
      const raw = await store.scalar(`select ${"c" + plan.columns.indexOf(check.field)} from raw_csv where rowid - (select min(rowid) from raw_csv) = $1`, [
        Number(bad[0].r),
      ]);
      throw new InputError(path, line, check.field, `${check.reason}: ${JSON.stringify(raw)}`);
    }
    const lineExpr = `r + ${plan.headerLines + 1}`;
    if (t.kind === "bars") {
      await store.run(
        `insert into stage_bars select ${lineExpr}, $1, d, open, high, low, close, adjClose, volume
         from parsed_csv where not empty_row`,
        [t.symbol],
      );
    } else {
      for (const [k, s] of t.series.entries()) {
        await store.run(
          `insert into stage_observations select ${lineExpr}, $1, d, v${k} from parsed_csv where v${k} is not null`,
          [s.id],
        );
      }
    }
    const counts = await store.rows<{ rows: bigint; empty: bigint }>(
      `select count(*) as rows, count(*) filter (where empty_row) as empty from parsed_csv`,
    );
    const rows = Number(counts[0].rows);
    if (rows === 0) throw new InputError(path, plan.headerLines + 1, null, "the file has a header but no data rows");
    let skipped = Number(counts[0].empty);
    if (t.kind === "observations" && t.series.length > 1) {
      // With several series per file a partly empty row still skips the missing cells.
      skipped = Number(
        await store.scalar(
          `select ${t.series.map((_, k) => `count(*) filter (where v${k} is null)`).join(" + ")} from parsed_csv`,
        ),
      );
    }
    return { rows, skipped };
  } finally {
    await store.run(`drop table if exists raw_csv`);
    await store.run(`drop table if exists parsed_csv`);
  }
}
