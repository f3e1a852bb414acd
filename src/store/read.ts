import type { DuckDBValue } from "@duckdb/node-api";
import { dayToIso } from "../model/dates.ts";
import type { BarFrame, CorporateAction, CorporateActionKind, Holding, SeriesFrame, SeriesKind } from "../model/index.ts";
import type { Store } from "./store.ts";

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
  const params: DuckDBValue[] = [symbol];
  const where = rangeWhere("date", range, params);
  const [dates, open, high, low, close, adjClose, volume] = await store.typedColumns(
    `select (date - date '1970-01-01')::integer, open, high, low, close, adj_close, volume
     from bars where symbol = $1 ${where} order by date`,
    params,
    ["int32", "float64", "float64", "float64", "float64", "float64", "float64"],
  );
  // The sources in the order they first appear, without a string per row.
  const [sources] = await store.typedColumns(`select source from bars where symbol = $1 ${where} group by source order by min(date)`, params, ["string"]);
  return { symbol, dates, open, high, low, close, adjClose, volume, sources: sources as string[] };
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
  const params: DuckDBValue[] = [seriesId];
  const [dates, values] = await store.typedColumns(
    `select (date - date '1970-01-01')::integer, value from observations
     where series_id = $1 ${rangeWhere("date", range, params)} order by date`,
    params,
    ["int32", "float64"],
  );
  return { id: seriesId, dates, values };
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
  const [day, ticker, name, sector, assetClass, marketValue, weight, shares, price, location, exchange, currency] = await store.typedColumns(
    `select (as_of - date '1970-01-01')::integer, ticker, name, sector, asset_class, market_value, weight, shares, price,
            location, exchange, currency
     from holdings where fund = $1 and as_of = $2::date order by market_value desc, ticker`,
    [fund, date],
    ["int32", "string", "string", "string", "string", "float64", "float64", "float64", "float64", "string", "string", "string"],
  );
  if (day.length === 0) return [];
  const snapshot = dayToIso(day[0]); // one snapshot: every row has this date
  // Stored shares and prices are finite (the Holding schema), so NaN here can only be NULL.
  const orNull = (x: number) => (Number.isNaN(x) ? null : x);
  return Array.from(day, (_, i) => ({
    fund,
    asOf: snapshot,
    ticker: ticker[i] as string,
    name: name[i] as string,
    sector: sector[i],
    assetClass: assetClass[i] as Holding["assetClass"],
    marketValue: marketValue[i],
    weight: weight[i],
    shares: orNull(shares[i]),
    price: orNull(price[i]),
    location: location[i],
    exchange: exchange[i],
    currency: currency[i],
  }));
}

export async function listImports(store: Store, limit = 50, sha256?: string): Promise<ImportRow[]> {
  const params: DuckDBValue[] = [limit];
  if (sha256) params.push(sha256);
  const rows = await store.rows<Record<string, unknown>>(
    `select id, source_kind, source_ref, format, sha256, rows_added, rows_updated, rows_skipped,
            first_date::varchar as first_date, last_date::varchar as last_date,
            strftime(imported_at, '%Y-%m-%d %H:%M:%S') as imported_at
     from imports ${sha256 ? "where sha256 = $2" : ""} order by id desc limit $1`,
    params,
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

/** Earlier imports of exactly the same bytes. */
export async function importsWithHash(store: Store, sha256: string): Promise<ImportRow[]> {
  return listImports(store, 1_000_000, sha256);
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
