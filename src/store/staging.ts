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
  companies: {
    table: "stage_companies",
    target: "companies",
    createSql: `create temp table if not exists stage_companies (
      line bigint, cik integer, name varchar, tickers varchar, exchanges varchar, sic varchar, sic_description varchar,
      state_of_incorporation varchar, location varchar, fiscal_year_end varchar)`,
    keys: ["cik"],
    // A company's name, tickers and address change: updated (a missing one kept), never a conflict.
    values: [],
    conflictValues: [],
    extras: ["name", "tickers", "exchanges", "sic", "sic_description", "state_of_incorporation", "location", "fiscal_year_end"],
    // Filers have no date: an import of them has no date range.
    dateColumn: "null::date",
    groupColumn: "cik",
  },
  facts: {
    table: "stage_facts",
    target: "facts",
    createSql: `create temp table if not exists stage_facts (
      line bigint, cik integer, taxonomy varchar, concept varchar, unit varchar, period_end date,
      days integer, accession varchar, seq integer, value double, period_start date, form varchar,
      filed date, frame varchar)`,
    keys: ["cik", "taxonomy", "concept", "unit", "period_end", "days", "accession", "seq"],
    // A filing's value never changes: another value under the same accession is a conflict.
    values: ["value"],
    conflictValues: ["value"],
    extras: ["period_start", "form", "filed", "frame"],
    dateColumn: "period_end",
    groupColumn: "concept",
  },
} as const satisfies Record<string, StageSpec>;

export type StageName = keyof typeof STAGES;
