/**
 * Every write lands first in a temporary stage table (one per concept), then one merge
 * moves it into the stored table inside the import's transaction. The stage carries the
 * source line of each row so that conflicts can be reported by file line.
 */
export interface StageSpec {
  /** Temp table holding the incoming rows. */
  table: string;
  /** Stored table the stage merges into. */
  target: string;
  createSql: string;
  /** Columns identifying a row. */
  keys: string[];
  /** Columns compared with what is stored; a null incoming value means "not provided". */
  values: string[];
  /** Columns whose change is a conflict (the rest are quietly filled or updated). */
  conflictValues: string[];
  /** Columns copied as-is (not compared). */
  extras: string[];
  /** Date column used for the import's date range. */
  dateColumn: string;
  /** Column naming the series/fund a row belongs to, for reporting. */
  groupColumn: string;
}

export const STAGES = {
  bars: {
    table: "stage_bars",
    target: "bars",
    createSql: `create temp table if not exists stage_bars (
      line bigint, symbol varchar, date date, open double, high double, low double,
      close double, adj_close double, volume double)`,
    keys: ["symbol", "date"],
    values: ["open", "high", "low", "close", "adj_close", "volume"],
    conflictValues: ["open", "high", "low", "close", "adj_close"],
    extras: [],
    dateColumn: "date",
    groupColumn: "symbol",
  },
  observations: {
    table: "stage_observations",
    target: "observations",
    createSql: `create temp table if not exists stage_observations (
      line bigint, series_id varchar, date date, value double)`,
    keys: ["series_id", "date"],
    values: ["value"],
    conflictValues: ["value"],
    extras: [],
    dateColumn: "date",
    groupColumn: "series_id",
  },
  holdings: {
    table: "stage_holdings",
    target: "holdings",
    createSql: `create temp table if not exists stage_holdings (
      line bigint, fund varchar, as_of date, ticker varchar, name varchar, sector varchar,
      asset_class varchar, market_value double, weight double, shares double, price double,
      location varchar, exchange varchar, currency varchar)`,
    keys: ["fund", "as_of", "ticker", "name"],
    values: ["market_value", "weight", "shares", "price"],
    conflictValues: ["market_value", "weight", "shares", "price"],
    extras: ["sector", "asset_class", "location", "exchange", "currency"],
    dateColumn: "as_of",
    groupColumn: "fund",
  },
  fundOther: {
    table: "stage_fund_other",
    target: "fund_other_rows",
    createSql: `create temp table if not exists stage_fund_other (
      line bigint, fund varchar, as_of date, ticker varchar, name varchar, sector varchar,
      asset_class varchar, market_value double, weight double, shares double, price double,
      location varchar, exchange varchar, currency varchar)`,
    keys: ["fund", "as_of", "ticker", "name"],
    values: ["market_value", "weight", "shares", "price"],
    conflictValues: ["market_value", "weight", "shares", "price"],
    extras: ["sector", "asset_class", "location", "exchange", "currency"],
    dateColumn: "as_of",
    groupColumn: "fund",
  },
  securities: {
    table: "stage_securities",
    target: "securities",
    createSql: `create temp table if not exists stage_securities (
      line bigint, universe varchar, as_of date, id varchar, ticker varchar, name varchar,
      sector varchar, country varchar, shares_outstanding double, float_shares double,
      price double, security_type varchar, earnings double, book_value double)`,
    keys: ["universe", "as_of", "id"],
    values: ["shares_outstanding", "float_shares", "price", "earnings", "book_value"],
    conflictValues: ["shares_outstanding", "float_shares", "price"],
    extras: ["ticker", "name", "sector", "country", "security_type"],
    dateColumn: "as_of",
    groupColumn: "universe",
  },
  corporateActions: {
    table: "stage_corporate_actions",
    target: "corporate_actions",
    createSql: `create temp table if not exists stage_corporate_actions (
      line bigint, symbol varchar, date date, kind varchar, amount double, numerator double,
      denominator double)`,
    keys: ["symbol", "date", "kind"],
    values: ["amount", "numerator", "denominator"],
    conflictValues: ["amount", "numerator", "denominator"],
    extras: [],
    dateColumn: "date",
    groupColumn: "symbol",
  },
} as const satisfies Record<string, StageSpec>;

export type StageName = keyof typeof STAGES;
