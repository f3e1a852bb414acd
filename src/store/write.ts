import type { DuckDBAppender, DuckDBValue } from "@duckdb/node-api";
import { duckdb } from "./duckdb.ts";
import type { Bar, Company, CorporateActionInput, Fact, Holding, Observation, SeriesMeta, Security, SourceKind } from "../model/index.ts";
import { DEMO_SOURCE, isoToDay } from "../model/index.ts";
import { mergeStage, type MergeResult } from "./merge.ts";
import { STAGES, type StageName } from "./staging.ts";
import { StoreError, type Store } from "./store.ts";

const { DuckDBDateValue, DuckDBListValue } = duckdb;

function appendNullable(app: DuckDBAppender, v: number | null | undefined): void {
  if (v === null || v === undefined || Number.isNaN(v)) app.appendNull();
  else app.appendDouble(v);
}

function appendText(app: DuckDBAppender, v: string | null | undefined): void {
  if (v === null || v === undefined) app.appendNull();
  else app.appendVarchar(v);
}

async function appender(store: Store, stage: StageName): Promise<DuckDBAppender> {
  return store.db.createAppender(STAGES[stage].table, "main", "temp");
}

/** Line numbers default to the record's position (1-based) when the source has no lines. */
export async function stageBars(store: Store, bars: readonly Bar[], lines?: readonly number[]): Promise<void> {
  const app = await appender(store, "bars");
  bars.forEach((b, i) => {
    app.appendBigInt(BigInt(lines?.[i] ?? i + 1));
    app.appendVarchar(b.symbol);
    app.appendDate(new DuckDBDateValue(isoToDay(b.date)));
    appendNullable(app, b.open);
    appendNullable(app, b.high);
    appendNullable(app, b.low);
    app.appendDouble(b.close);
    appendNullable(app, b.adjClose);
    appendNullable(app, b.volume);
    app.endRow();
  });
  app.closeSync();
}

/**
 * Dividends and splits of one fetch, merged like bars (conflicts, unchanged rows) when
 * `commitStaged` lists the "corporateActions" stage. The stored source is the
 * import's, as for every other stage.
 */
export async function stageCorporateActions(
  store: Store,
  actions: readonly CorporateActionInput[],
  lines?: readonly number[],
): Promise<void> {
  const app = await appender(store, "corporateActions");
  actions.forEach((a, i) => {
    app.appendBigInt(BigInt(lines?.[i] ?? i + 1));
    app.appendVarchar(a.symbol);
    app.appendDate(new DuckDBDateValue(isoToDay(a.date)));
    app.appendVarchar(a.kind);
    appendNullable(app, a.kind === "dividend" ? a.amount : null);
    appendNullable(app, a.kind === "split" ? a.numerator : null);
    appendNullable(app, a.kind === "split" ? a.denominator : null);
    app.endRow();
  });
  app.closeSync();
}

export async function stageObservations(
  store: Store,
  obs: readonly Observation[],
  lines?: readonly number[],
): Promise<void> {
  const app = await appender(store, "observations");
  obs.forEach((o, i) => {
    app.appendBigInt(BigInt(lines?.[i] ?? i + 1));
    app.appendVarchar(o.seriesId);
    app.appendDate(new DuckDBDateValue(isoToDay(o.date)));
    app.appendDouble(o.value);
    app.endRow();
  });
  app.closeSync();
}

/** Equity rows go to the holdings stage; cash, money market, collateral and futures to the fund-other stage. */
export async function stageHoldings(
  store: Store,
  holdings: readonly Holding[],
  lines?: readonly number[],
): Promise<void> {
  const equity = await appender(store, "holdings");
  const other = await appender(store, "fundOther");
  holdings.forEach((h, i) => {
    const app = h.assetClass === "equity" ? equity : other;
    app.appendBigInt(BigInt(lines?.[i] ?? i + 1));
    app.appendVarchar(h.fund);
    app.appendDate(new DuckDBDateValue(isoToDay(h.asOf)));
    app.appendVarchar(h.ticker);
    app.appendVarchar(h.name);
    appendText(app, h.sector);
    app.appendVarchar(h.assetClass);
    app.appendDouble(h.marketValue);
    app.appendDouble(h.weight);
    appendNullable(app, h.shares);
    appendNullable(app, h.price);
    appendText(app, h.location);
    appendText(app, h.exchange);
    appendText(app, h.currency);
    app.endRow();
  });
  equity.closeSync();
  other.closeSync();
}

/** Stages filers (SEC EDGAR), one row each, for a merge on their CIK. */
export async function stageCompanies(store: Store, companies: readonly Company[]): Promise<void> {
  const app = await appender(store, "companies");
  companies.forEach((c, i) => {
    app.appendBigInt(BigInt(i + 1));
    app.appendInteger(c.cik);
    appendText(app, c.name || null);
    appendText(app, c.tickers.length ? c.tickers.map((t) => t.ticker).join(" ") : null);
    // Only when every ticker's exchange is known: a document without them keeps those stored.
    appendText(app, c.tickers.length && c.tickers.every((t) => t.exchange) ? c.tickers.map((t) => (t.exchange as string).replace(/\s+/g, "_")).join(" ") : null);
    appendText(app, c.sic);
    appendText(app, c.sicDescription);
    appendText(app, c.stateOfIncorporation);
    appendText(app, c.location);
    appendText(app, c.fiscalYearEnd);
    app.endRow();
  });
  app.closeSync();
}

/** Stages XBRL facts (SEC EDGAR); `days` is the period's length, 0 for an instant. */
export async function stageFacts(store: Store, facts: readonly Fact[]): Promise<void> {
  const app = await appender(store, "facts");
  facts.forEach((f, i) => {
    app.appendBigInt(BigInt(i + 1));
    app.appendInteger(f.cik);
    app.appendVarchar(f.taxonomy);
    app.appendVarchar(f.concept);
    app.appendVarchar(f.unit);
    app.appendDate(new DuckDBDateValue(isoToDay(f.end)));
    app.appendInteger(f.start === null ? 0 : isoToDay(f.end) - isoToDay(f.start));
    app.appendVarchar(f.accession);
    app.appendInteger(f.seq);
    app.appendDouble(f.value);
    if (f.start === null) app.appendNull();
    else app.appendDate(new DuckDBDateValue(isoToDay(f.start)));
    appendText(app, f.form);
    if (f.filed === null) app.appendNull();
    else app.appendDate(new DuckDBDateValue(isoToDay(f.filed)));
    appendText(app, f.frame);
    app.endRow();
  });
  app.closeSync();
}

export async function stageSecurities(
  store: Store,
  universe: string,
  asOf: string,
  securities: readonly Security[],
  lines?: readonly number[],
): Promise<void> {
  const app = await appender(store, "securities");
  const day = new DuckDBDateValue(isoToDay(asOf));
  securities.forEach((s, i) => {
    app.appendBigInt(BigInt(lines?.[i] ?? i + 1));
    app.appendVarchar(universe);
    app.appendDate(day);
    app.appendVarchar(s.id);
    app.appendVarchar(s.ticker);
    app.appendVarchar(s.name);
    appendText(app, s.sector);
    app.appendVarchar(s.country);
    app.appendDouble(s.sharesOutstanding);
    app.appendDouble(s.floatShares);
    app.appendDouble(s.price);
    appendText(app, s.securityType);
    appendNullable(app, s.earnings);
    appendNullable(app, s.bookValue);
    app.endRow();
  });
  app.closeSync();
}

export interface ImportSource {
  sourceKind: SourceKind;
  sourceRef: string;
  format: string;
  sha256: string;
}

export interface ImportOutcome extends MergeResult {
  importId: number;
  /** Rows the source carried that hold no data (e.g. Yahoo `null` rows, FRED `.`). */
  skipped: number;
  /** The merge of each stage on its own (the fields above add them up). */
  stages: Partial<Record<StageName, MergeResult>>;
}

/** Inserts or replaces series metadata, many rows per statement. */
export async function upsertSeries(store: Store, metas: readonly SeriesMeta[]): Promise<void> {
  for (const source of new Set(metas.map((m) => m.source))) store.assertWritable(source);
  const BATCH = 500;
  for (let i = 0; i < metas.length; i += BATCH) {
    const batch = metas.slice(i, i + BATCH);
    // A plain insert of the new records: DuckDB's insert-or-replace costs several times more,
    // even where nothing is replaced, and a folder import adds one series per file.
    const [stored] = await store.columns(`select id from series where id in (select unnest($1::varchar[]))`, [new DuckDBListValue(batch.map((m) => m.id))]);
    const known = new Set(stored as string[]);
    for (const [verb, metasOf] of [
      ["insert", batch.filter((m) => !known.has(m.id))],
      ["insert or replace", batch.filter((m) => known.has(m.id))],
    ] as const) {
      if (metasOf.length === 0) continue;
      const values = metasOf.map((_, j) => `(${[1, 2, 3, 4, 5, 6].map((k) => `$${j * 6 + k}`).join(", ")})`).join(", ");
      await store.run(
        `${verb} into series (id, kind, name, currency, frequency, source) values ${values}`,
        metasOf.flatMap((m) => [m.id, m.kind, m.name, m.currency, m.frequency, m.source]),
      );
    }
  }
}

/** Inserts series records known to be new (a batch of a folder checked that none is stored). */
export async function insertNewSeries(store: Store, metas: readonly SeriesMeta[]): Promise<void> {
  for (const source of new Set(metas.map((m) => m.source))) store.assertWritable(source);
  if (metas.length === 0) return;
  const values = metas.map((_, j) => `(${[1, 2, 3, 4, 5, 6].map((k) => `$${j * 6 + k}`).join(", ")})`).join(", ");
  await store.run(
    `insert into series (id, kind, name, currency, frequency, source) values ${values}`,
    metas.flatMap((m) => [m.id, m.kind, m.name, m.currency, m.frequency, m.source]),
  );
}

/** Refuses rows the store must not hold, and an import whose kind does not match its rows' source. */
function assertImport(store: Store, source: ImportSource, dataSource: string): void {
  store.assertWritable(dataSource);
  if ((source.sourceKind === "demo") !== (dataSource === DEMO_SOURCE)) {
    throw new StoreError(`an import of kind "${source.sourceKind}" cannot store rows with source "${dataSource}"`);
  }
}

/**
 * Inserts the import's record, once, with its counts, after its rows: `id` is the one the rows
 * were written with (NEXT_IMPORT_ID_SQL: the largest stored id + 1, read inside the writing
 * transaction, one writer at a time). Not the table's sequence: a sequence value taken by a
 * transaction that rolls back is gone for good, and a rejected file must not use up an id.
 */
async function recordImport(store: Store, source: ImportSource, id: number, counts: ImportOutcome): Promise<void> {
  await store.run(
    `insert into imports (id, source_kind, source_ref, format, sha256, rows_added, rows_updated, rows_skipped, first_date, last_date)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9::date, $10::date)`,
    [id, source.sourceKind, source.sourceRef, source.format, source.sha256, ...countsOf(counts)],
  );
}

/** The id the next import record gets (see recordImport), as SQL for a writer's first query. */
export const NEXT_IMPORT_ID_SQL = `(select coalesce(max(id), 0) + 1 from imports)`;

/** An import record's counts and dates, in the order of its columns. */
function countsOf(total: ImportOutcome): DuckDBValue[] {
  return [total.added, total.updated, total.skipped + total.unchanged + total.duplicates, total.firstDate, total.lastDate];
}

function emptyOutcome(importId: number, skipped: number): ImportOutcome {
  return { importId, added: 0, updated: 0, unchanged: 0, duplicates: 0, skipped, firstDate: null, lastDate: null, groups: [], stages: {} };
}

function addStage(total: ImportOutcome, stage: StageName, r: MergeResult): void {
  total.stages[stage] = r;
  total.added += r.added;
  total.updated += r.updated;
  total.unchanged += r.unchanged;
  total.duplicates += r.duplicates;
  if (r.firstDate && (!total.firstDate || r.firstDate < total.firstDate)) total.firstDate = r.firstDate;
  if (r.lastDate && (!total.lastDate || r.lastDate > total.lastDate)) total.lastDate = r.lastDate;
  for (const g of r.groups) if (!total.groups.includes(g)) total.groups.push(g);
}


/**
 * Records an import and merges its already-filled stages, all inside the caller's
 * transaction. `skipped` counts source rows without data; unchanged rows are added to it
 * in the stored record, since they too changed nothing.
 */
export async function commitStaged(
  store: Store,
  source: ImportSource,
  stages: StageName[],
  opts: {
    dataSource: string;
    replace: boolean;
    /** Per-stage override of `replace` (e.g. a source's own revised dividends, but not its bars). */
    replaceStages?: Partial<Record<StageName, boolean>>;
    skipped: number;
    series?: SeriesMeta[];
    /** Relations to read instead of a stage table (see MergeOptions.from). */
    from?: Partial<Record<StageName, string>>;
    /** The store holds none of the incoming keys: stages are inserted without comparisons (MergeOptions.fresh). */
    fresh?: boolean;
    /**
     * Stages the caller writes itself, straight into their tables with the import's id (e.g.
     * appendBarFrames into an empty store), returning what each added; they are not merged.
     */
    written?: (importId: number) => Promise<Partial<Record<StageName, MergeResult>>>;
  },
): Promise<ImportOutcome> {
  assertImport(store, source, opts.dataSource);
  // The rows first, with the id the record then gets whole, with its counts: a record is written
  // once, so one replayed from a commit a kill cut off always says what its rows should be.
  const importId = Number(await store.scalar(`select ${NEXT_IMPORT_ID_SQL}`));
  const total = emptyOutcome(importId, opts.skipped);
  const written = opts.written ? await opts.written(importId) : {};
  for (const stage of stages) {
    const r =
      written[stage] ??
      (await mergeStage(store, stage, {
        importId,
        source: opts.dataSource,
        replace: opts.replaceStages?.[stage] ?? opts.replace,
        from: opts.from?.[stage],
        fresh: opts.fresh,
      }));
    addStage(total, stage, r);
  }
  await upsertSeries(store, opts.series ?? []);
  await recordImport(store, source, importId, total);
  for (const stage of stages) await store.clearStage(stage);
  return total;
}

/**
 * Records an import whose rows `insert` writes straight into their table (insertDelimited), inside
 * the caller's transaction: the rows first, with the id the record then gets.
 */
export async function commitInserted(
  store: Store,
  opts: {
    dataSource: string;
    /** Writes the rows with the id the record then gets (NEXT_IMPORT_ID_SQL, read in its first query), and returns it. */
    insert: () => Promise<{ importId: number; stage: StageName; result: MergeResult; skipped: number }>;
    /** Asked for once the rows are in, so that hashing the file can overlap the insert. */
    source: () => Promise<ImportSource>;
    series?: SeriesMeta[];
  },
): Promise<ImportOutcome> {
  store.assertWritable(opts.dataSource);
  const written = await opts.insert();
  const id = written.importId;
  const source = await opts.source();
  assertImport(store, source, opts.dataSource);
  const total = emptyOutcome(id, written.skipped);
  addStage(total, written.stage, written.result);
  await recordImport(store, source, id, total);
  if (opts.series?.length) await upsertSeries(store, opts.series);
  return total;
}
