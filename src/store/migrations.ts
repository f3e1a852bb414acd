/**
 * Versioned schema. Each migration runs once, in its own transaction, in order; the applied
 * version is recorded in `schema_version`. Never edit a released migration: add a new one.
 */
import { deleteDemoRows, type DemoRowsRemoved, type StoreKind } from "./kind.ts";
import type { Store } from "./store.ts";

export interface MigrationContext {
  /** The file is new: this open creates its schema. */
  created: boolean;
  /** What the file is (for a new file, what the opener asked for). */
  kind: StoreKind;
}

/** What a migration did to existing rows, for the command that opened the store to say once. */
export interface MigrationResult {
  demoRowsRemoved?: DemoRowsRemoved;
}

export interface Migration {
  version: number;
  description: string;
  sql: string[];
  /** Work beyond `sql`, in the same transaction. */
  after?: (store: Store, ctx: MigrationContext) => Promise<MigrationResult>;
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    description: "imports, series, bars, observations, holdings, universe",
    sql: [
      `create sequence import_id_seq start 1`,
      `create table imports (
         id integer primary key default nextval('import_id_seq'),
         source_kind varchar not null,
         source_ref varchar not null,
         format varchar not null,
         sha256 varchar not null,
         rows_added integer not null,
         rows_updated integer not null,
         rows_skipped integer not null,
         first_date date,
         last_date date,
         imported_at timestamp not null default current_timestamp
       )`,
      `create table series (
         id varchar primary key,
         kind varchar not null,
         name varchar not null,
         currency varchar,
         frequency varchar not null,
         source varchar not null
       )`,
      // bars and observations are keyed by (symbol, date) and (series_id, date) through the
      // merge in merge.ts, the only writer, rather than by a DuckDB index: an ART primary key
      // makes a bulk load about four times slower. test/store checks the keys stay unique.
      `create table bars (
         symbol varchar not null,
         date date not null,
         open double, high double, low double,
         close double not null,
         adj_close double,
         volume double,
         source varchar not null,
         import_id integer not null
       )`,
      `create table observations (
         series_id varchar not null,
         date date not null,
         value double not null,
         source varchar not null,
         import_id integer not null
       )`,
      `create table fund_snapshots (
         fund varchar not null,
         as_of date not null,
         fund_name varchar,
         shares_outstanding double,
         source varchar not null,
         import_id integer not null,
         primary key (fund, as_of)
       )`,
      // Equity rows (asset class "Equity", listed or not); cash, money market, collateral and
      // futures go to fund_other_rows. iShares repeats a ticker for a company and its CVR and
      // writes "-" for unlisted lines, so the name is part of the key.
      `create table holdings (
         fund varchar not null,
         as_of date not null,
         ticker varchar not null,
         name varchar not null,
         sector varchar,
         asset_class varchar not null,
         market_value double not null,
         weight double not null,
         shares double,
         price double,
         location varchar,
         exchange varchar,
         currency varchar,
         source varchar not null,
         import_id integer not null,
         primary key (fund, as_of, ticker, name)
       )`,
      `create table fund_other_rows (
         fund varchar not null,
         as_of date not null,
         ticker varchar not null,
         name varchar not null,
         sector varchar,
         asset_class varchar not null,
         market_value double not null,
         weight double not null,
         shares double,
         price double,
         location varchar,
         exchange varchar,
         currency varchar,
         source varchar not null,
         import_id integer not null,
         primary key (fund, as_of, ticker, name)
       )`,
      `create table securities (
         universe varchar not null,
         as_of date not null,
         id varchar not null,
         ticker varchar not null,
         name varchar not null,
         sector varchar,
         country varchar not null,
         shares_outstanding double not null,
         float_shares double not null,
         price double not null,
         security_type varchar,
         earnings double,
         book_value double,
         source varchar not null,
         import_id integer not null,
         primary key (universe, as_of, id)
       )`,
    ],
  },
  {
    version: 2,
    description: "corporate_actions (dividends and splits)",
    sql: [
      // One row per (symbol, date, kind): a dividend carries `amount` (per share), a split
      // `numerator` and `denominator` (4:1 is 4 and 1); the other columns stay null.
      `create table corporate_actions (
         symbol varchar not null,
         date date not null,
         kind varchar not null check (kind in ('dividend', 'split')),
         amount double,
         numerator double,
         denominator double,
         source varchar not null,
         import_id integer not null,
         primary key (symbol, date, kind)
       )`,
    ],
  },
  {
    version: 3,
    description: "store_meta (user or demo store); user stores lose their synthetic demo rows",
    sql: [`create table store_meta (key varchar primary key, value varchar not null)`],
    // Before version 3 the demo market was written into the user's store next to real data.
    // It now lives in its own file, so an existing store keeps only its real rows.
    after: async (store, ctx) => {
      await store.run(`insert into store_meta (key, value) values ('kind', $1)`, [ctx.kind]);
      if (ctx.created || ctx.kind !== "user") return {};
      const removed = await deleteDemoRows(store);
      return removed.total + removed.imports > 0 ? { demoRowsRemoved: removed } : {};
    },
  },
  {
    version: 4,
    description: "companies and facts: SEC EDGAR filers and their XBRL facts",
    sql: [
      // One row per filer (CIK); its tickers joined by spaces in EDGAR's order, and their
      // exchanges likewise (null where a document does not say: the ticker map without them).
      `create table companies (
         cik integer primary key,
         name varchar,
         tickers varchar,
         exchanges varchar,
         sic varchar,
         sic_description varchar,
         state_of_incorporation varchar,
         location varchar,
         fiscal_year_end varchar,
         source varchar not null,
         import_id integer not null
       )`,
      // Every version of a fact is kept (a restatement comes with another accession): a figure
      // as of a day reads the versions filed by then. days: the period's length, 0 for an
      // instant; seq: the position among facts alike in all but their value (share classes).
      `create table facts (
         cik integer not null,
         taxonomy varchar not null,
         concept varchar not null,
         unit varchar not null,
         period_end date not null,
         days integer not null,
         accession varchar not null,
         seq integer not null,
         value double not null,
         period_start date,
         form varchar,
         filed date,
         frame varchar,
         source varchar not null,
         import_id integer not null,
         primary key (cik, taxonomy, concept, unit, period_end, days, accession, seq)
       )`,
    ],
  },
];
