/**
 * Named readers and writers the services use: every SQL statement of r2k lives in src/store
 * (lint keeps it there). Each function says what it answers; callers never see a query.
 */
import type { DuckDBValue } from "@duckdb/node-api";
import type { Store } from "./store.ts";

// ---------------------------------------------------------------------------------------------
// The store as a whole

/**
 * A token that changes whenever stored data changes: the last import id and the row counts
 * (a demo regeneration deletes rows without a new import). Cheap: metadata-level counts.
 */
export async function storeVersion(store: Store): Promise<string> {
  const rows = await store.rows<Record<string, unknown>>(
    `select (select coalesce(max(id), 0) from imports) as i, (select count(*) from bars) as b,
            (select count(*) from observations) as o, (select count(*) from holdings) as h,
            (select count(*) from securities) as s`,
  );
  const r = rows[0];
  return [r.i, r.b, r.o, r.h, r.s].map((v) => Number(v).toString(36)).join(".");
}

/** Latest date of any stored price or observation, or null for an empty store. */
export async function latestStoredDate(store: Store): Promise<string | null> {
  const v = await store.scalar(`select max(d)::varchar from (select max(date) as d from bars union all select max(date) from observations)`);
  return (v as string | null) ?? null;
}

export async function countImports(store: Store): Promise<number> {
  return Number(await store.scalar(`select count(*) from imports`));
}

/** Stored universes (securities snapshots): name, date, companies, source. */
export async function listUniverses(store: Store): Promise<{ universe: string; asOf: string; companies: number; source: string }[]> {
  const rows = await store.rows<Record<string, unknown>>(
    `select universe, as_of::varchar as as_of, count(*) as n, min(source) as source
     from securities group by universe, as_of order by universe, as_of`,
  );
  return rows.map((r) => ({ universe: String(r.universe), asOf: String(r.as_of), companies: Number(r.n), source: String(r.source) }));
}

// ---------------------------------------------------------------------------------------------
// Holdings, fundamentals, constituents

/** Sources other than `except` of a fund's stored holdings (any date). */
export async function otherHoldingSources(store: Store, fund: string, except: readonly string[]): Promise<string[]> {
  const rows = await store.rows<{ source: string }>(`select distinct source from holdings where fund = $1 and not list_contains(string_split($2, chr(10)), source) order by 1`, [fund, except.join("\n")]);
  return rows.map((r) => r.source);
}

/** Records the fund-level facts of an iShares holdings file (one row per fund and date). */
export async function upsertFundSnapshot(
  store: Store,
  s: { fund: string; asOf: string; fundName: string | null; sharesOutstanding: number | null; importId: number },
): Promise<void> {
  await store.run(
    `insert or replace into fund_snapshots (fund, as_of, fund_name, shares_outstanding, source, import_id)
     values ($1, $2::date, $3, $4, 'ishares', $5)`,
    [s.fund, s.asOf, s.fundName, s.sharesOutstanding, s.importId],
  );
}

/** The latest stored universe with per-company earnings or book value, on or before `to`. */
export async function latestFundamentalsUniverse(store: Store, to?: string): Promise<{ universe: string; asOf: string } | null> {
  const params: DuckDBValue[] = [];
  let bound = "";
  if (to !== undefined) {
    params.push(to);
    bound = `and as_of <= $1::date`;
  }
  const rows = await store.rows<{ universe: string; as_of: string }>(
    `select universe, max(as_of)::varchar as as_of from securities
     where (earnings is not null or book_value is not null) ${bound} group by universe order by as_of desc, universe limit 1`,
    params,
  );
  return rows.length ? { universe: rows[0].universe, asOf: rows[0].as_of } : null;
}

/** Each company of a stored universe snapshot: market value (price x shares), earnings, book value. */
export async function readFundamentals(
  store: Store,
  universe: string,
  asOf: string,
): Promise<{ ticker: string; cap: number; earnings: number | null; book: number | null; source: string }[]> {
  return store.rows(
    `select ticker, price * shares_outstanding as cap, earnings, book_value as book, source
     from securities where universe = $1 and as_of = $2::date`,
    [universe, asOf],
  );
}

/**
 * Daily closes of the equity holdings of `fund`'s latest snapshot on or before `to` (their
 * tickers read as stored symbols), from `from` to `to`: one row per symbol with its dates (day
 * numbers) and closes as lists, far cheaper to hand to JS than one row per close.
 */
export async function readConstituentCloses(
  store: Store,
  fund: string,
  range: { from?: string; to?: string },
): Promise<{ symbol: string; days: number[]; closes: number[]; sources: string[] }[]> {
  const params: DuckDBValue[] = [fund];
  let holdingsBound = "";
  if (range.to !== undefined) {
    params.push(range.to);
    holdingsBound = `and as_of <= $${params.length}::date`;
  }
  let where = "";
  if (range.from !== undefined) {
    params.push(range.from);
    where += ` and b.date >= $${params.length}::date`;
  }
  if (range.to !== undefined) {
    params.push(range.to);
    where += ` and b.date <= $${params.length}::date`;
  }
  const cols = await store.columns(
    `with snap as (select max(as_of) as as_of from holdings where fund = $1 ${holdingsBound}),
          members as (
            select distinct upper(regexp_replace(h.ticker, '[./ ]', '-', 'g')) as symbol
            from holdings h, snap where h.fund = $1 and h.as_of = snap.as_of and h.asset_class = 'equity' and h.ticker <> '-')
     select b.symbol, list((b.date - date '1970-01-01')::integer order by b.date), list(b.close order by b.date),
            list(distinct b.source)
     from bars b join members m on b.symbol = m.symbol
     where true ${where}
     group by b.symbol order by b.symbol`,
    params,
  );
  // DuckDB hands back no columns at all for an empty result.
  if (cols.length < 4 || cols[0].length === 0) return [];
  return (cols[0] as string[]).map((symbol, i) => ({
    symbol,
    days: cols[1][i] as number[],
    closes: cols[2][i] as number[],
    sources: cols[3][i] as string[],
  }));
}

/** Closes of several symbols between two dates, as columns in date order (symbol, day number, close, source). */
export async function readClosesOf(
  store: Store,
  symbols: readonly string[],
  range: { from?: string; to?: string } = {},
): Promise<{ symbols: string[]; days: number[]; closes: number[]; sources: string[] }> {
  const params: DuckDBValue[] = [symbols.join("\n")];
  let where = "";
  if (range.from) {
    params.push(range.from);
    where += ` and date >= $${params.length}::date`;
  }
  if (range.to) {
    params.push(range.to);
    where += ` and date <= $${params.length}::date`;
  }
  const cols = await store.columns(
    `select symbol, (date - date '1970-01-01')::integer as day, close, source from bars
     where symbol in (select unnest(string_split($1, chr(10))))${where} order by date`,
    params,
  );
  return { symbols: cols[0] as string[], days: cols[1] as number[], closes: cols[2] as number[], sources: cols[3] as string[] };
}

/**
 * Closes of several symbols on the given days only (ISO dates; the days a quarterly history
 * prices on and the week before each), as columns in date order: a few days a quarter instead
 * of every session of every symbol.
 */
export async function readClosesOnDays(
  store: Store,
  symbols: readonly string[],
  days: readonly string[],
): Promise<{ symbols: string[]; days: number[]; closes: number[] }> {
  if (symbols.length === 0 || days.length === 0) return { symbols: [], days: [], closes: [] };
  const cols = await store.columns(
    `select symbol, (date - date '1970-01-01')::integer as day, close from bars
     where symbol in (select unnest(string_split($1, chr(10))))
       and date in (select unnest(string_split($2, chr(10)))::date) order by date`,
    [symbols.join("\n"), days.join("\n")],
  );
  if (cols.length < 3) return { symbols: [], days: [], closes: [] };
  return { symbols: cols[0] as string[], days: cols[1] as number[], closes: cols[2] as number[] };
}

// ---------------------------------------------------------------------------------------------
// What an update compares its downloads with

export interface StoredBarRow {
  date: string;
  open: number | null;
  high: number | null;
  low: number | null;
  close: number;
  adj_close: number | null;
  volume: number | null;
  source: string;
}

/** A symbol's stored bars from `from` on. */
export async function readBarRowsSince(store: Store, symbol: string, from: string): Promise<StoredBarRow[]> {
  return store.rows<StoredBarRow>(
    `select date::varchar as date, open, high, low, close, adj_close, volume, source from bars
     where symbol = $1 and date >= $2::date order by date`,
    [symbol, from],
  );
}

/** A symbol's last stored date, or null. */
export async function lastBarDate(store: Store, symbol: string): Promise<string | null> {
  return ((await store.scalar(`select max(date)::varchar from bars where symbol = $1`, [symbol])) as string | null) ?? null;
}

/** The last stored close before `date` (zero or one row). */
export async function closeBefore(store: Store, symbol: string, date: string): Promise<{ date: string; close: number }[]> {
  return store.rows(`select date::varchar as date, close from bars where symbol = $1 and date < $2::date order by date desc limit 1`, [symbol, date]);
}

/** Sources other than `except` of a symbol's stored bars. */
export async function otherBarSources(store: Store, symbol: string, except: readonly string[]): Promise<string[]> {
  const rows = await store.rows<{ source: string }>(`select distinct source from bars where symbol = $1 and not list_contains(string_split($2, chr(10)), source) order by 1`, [symbol, except.join("\n")]);
  return rows.map((r) => r.source);
}

/** Stored dividends and splits of a symbol from sources other than `except`. */
export async function countOtherCorporateActions(store: Store, symbol: string, except: readonly string[]): Promise<number> {
  return Number(await store.scalar(`select count(*) from corporate_actions where symbol = $1 and not list_contains(string_split($2, chr(10)), source)`, [symbol, except.join("\n")]));
}

/** The last `n` stored observation dates of a series, newest first. */
export async function lastObservationDates(store: Store, id: string, n: number): Promise<string[]> {
  const rows = await store.rows<{ date: string }>(`select date::varchar as date from observations where series_id = $1 order by date desc limit ${Math.max(0, Math.trunc(n))}`, [id]);
  return rows.map((r) => r.date);
}

/** A series' stored observations from `from` on (all of them without it). */
export async function readObservationRowsSince(store: Store, id: string, from?: string): Promise<{ date: string; value: number; source: string }[]> {
  return store.rows(
    `select date::varchar as date, value, source from observations where series_id = $1 ${from ? "and date >= $2::date" : ""}`,
    from ? [id, from] : [id],
  );
}

/** Sources other than `except` of a series' stored observations (from `from` on). */
export async function otherObservationSources(store: Store, id: string, except: readonly string[], from?: string): Promise<string[]> {
  const rows = await store.rows<{ source: string }>(
    `select distinct source from observations where series_id = $1 and not list_contains(string_split($2, chr(10)), source) ${from ? "and date >= $3::date" : ""} order by 1`,
    from ? [id, except.join("\n"), from] : [id, except.join("\n")],
  );
  return rows.map((r) => r.source);
}
