/** Readers for the index engine's stored inputs: stored universes and holdings snapshots. */
import type { Security } from "../model/index.ts";
import type { Store } from "./store.ts";

/** One stored holdings snapshot of a fund, with where its rows came from. */
export interface HoldingSnapshotSource {
  fund: string;
  asOf: string;
  constituents: number;
  /** Data source of the rows ("ishares", "demo", ...). */
  source: string;
  /** Kind and reference of the latest import that wrote rows of the snapshot ("file" and its path, "url" and its address). */
  importKind: string | null;
  importRef: string | null;
}

/** Stored holdings snapshots, oldest first (of one fund when given). */
export async function listHoldingSnapshotSources(store: Store, fund?: string): Promise<HoldingSnapshotSource[]> {
  const rows = await store.rows<Record<string, unknown>>(
    `select h.fund, h.as_of::varchar as as_of, h.n, h.source, i.source_kind, i.source_ref
     from (select fund, as_of, count(*) as n, min(source) as source, max(import_id) as import_id
           from holdings ${fund ? "where fund = $1" : ""} group by fund, as_of) h
     left join imports i on i.id = h.import_id
     order by h.fund, h.as_of`,
    fund ? [fund] : [],
  );
  return rows.map((r) => ({
    fund: String(r.fund),
    asOf: String(r.as_of),
    constituents: Number(r.n),
    source: String(r.source),
    importKind: r.source_kind === null || r.source_kind === undefined ? null : String(r.source_kind),
    importRef: r.source_ref === null || r.source_ref === undefined ? null : String(r.source_ref),
  }));
}

/** Dates of a stored universe, newest first. */
export async function listUniverseDates(store: Store, universe: string): Promise<string[]> {
  const rows = await store.rows<{ d: string }>(
    `select distinct as_of::varchar as d from securities where universe = $1 order by d desc`,
    [universe],
  );
  return rows.map((r) => r.d);
}

/** The securities of a stored universe on a date, by id. */
export async function readUniverseSecurities(store: Store, universe: string, asOf: string): Promise<Security[]> {
  const rows = await store.rows<Record<string, unknown>>(
    `select id, ticker, name, sector, country, shares_outstanding, float_shares, price, security_type, earnings, book_value
     from securities where universe = $1 and as_of = $2::date order by id`,
    [universe, asOf],
  );
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return rows.map((r) => ({
    id: String(r.id),
    ticker: String(r.ticker),
    name: String(r.name),
    sector: (r.sector as string | null) ?? null,
    country: String(r.country),
    sharesOutstanding: Number(r.shares_outstanding),
    floatShares: Number(r.float_shares),
    price: Number(r.price),
    securityType: (r.security_type as string | null) ?? null,
    earnings: num(r.earnings),
    bookValue: num(r.book_value),
  }));
}
