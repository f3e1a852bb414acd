/** Reading stored SEC EDGAR filers and facts back as model records. */
import type { Company, Fact } from "../model/index.ts";
import { dayToIso, isoToDay } from "../model/dates.ts";
import { FACTS_LOOKBACK_DAYS, FILED_ASSUMED_DAYS, QUARTER_DAYS, YEAR_DAYS } from "../model/fundamentals.ts";
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

/** The first day a fact may be used, in SQL: publicFrom of src/core/fundamentals.ts, from the same constants. */
const publicDay = `coalesce(filed, period_end + (case when period_start is not null and days between ${QUARTER_DAYS[0]} and ${QUARTER_DAYS[1]} then ${FILED_ASSUMED_DAYS.quarter} else ${FILED_ASSUMED_DAYS.annual} end)::integer)`;

/** The first day any fact of `concepts` of these filers was public (ISO), or null. */
export async function firstPublicDay(store: Store, ciks: readonly number[], concepts: readonly string[]): Promise<string | null> {
  if (ciks.length === 0) return null;
  const v = await store.scalar(
    `select min(${publicDay})::varchar from facts where cik in (select unnest($1::json::integer[])) and concept in (select unnest($2::json::varchar[]))`,
    [JSON.stringify(ciks), JSON.stringify(concepts)],
  );
  return (v as string | null) ?? null;
}

/** A day number with no date (int32 columns have no null): an instant's start, a fact without a filing day. */
const NO_DAY = -2147483648;

const dayNumber = (col: string) => `coalesce((${col} - date '1970-01-01')::integer, ${NO_DAY})`;
/** The columns factsFromColumns reads, in its order, and their types. */
const FACT_COLUMNS = `cik, taxonomy || ' ' || concept || ' ' || unit, ${dayNumber("period_start")}, ${dayNumber("period_end")}, value, accession, ${dayNumber("filed")}, seq`;
const FACT_TYPES = ["int32", "string", "int32", "int32", "float64", "string", "int32", "int32"] as const;
/** The periods a figure reads: instants, quarters and years (no year-to-date figure). */
const FIGURE_PERIODS = `(period_start is null or days between ${QUARTER_DAYS[0]} and ${QUARTER_DAYS[1]} or days between ${YEAR_DAYS[0]} and ${YEAR_DAYS[1]})`;

/**
 * The facts a figure as of `asOf` may read, one version per period: quarters, years and
 * instants (no year-to-date figure is read), ending within FACTS_LOOKBACK_DAYS before `asOf`,
 * public by then (filed, else the deadline rule of publicFrom in src/core/fundamentals.ts, from
 * the same constants), and of a period filed more than once the latest version public by then.
 * What asOfFacts would keep of readFacts, read as columns for thousands of filers at once; the
 * form and frame, which no figure reads, are left null.
 */
export async function readFactsAsOf(store: Store, opts: { ciks: readonly number[]; concepts?: readonly string[]; asOf: string }): Promise<Fact[]> {
  const params: string[] = [JSON.stringify(opts.ciks), opts.asOf];
  let concepts = "";
  if (opts.concepts) {
    params.push(JSON.stringify(opts.concepts));
    concepts = `and concept in (select unnest($3::json::varchar[]))`;
  }
  const cols = await store.typedColumns(
    `select ${FACT_COLUMNS}
     from facts
     where cik in (select unnest($1::json::integer[])) ${concepts}
       and period_end between $2::date - ${FACTS_LOOKBACK_DAYS} and $2::date
       and ${FIGURE_PERIODS}
       and ${publicDay} <= $2::date
     qualify row_number() over (partition by cik, taxonomy, concept, unit, period_start, period_end, seq order by ${publicDay} desc, accession desc) = 1
     order by cik, concept, period_end, days, accession, seq`,
    params,
    FACT_TYPES,
  );
  return factsFromColumns(cols);
}

/** Every version of the facts some figure as of a day up to `to` may read, with the days each version is the one in force. */
export interface FactVersions {
  facts: Fact[];
  /** The first day each version may be used (publicFrom). */
  from: Int32Array;
  /** The day a later version of its period replaces it (a far-future day when none does). */
  until: Int32Array;
  /** The period's end, as a day number. */
  end: Int32Array;
}

/** A day after every day a figure is asked for. */
const NEVER = 2147483647;

/**
 * The versions of the facts of `ciks` that figures as of days up to `to` may read (quarters,
 * years and instants, public by `to`), each with the span of days it is the latest public
 * version of its period: a history reads them once and picks, for each of its days, the
 * versions in force (from <= day < until) instead of querying day by day. Versions are
 * ordered by (public day, accession) as publicFrom and asOfFacts order them.
 */
export async function readFactVersions(store: Store, opts: { ciks: readonly number[]; concepts: readonly string[]; to: string }): Promise<FactVersions> {
  const cols = await store.typedColumns(
    `select ${FACT_COLUMNS},
            (public_day - date '1970-01-01')::integer,
            coalesce((lead(public_day) over (partition by cik, taxonomy, concept, unit, period_start, period_end, seq order by public_day, accession) - date '1970-01-01')::integer, ${NEVER})
     from (select *, ${publicDay} as public_day from facts
           where cik in (select unnest($1::json::integer[])) and concept in (select unnest($2::json::varchar[]))
             and ${FIGURE_PERIODS}
             and ${publicDay} <= $3::date)
     order by cik, concept, period_end, days, accession, seq`,
    [JSON.stringify(opts.ciks), JSON.stringify(opts.concepts), opts.to],
    [...FACT_TYPES, "int32", "int32"] as const,
  );
  const [, , , end, , , , , from, until] = cols;
  return { facts: factsFromColumns(cols), from, until, end };
}

/**
 * The versions in force on `day` (ISO) by filer, within the look-back: what readFactsAsOf
 * would read as of that day, picked from versions read once (no query).
 */
export function factsInForce(versions: FactVersions, day: string): Map<number, Fact[]> {
  const d = isoToDay(day);
  const out = new Map<number, Fact[]>();
  for (let i = 0; i < versions.facts.length; i++) {
    if (versions.from[i] > d || d >= versions.until[i] || versions.end[i] > d || versions.end[i] < d - FACTS_LOOKBACK_DAYS) continue;
    const f = versions.facts[i];
    const list = out.get(f.cik);
    if (list) list.push(f);
    else out.set(f.cik, [f]);
  }
  return out;
}

/** Fact records from the columns readFactsAsOf and readFactVersions select (dates as day numbers). */
function factsFromColumns(cols: readonly [Int32Array, (string | null)[], Int32Array, Int32Array, Float64Array, (string | null)[], Int32Array, Int32Array, ...unknown[]]): Fact[] {
  const [cik, key, start, end, value, accession, filed, seq] = cols;
  const keys = new Map<string, [string, string, string]>();
  const isoOf = new Map<number, string>();
  const iso = (day: number) => {
    if (day === NO_DAY) return null;
    let d = isoOf.get(day);
    if (d === undefined) isoOf.set(day, (d = dayToIso(day)));
    return d;
  };
  const out: Fact[] = new Array(cik.length);
  for (let i = 0; i < cik.length; i++) {
    let k = keys.get(key[i] as string);
    if (!k) keys.set(key[i] as string, (k = (key[i] as string).split(" ") as [string, string, string]));
    out[i] = { cik: cik[i], taxonomy: k[0], concept: k[1], unit: k[2], start: iso(start[i]), end: iso(end[i]) as string, value: value[i], accession: accession[i] as string, form: null, filed: iso(filed[i]), frame: null, seq: seq[i] };
  }
  return out;
}
