import type { DuckDBValue } from "@duckdb/node-api";
import type { BarFrame, ClosesFrame, CorporateAction, CorporateActionKind, Holding, SeriesFrame, SeriesKind } from "../model/index.ts";
import type { Store } from "./store.ts";
import { firstIndexOnOrAfter } from "../model/dates.ts";

export interface DateRange {
  from?: string;
  to?: string;
}

export interface StoredSeries {
  id: string;
  kind: SeriesKind | "unknown";
  name: string;
  table: "bars" | "observations";
  rows: number;
  first: string;
  last: string;
  sources: string[];
  lastImportId: number;
  /** Publication frequency from the series metadata (daily when unknown). */
  frequency: string;
}

export interface ImportRow {
  id: number;
  sourceKind: string;
  sourceRef: string;
  format: string;
  sha256: string;
  rowsAdded: number;
  rowsUpdated: number;
  rowsSkipped: number;
  firstDate: string | null;
  lastDate: string | null;
  importedAt: string;
}

function rangeWhere(column: string, range: DateRange, params: DuckDBValue[]): string {
  let where = "";
  if (range.from) {
    params.push(range.from);
    where += ` and ${column} >= $${params.length}::date`;
  }
  if (range.to) {
    params.push(range.to);
    where += ` and ${column} <= $${params.length}::date`;
  }
  return where;
}


/** Everything stored, one line per series (bars and macro observations). */
export async function listSeries(store: Store): Promise<StoredSeries[]> {
  const rows = await store.rows<Record<string, unknown>>(`
    with data as (
      select symbol as id, 'bars' as tbl, count(*) as n, min(date) as first, max(date) as last,
             list(distinct source order by source) as sources, max(import_id) as last_import
      from bars group by symbol
      union all
      select series_id, 'observations', count(*), min(date), max(date),
             list(distinct source order by source), max(import_id)
      from observations group by series_id
    )
    select d.id, d.tbl, d.n, d.first::varchar as first, d.last::varchar as last, d.sources, d.last_import,
           coalesce(s.kind, 'unknown') as kind, coalesce(s.name, d.id) as name, coalesce(s.frequency, 'daily') as frequency
    from data d left join series s on s.id = d.id
    order by case coalesce(s.kind, 'unknown') when 'index' then 0 when 'etf' then 1 when 'stock' then 2 when 'macro' then 3 else 4 end, d.id`);
  return rows.map((r) => ({
    id: String(r.id),
    kind: r.kind as StoredSeries["kind"],
    name: String(r.name),
    table: r.tbl as StoredSeries["table"],
    rows: Number(r.n),
    first: String(r.first),
    last: String(r.last),
    sources: r.sources as string[],
    lastImportId: Number(r.last_import),
    frequency: String(r.frequency),
  }));
}

export async function readBars(store: Store, symbol: string, range: DateRange = {}): Promise<BarFrame> {
  return (await readBarsOf(store, [symbol], range))[0];
}

/**
 * `$1..$n` placeholders for `ids` (pushed onto `params`), and a SQL expression giving the index
 * in `ids` of the value of `column`: many series are read in one query (one scan of the table
 * instead of one per series) and split by that index.
 */
function idsClause(column: string, ids: readonly string[], params: DuckDBValue[]): { list: string; position: string } {
  const first = params.length + 1;
  params.push(...ids);
  const list = ids.map((_, i) => `$${first + i}`).join(", ");
  const position = `(case ${column} ${ids.map((_, i) => `when $${first + i} then ${i}`).join(" ")} end)::integer`;
  return { list, position };
}

/**
 * Like Promise.all, but waits for every promise before it rejects (with the first error), so
 * that no read is still running on a connection about to be closed.
 */
export async function allSettled<T extends readonly unknown[]>(promises: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const settled = await Promise.allSettled(promises);
  const failed = settled.find((r) => r.status === "rejected");
  if (failed) throw (failed as PromiseRejectedResult).reason;
  return settled.map((r) => (r as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

/** Where each series' rows begin in a column of series indexes sorted ascending (bounds[k]..bounds[k + 1]). */
function seriesBounds(index: Int32Array, count: number): Int32Array {
  const bounds = new Int32Array(count + 1);
  // bounds[k] = the first position holding k or more: a binary search each, not a walk of every row.
  for (let k = 0; k <= count; k++) bounds[k] = firstIndexOnOrAfter(index, k);
  return bounds;
}

/** A frame's numeric price columns and the `bars` columns they are read from. */
const BAR_COLUMNS = { open: "open", high: "high", low: "low", close: "close", adjClose: "adj_close", volume: "volume" } as const;
const CLOSE_COLUMNS = { close: "close", adjClose: "adj_close" } as const;

/**
 * Price series of several symbols (distinct), in the order asked, read in two queries: the
 * `columns` of every row (sorted by symbol and date), and each symbol's sources, on
 * `sourcesReader` (another connection to the same file) when given, beside the first. A symbol
 * without rows gets empty columns. Each frame's columns are views of the columns read, not
 * copies: a frame is never written to.
 */
async function readPriceSeries<K extends string>(
  store: Store,
  symbols: readonly string[],
  columns: Record<K, string>,
  range: DateRange,
  sourcesReader: Store | undefined,
): Promise<({ symbol: string; dates: Int32Array; sources: string[] } & Record<K, Float64Array>)[]> {
  if (symbols.length === 0) return [];
  const params: DuckDBValue[] = [];
  const ids = idsClause("symbol", symbols, params);
  const where = `symbol in (${ids.list})${rangeWhere("date", range, params)}`;
  const keys = Object.keys(columns) as K[];
  const readValues = () =>
    store.typedColumns(
      `select ${ids.position}, (date - date '1970-01-01')::integer, ${keys.map((k) => columns[k]).join(", ")} from bars where ${where} order by 1, 2`,
      params,
      ["int32", "int32", ...keys.map(() => "float64" as const)],
    );
  // Each symbol's sources in the order they first appear, without a string per row.
  const readSources = (s: Store) =>
    s.typedColumns(`select ${ids.position}, source from bars where ${where} group by symbol, source order by 1, min(date)`, params, ["int32", "string"] as const);
  const [[index, dates, ...values], [sourceIndex, source]] = sourcesReader
    ? await allSettled([readValues(), readSources(sourcesReader)] as const)
    : [await readValues(), await readSources(store)];
  const bounds = seriesBounds(index as Int32Array, symbols.length);
  return symbols.map((symbol, k) => {
    const [a, b] = [bounds[k], bounds[k + 1]];
    const frame = { symbol, dates: (dates as Int32Array).subarray(a, b), sources: source.filter((_, i) => sourceIndex[i] === k) as string[] };
    return Object.assign(frame, Object.fromEntries(keys.map((key, c) => [key, (values[c] as Float64Array).subarray(a, b)])) as Record<K, Float64Array>);
  });
}

/** Bars of several symbols (distinct), in the order asked (see readPriceSeries). */
export async function readBarsOf(store: Store, symbols: readonly string[], range: DateRange = {}, sourcesReader?: Store): Promise<BarFrame[]> {
  return readPriceSeries(store, symbols, BAR_COLUMNS, range, sourcesReader);
}

/**
 * The closes and adjusted closes of several symbols (distinct), as `readBarsOf` reads bars: all a
 * measurement uses, two of the six price columns.
 */
export async function readCloseFramesOf(store: Store, symbols: readonly string[], range: DateRange = {}, sourcesReader?: Store): Promise<ClosesFrame[]> {
  return readPriceSeries(store, symbols, CLOSE_COLUMNS, range, sourcesReader);
}

/** Stored dividends and splits of a symbol in a date range, by date (dividend before split on one date). */
export async function readCorporateActions(
  store: Store,
  symbol: string,
  range: DateRange = {},
  kind?: CorporateActionKind,
): Promise<CorporateAction[]> {
  const params: DuckDBValue[] = [symbol];
  let where = rangeWhere("date", range, params);
  if (kind) {
    params.push(kind);
    where += ` and kind = $${params.length}`;
  }
  const rows = await store.rows<Record<string, unknown>>(
    `select symbol, date::varchar as date, kind, amount, numerator, denominator, source
     from corporate_actions where symbol = $1 ${where} order by date, kind`,
    params,
  );
  return rows.map((r): CorporateAction => {
    const base = { symbol: String(r.symbol), date: String(r.date), source: String(r.source) };
    return r.kind === "split"
      ? { ...base, kind: "split", numerator: Number(r.numerator), denominator: Number(r.denominator) }
      : { ...base, kind: "dividend", amount: Number(r.amount) };
  });
}

/** Closes (or adjusted closes, falling back to close where missing) as a series frame. */
export async function readCloses(
  store: Store,
  symbol: string,
  range: DateRange = {},
  field: "close" | "adj_close" = "close",
): Promise<SeriesFrame> {
  const params: DuckDBValue[] = [symbol];
  const value = field === "close" ? "close" : "coalesce(adj_close, close)";
  const [dates, values] = await store.typedColumns(
    `select (date - date '1970-01-01')::integer, ${value} from bars
     where symbol = $1 ${rangeWhere("date", range, params)} order by date`,
    params,
    ["int32", "float64"],
  );
  return { id: symbol, dates, values };
}

export async function readObservations(store: Store, seriesId: string, range: DateRange = {}): Promise<SeriesFrame> {
  return (await readObservationsOf(store, [seriesId], range))[0];
}

/** Observations of several series (distinct) in one query, in the order asked; a series without rows gets empty columns. */
export async function readObservationsOf(store: Store, seriesIds: readonly string[], range: DateRange = {}): Promise<SeriesFrame[]> {
  if (seriesIds.length === 0) return [];
  const params: DuckDBValue[] = [];
  const ids = idsClause("series_id", seriesIds, params);
  const [index, dates, values] = await store.typedColumns(
    `select ${ids.position}, (date - date '1970-01-01')::integer, value from observations
     where series_id in (${ids.list})${rangeWhere("date", range, params)} order by 1, 2`,
    params,
    ["int32", "int32", "float64"],
  );
  const bounds = seriesBounds(index, seriesIds.length);
  return seriesIds.map((id, k) => ({ id, dates: dates.subarray(bounds[k], bounds[k + 1]), values: values.subarray(bounds[k], bounds[k + 1]) }));
}

export async function listHoldingSnapshots(
  store: Store,
): Promise<{ fund: string; asOf: string; constituents: number; source: string }[]> {
  const rows = await store.rows<Record<string, unknown>>(
    `select fund, as_of::varchar as as_of, count(*) as n, min(source) as source
     from holdings group by fund, as_of order by fund, as_of`,
  );
  return rows.map((r) => ({
    fund: String(r.fund),
    asOf: String(r.as_of),
    constituents: Number(r.n),
    source: String(r.source),
  }));
}

/** Equity holdings of a fund on a date (latest stored snapshot when asOf is omitted). */
export async function readHoldings(store: Store, fund: string, asOf?: string): Promise<Holding[]> {
  const date = asOf ?? ((await store.scalar(`select max(as_of)::varchar from holdings where fund = $1`, [fund])) as string | null);
  if (!date) return [];
  return (await readHoldingsOf(store, [{ fund, asOf: date }]))[0];
}

// A snapshot's text columns come back as one string (rows joined with a separator, each row's
// fields with another, NULL as a marker) and are split here: decoding thousands of short strings
// one by one out of DuckDB's vectors cost ten times the rest of the read, and one aggregate sorts
// the rows once where one per column sorted them seven times.
const TEXT_SEPARATOR = "\x1f";
const FIELD_SEPARATOR = "\x1d";
const TEXT_NULL = "\x1e";
const HOLDING_TEXT = ["ticker", "name", "sector", "asset_class", "location", "exchange", "currency"] as const;
/** A snapshot's rows, largest first: the primary key breaks ties, so both queries below list the rows alike. */
const HOLDING_ORDER = "market_value desc, ticker, name";

/** One stored holdings snapshot: its rows (largest first) and the sources they came from. */
export interface StoredHoldingsSnapshot {
  fund: string;
  asOf: string;
  rows: Holding[];
  /** Distinct sources of its rows, sorted. */
  sources: string[];
}

/**
 * Holdings snapshots (fund and date each), read in two queries, in the order asked; a snapshot
 * not stored gets no rows. With `textReader` (another connection to the same file), the text
 * columns are read there, beside the numbers.
 */
export async function readHoldingsOf(store: Store, snapshots: readonly { fund: string; asOf: string }[], textReader?: Store): Promise<Holding[][]> {
  if (snapshots.length === 0) return [];
  const params: DuckDBValue[] = [];
  const cases = snapshots.map(({ fund, asOf }) => {
    params.push(fund, asOf);
    return `when fund = $${params.length - 1} and as_of = $${params.length}::date then ${params.length / 2 - 1}`;
  });
  const read = await readKeyedHoldings(store, `(select (case ${cases.join(" ")} end)::integer as k, * from holdings) where k is not null`, params, snapshots.length, textReader);
  return read.map((snapshot) => snapshot?.rows ?? []);
}

/**
 * Each fund's latest holdings snapshot dated on or before `to` (the latest of all without it),
 * ordered by fund, with its sources: chosen in the same two queries that read the rows, so that
 * nothing has to be listed first.
 */
export async function readLatestHoldings(store: Store, to?: string, textReader?: Store): Promise<StoredHoldingsSnapshot[]> {
  const params: DuckDBValue[] = to === undefined ? [] : [to];
  const latest = `select fund, max(as_of) as as_of from holdings${to === undefined ? "" : " where as_of <= $1::date"} group by fund`;
  const keyed = `(select (dense_rank() over (order by fund) - 1)::integer as k, h.* from holdings h join (${latest}) l using (fund, as_of))`;
  return (await readKeyedHoldings(store, keyed, params, null, textReader)).filter((x) => x !== null);
}

/**
 * The rows of the snapshots a subquery numbers 0..count-1 (column `k`; every number has rows
 * when `count` is null), in two queries: the numbers as typed columns, the texts (and each
 * snapshot's fund, date and sources) as one joined string per column and snapshot. Null for a
 * number no row has.
 */
async function readKeyedHoldings(store: Store, keyed: string, params: DuckDBValue[], count: number | null, textReader?: Store): Promise<(StoredHoldingsSnapshot | null)[]> {
  if (count === 0) return [];
  const readNumbers = () =>
    store.typedColumns(`select k, market_value, weight, shares, price from ${keyed} order by k, ${HOLDING_ORDER}`, params, ["int32", "float64", "float64", "float64", "float64"] as const);
  const fields = `concat_ws(chr(29), ${HOLDING_TEXT.map((c) => `coalesce(${c}, chr(30))`).join(", ")})`;
  const readTexts = (s: Store) =>
    s.typedColumns(
      `select k, any_value(fund), any_value(as_of)::varchar, string_agg(distinct source, chr(31) order by source), string_agg(${fields}, chr(31) order by ${HOLDING_ORDER})
       from ${keyed} group by k order by k`,
      params,
      ["int32", "string", "string", "string", "string"] as const,
    );
  const [[index, marketValue, weight, shares, price], [textIndex, funds, dates, sources, texts]] = textReader
    ? await allSettled([readNumbers(), readTexts(textReader)] as const)
    : [await readNumbers(), await readTexts(store)];
  const snapshots = count ?? textIndex.length;
  const bounds = seriesBounds(index, snapshots);
  // Stored shares and prices are finite (the Holding schema), so NaN here can only be NULL.
  const orNull = (x: number) => (Number.isNaN(x) ? null : x);
  const out: (StoredHoldingsSnapshot | null)[] = [];
  for (let k = 0; k < snapshots; k++) {
    const [a, n] = [bounds[k], bounds[k + 1] - bounds[k]];
    const row = textIndex.indexOf(k);
    if (n === 0 || row < 0) {
      out.push(null);
      continue;
    }
    const [fund, asOf] = [funds[row] as string, dates[row] as string];
    const lines = (texts[row] as string).split(TEXT_SEPARATOR);
    let columns: (string | null)[][] = HOLDING_TEXT.map(() => new Array<string | null>(n));
    let split = lines.length === n;
    for (let i = 0; split && i < n; i++) {
      const values = lines[i].split(FIELD_SEPARATOR);
      split = values.length === HOLDING_TEXT.length;
      for (let c = 0; split && c < values.length; c++) columns[c][i] = values[c] === TEXT_NULL ? null : values[c];
    }
    // A text holding a separator splits wrongly: read that snapshot's texts row by row.
    if (!split) {
      columns = await store.typedColumns(
        `select ${HOLDING_TEXT.join(", ")} from holdings where fund = $1 and as_of = $2::date order by ${HOLDING_ORDER}`,
        [fund, asOf],
        HOLDING_TEXT.map(() => "string" as const),
      );
    }
    const [ticker, name, sector, assetClass, location, exchange, currency] = columns;
    out.push({
      fund,
      asOf,
      sources: (sources[row] as string).split(TEXT_SEPARATOR),
      rows: Array.from({ length: n }, (_, i) => ({
        fund,
        asOf,
        ticker: ticker[i] as string,
        name: name[i] as string,
        sector: sector[i],
        assetClass: assetClass[i] as Holding["assetClass"],
        marketValue: marketValue[a + i],
        weight: weight[a + i],
        shares: orNull(shares[a + i]),
        price: orNull(price[a + i]),
        location: location[i],
        exchange: exchange[i],
        currency: currency[i],
      })),
    });
  }
  return out;
}

/** The latest `limit` import records, newest first. */
export async function listImports(store: Store, limit = 50): Promise<ImportRow[]> {
  const rows = await store.rows<Record<string, unknown>>(
    `select id, source_kind, source_ref, format, sha256, rows_added, rows_updated, rows_skipped,
            first_date::varchar as first_date, last_date::varchar as last_date,
            strftime(imported_at, '%Y-%m-%d %H:%M:%S') as imported_at
     from imports order by id desc limit $1`,
    [limit],
  );
  return rows.map((r) => ({
    id: Number(r.id),
    sourceKind: String(r.source_kind),
    sourceRef: String(r.source_ref),
    format: String(r.format),
    sha256: String(r.sha256),
    rowsAdded: Number(r.rows_added),
    rowsUpdated: Number(r.rows_updated),
    rowsSkipped: Number(r.rows_skipped),
    firstDate: (r.first_date as string | null) ?? null,
    lastDate: (r.last_date as string | null) ?? null,
    importedAt: String(r.imported_at),
  }));
}

/** The ids of the latest (at most 20) earlier imports of exactly the same bytes, newest first. */
export async function importIdsWithHash(store: Store, sha256: string): Promise<number[]> {
  return (await importIdsByHash(store, [sha256])).get(sha256) ?? [];
}

/** importIdsWithHash for each of `hashes` at once (one query for a batch of files). */
export async function importIdsByHash(store: Store, hashes: readonly string[]): Promise<Map<string, number[]>> {
  const out = new Map<string, number[]>();
  if (hashes.length === 0) return out;
  const rows = await store.rows<{ sha: string; ids: number[] }>(
    `select sha256 as sha, list(id order by id desc)[1:20] as ids from imports where sha256 in (select unnest($1::json::varchar[])) group by 1`,
    [JSON.stringify(hashes)],
  );
  for (const r of rows) out.set(r.sha, r.ids.map(Number));
  return out;
}

/** Distinct source refs of the recorded imports of one format (e.g. "demo"), sorted. */
export async function importRefsOfFormat(store: Store, format: string): Promise<string[]> {
  const rows = await store.rows<{ ref: string }>(
    `select distinct source_ref as ref from imports where format = $1 order by 1`,
    [format],
  );
  return rows.map((r) => r.ref);
}

/** True when nothing at all is stored: no prices, observations, holdings or universe. */
export async function isEmpty(store: Store): Promise<boolean> {
  const any = await store.scalar(
    `select exists(select 1 from bars) or exists(select 1 from observations)
         or exists(select 1 from holdings) or exists(select 1 from securities)`,
  );
  return !any;
}
