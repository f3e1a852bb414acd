/** Reading stored SEC EDGAR filers and facts back as model records. */
import type { Company, Fact } from "../model/index.ts";
import type { Store } from "./store.ts";

/** Every stored version of the facts of `ciks` (all filers when omitted), oldest period first. */
export async function readFacts(store: Store, opts: { ciks?: readonly number[]; concepts?: readonly string[] } = {}): Promise<Fact[]> {
  const where: string[] = [];
  const params: string[] = [];
  if (opts.ciks) {
    params.push(JSON.stringify(opts.ciks));
    where.push(`cik in (select unnest($${params.length}::json::integer[]))`);
  }
  if (opts.concepts) {
    params.push(JSON.stringify(opts.concepts));
    where.push(`concept in (select unnest($${params.length}::json::varchar[]))`);
  }
  const rows = await store.rows<Fact>(
    `select cik, taxonomy, concept, unit, period_start::varchar as start, period_end::varchar as "end", value, accession, form,
            filed::varchar as filed, frame, seq
     from facts ${where.length ? `where ${where.join(" and ")}` : ""}
     order by cik, concept, period_end, days, accession, seq`,
    params,
  );
  // Integers may come back as BigInt.
  return rows.map((r) => ({ ...r, cik: Number(r.cik), seq: Number(r.seq) }));
}

/** The stored filers, by CIK. */
export async function readCompanies(store: Store): Promise<Company[]> {
  const rows = await store.rows<Record<string, string | number | null>>(
    `select cik, name, tickers, exchanges, sic, sic_description, state_of_incorporation, location, fiscal_year_end from companies order by cik`,
  );
  return rows.map((r) => {
    const exchanges = r.exchanges === null ? [] : String(r.exchanges).split(" ");
    return {
      cik: Number(r.cik),
      name: String(r.name ?? ""),
      tickers: String(r.tickers ?? "")
        .split(" ")
        .filter(Boolean)
        .map((ticker, i) => ({ ticker, exchange: exchanges[i]?.replace(/_/g, " ") ?? null })),
      sic: (r.sic as string | null) ?? null,
      sicDescription: (r.sic_description as string | null) ?? null,
      stateOfIncorporation: (r.state_of_incorporation as string | null) ?? null,
      location: (r.location as string | null) ?? null,
      fiscalYearEnd: (r.fiscal_year_end as string | null) ?? null,
    };
  });
}

/** What is stored from SEC EDGAR, in a few numbers (for `r2k status`). */
export interface FundamentalsSummary {
  companies: number;
  /** Filers with at least one fact. */
  filers: number;
  facts: number;
  /** The latest period end and the latest filing day among the facts. */
  latestPeriod: string | null;
  latestFiled: string | null;
}

export async function fundamentalsSummary(store: Store): Promise<FundamentalsSummary> {
  const [r] = await store.rows<{ companies: bigint; filers: bigint; facts: bigint; period: string | null; filed: string | null }>(
    `select (select count(*) from companies) as companies, count(distinct cik) as filers, count(*) as facts,
            max(period_end)::varchar as period, max(filed)::varchar as filed
     from facts`,
  );
  return { companies: Number(r.companies), filers: Number(r.filers), facts: Number(r.facts), latestPeriod: r.period, latestFiled: r.filed };
}

/** The latest filing day among the stored facts of a filer, or null. */
export async function latestFiledOf(store: Store, cik: number): Promise<string | null> {
  const v = await store.scalar(`select max(filed)::varchar from facts where cik = $1`, [cik]);
  return (v as string | null) ?? null;
}

/** Whether any fact is stored (a cheap check before reading them). */
export async function hasFacts(store: Store): Promise<boolean> {
  return Boolean(await store.scalar(`select exists(select 1 from facts)`));
}

/**
 * For each filer of `ciks` and each concept it reported: the latest period end stored, and the
 * highest position among facts alike (above 0: several share classes on one cover page).
 */
export async function factCoverage(store: Store, ciks: readonly number[]): Promise<{ cik: number; concept: string; lastEnd: string; maxSeq: number }[]> {
  if (ciks.length === 0) return [];
  const rows = await store.rows<{ cik: number; concept: string; last_end: string; max_seq: number }>(
    `select cik, concept, max(period_end)::varchar as last_end, max(seq) as max_seq
     from facts where cik in (select unnest($1::json::integer[])) group by cik, concept`,
    [JSON.stringify(ciks)],
  );
  return rows.map((r) => ({ cik: Number(r.cik), concept: r.concept, lastEnd: r.last_end, maxSeq: Number(r.max_seq) }));
}

/**
 * The versions stored of one concept and unit for filers `ciks` with a period ending between
 * `from` and `to` (ISO days): which filing (accession) reported which period.
 */
export async function storedVersions(
  store: Store,
  q: { concept: string; unit: string; ciks: readonly number[]; from: string; to: string },
): Promise<{ cik: number; start: string | null; end: string; accession: string }[]> {
  if (q.ciks.length === 0) return [];
  const rows = await store.rows<{ cik: number; start: string | null; end: string; accession: string }>(
    `select distinct cik, period_start::varchar as start, period_end::varchar as "end", accession from facts
     where concept = $1 and unit = $2 and cik in (select unnest($3::json::integer[])) and period_end between $4::date and $5::date`,
    [q.concept, q.unit, JSON.stringify(q.ciks), q.from, q.to],
  );
  return rows.map((r) => ({ ...r, cik: Number(r.cik) }));
}
