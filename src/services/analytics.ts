/**
 * The analytics use case: reads `SnapshotInputs` from the store and runs the pure
 * `snapshot(inputs, options)` of src/core/analytics over them. Used by the HTTP server and
 * reusable by the CLI (`r2k analyze` / `compare`).
 *
 * What is loaded:
 * - bars: full stored histories of the requested symbols (default: every index and ETF series);
 *   `measure` cuts them at the window's end;
 * - macro: every stored macro series (full histories; they are small);
 * - holdings: per fund, the latest stored snapshot on or before `to` (the latest of all without `to`);
 * - fundamentals: per-company earnings and book value from the latest stored universe
 *   (securities) on or before `to`, matched to each fund's holdings by ticker;
 * - companies: each fund's companies valued from stored SEC EDGAR facts as of its holdings' date;
 * - constituents (opt-in, heavy: thousands of series): daily closes of a fund's equity holdings,
 *   bounded to [from - 400 days, to] so the 200-day averages and 52-week highs are warmed up.
 */
import type {
  ConstituentsInput,
  MeasureRequest,
  Measurement,
  FundamentalsInput,
  HoldingsInput,
  MacroInput,
  SnapshotInputs,
  SnapshotOptions,
} from "../core/analytics/index.ts";
import { DEFAULT_REGIONAL_BANKS, DEFAULT_TRACKING_PAIRS } from "../core/analytics/snapshot-options.ts";
import { dayToIso, isIsoDate, isoToDay } from "../model/dates.ts";
import type { SeriesFrame } from "../model/series.ts";
// The store's readers, not store/index.ts: measuring never loads the write paths.
import { latestFundamentalsUniverse, readConstituentCloses, readFundamentals } from "../store/queries.ts";
import { allSettled, listSeries, readCloseFramesOf, readLatestHoldings, readObservationsOf, type StoredSeries } from "../store/read.ts";
import type { Store } from "../store/store.ts";
import { hasFacts } from "../store/fundamentals-read.ts";
import { DEFAULT_BENCHMARK, DEFAULT_COMPARED } from "./analytics-defaults.ts";

/** Calendar days of constituent history loaded before `from` (breadth's 200-day average, 52-week high/low). */
export const BREADTH_WARMUP_DAYS = 400;

export interface LoadInputsOptions {
  /** Bar series to load (default: every stored index and ETF series). */
  symbols?: string[];
  /** Window start (ISO); bounds only the constituent histories. */
  from?: string;
  /** Window end (ISO): holdings and fundamentals as of this date; bounds the constituent histories. */
  to?: string;
  /** Macro series to load: true (default) for all, false for none, or a list of ids. */
  macro?: boolean | string[];
  /** Load holdings snapshots (default true). */
  holdings?: boolean;
  /** Load per-company fundamentals for valuation (default true). */
  fundamentals?: boolean;
  /** Funds whose constituent closes are loaded for breadth: true = ["IWM"]; default none. */
  constituents?: boolean | string[];
  /** The store's series (listSeries) when the caller has just read them: not read again. */
  stored?: readonly StoredSeries[];
  /** The user's ticker map (config `constituents.tickerMap`): holdings to SEC filers and closes. */
  tickerMap?: Readonly<Record<string, string>>;
}

/** A request that names something the store does not hold, or a malformed date. */
export class AnalyticsInputError extends Error {
  override name = "AnalyticsInputError";
}

function checkDate(name: string, value: string | undefined): void {
  if (value !== undefined && !isIsoDate(value)) {
    throw new AnalyticsInputError(`${name}: not a calendar date YYYY-MM-DD: ${JSON.stringify(value)}`);
  }
}

/** Index and ETF series, the default subjects of a snapshot. */
export function priceSeries(series: readonly StoredSeries[]): StoredSeries[] {
  return series.filter((s) => s.table === "bars" && (s.kind === "index" || s.kind === "etf"));
}

/** The funds' rows matched in the stored universe `latest` (latestFundamentalsUniverse). */
async function loadFundamentals(store: Store, holdings: HoldingsInput[], latest: { universe: string; asOf: string } | null): Promise<FundamentalsInput[]> {
  // Without a universe, the funds are valued from SEC facts instead (companyValuationInputs).
  if (holdings.length === 0 || !latest) return [];
  const { universe, asOf } = latest;
  const rows = await readFundamentals(store, universe, asOf);
  const byTicker = new Map(rows.map((r) => [r.ticker.toUpperCase(), r]));
  const out: FundamentalsInput[] = [];
  for (const h of holdings) {
    const matched = h.rows.map((x) => byTicker.get(x.ticker.toUpperCase())).filter((r) => r !== undefined);
    if (matched.length === 0) continue;
    out.push({
      fund: h.fund,
      asOf,
      rows: matched.map((r) => ({ ticker: r.ticker, marketCap: r.cap, earnings: r.earnings, bookValue: r.book })),
      sources: [...new Set(matched.map((r) => `universe ${universe}:${r.source}`))].sort(),
    });
  }
  return out;
}

/** Constituent closes of `fund`'s latest equity holdings (on or before `to`), one frame per stored symbol. */
export async function loadConstituents(store: Store, fund: string, range: { from?: string; to?: string } = {}): Promise<ConstituentsInput> {
  const from = range.from === undefined ? undefined : dayToIso(isoToDay(range.from) - BREADTH_WARMUP_DAYS);
  const rows = await readConstituentCloses(store, fund, { from, to: range.to });
  const closes: SeriesFrame[] = rows.map((r) => ({ id: r.symbol, dates: Int32Array.from(r.days), values: Float64Array.from(r.closes) }));
  return { fund, closes, sources: [...new Set(rows.flatMap((r) => r.sources))].sort() };
}

async function loadMacro(store: Store, stored: readonly StoredSeries[], wanted: LoadInputsOptions["macro"]): Promise<MacroInput[]> {
  if (wanted === false) return [];
  const ids = new Set(Array.isArray(wanted) ? wanted : stored.filter((s) => s.table === "observations").map((s) => s.id));
  const chosen = stored.filter((s) => s.table === "observations" && ids.has(s.id));
  const frames = await readObservationsOf(store, chosen.map((s) => s.id));
  return chosen.map((s, k) => ({ ...frames[k], sources: s.sources }));
}

/**
 * Reads everything a snapshot needs from the store. Unknown symbols or malformed dates throw
 * AnalyticsInputError (nothing else is validated here: the snapshot checks its options).
 */
export async function loadSnapshotInputs(store: Store, opts: LoadInputsOptions = {}): Promise<SnapshotInputs> {
  checkDate("from", opts.from);
  checkDate("to", opts.to);
  if (opts.from !== undefined && opts.to !== undefined && opts.from > opts.to) {
    throw new AnalyticsInputError(`from ${opts.from} is after to ${opts.to}`);
  }
  const stored = opts.stored ?? (await listSeries(store));
  const barSeries = new Map(stored.filter((s) => s.table === "bars").map((s) => [s.id, s]));
  const wanted = opts.symbols ?? priceSeries(stored).map((s) => s.id);
  const unknown = wanted.filter((s) => !barSeries.has(s));
  if (unknown.length) throw new AnalyticsInputError(`no stored price history for ${unknown.join(", ")}`);

  // Prices, macro series and holdings are independent: read side by side on their own
  // connections, and each of prices and holdings in two queries on two connections.
  const readPrices = (s: Store, sourcesReader?: Store) => readCloseFramesOf(s, [...new Set(wanted)], {}, sourcesReader);
  // Whether there are fundamentals to read is asked on the macro series' connection, the
  // quickest of the three; the fundamentals themselves are read once the holdings are known.
  const wantFundamentals = opts.fundamentals !== false;
  const readMacro = async (s: Store) => ({
    macro: await loadMacro(s, stored, opts.macro),
    universe: wantFundamentals ? await latestFundamentalsUniverse(s, opts.to) : null,
    facts: wantFundamentals && (await hasFacts(s)),
  });
  const readHoldings = async (s: Store, textReader?: Store) => (opts.holdings === false ? [] : await readLatestHoldings(s, opts.to, textReader));
  const [bars, { macro, universe, facts }, holdings] = await store.withReaders(4, async ([macroReader, holdingsReader, priceSources, holdingTexts], separate) =>
    separate
      ? allSettled([readPrices(store, priceSources), readMacro(macroReader), readHoldings(holdingsReader, holdingTexts)] as const)
      : ([await readPrices(store), await readMacro(store), await readHoldings(store)] as const),
  );
  const fundamentals = await loadFundamentals(store, holdings, universe);
  // Loaded only when SEC facts are stored: most stores have none, and compare starts faster without it.
  const companies = facts ? await (await import("./company-valuation.ts")).companyValuationInputs(store, holdings, { tickerMap: opts.tickerMap }) : [];

  const constituents: ConstituentsInput[] = [];
  const funds = opts.constituents === true ? ["IWM"] : Array.isArray(opts.constituents) ? opts.constituents : [];
  for (const fund of funds) constituents.push(await loadConstituents(store, fund, { from: opts.from, to: opts.to }));

  return { bars, macro, holdings, fundamentals, companies, constituents };
}

/** The symbols a snapshot request needs: its subjects plus the series they are compared with, when stored. */
export function symbolsFor(options: SnapshotOptions, stored: readonly StoredSeries[]): string[] {
  const have = new Set(stored.filter((s) => s.table === "bars").map((s) => s.id));
  const out = new Set<string>(options.subjects ?? priceSeries(stored).map((s) => s.id));
  const extra = [
    options.benchmark ?? "^GSPC",
    options.smallCap ?? "^RUT",
    options.largeCap ?? "^GSPC",
    ...(options.trackingPairs ?? DEFAULT_TRACKING_PAIRS).flat(),
    ...(options.regionalBanks === null ? [] : (options.regionalBanks ?? DEFAULT_REGIONAL_BANKS)),
  ];
  for (const s of extra) if (have.has(s)) out.add(s);
  return [...out];
}

export { storeVersion } from "../store/queries.ts";

export { DEFAULT_BENCHMARK, DEFAULT_COMPARED };
export { stalenessOf, storeStaleness } from "./staleness.ts";

/** The default comparison among stored series (else the first three price series). */
export function defaultCompared(stored: readonly StoredSeries[]): string[] {
  const prices = priceSeries(stored).map((s) => s.id);
  const preferred = DEFAULT_COMPARED.filter((s) => prices.includes(s));
  return preferred.length ? preferred : prices.slice(0, 3);
}

export interface MeasureStoreRequest extends MeasureRequest {
  /** What else to load (see LoadInputsOptions); bars are the compared, reported and related series. */
  load?: Pick<LoadInputsOptions, "macro" | "holdings" | "fundamentals" | "constituents" | "tickerMap">;
  /** The store's series (listSeries) when the caller has just read them: not read again. */
  stored?: readonly StoredSeries[];
}

/**
 * The measurement every face shows: loads what the request needs and runs `measure` (the window
 * rule, the cut at the window's end, the snapshot). Unknown symbols, malformed dates and windows
 * the data cannot fill throw AnalyticsInputError.
 */
export async function measureStore(store: Store, req: MeasureStoreRequest): Promise<Measurement> {
  checkDate("from", req.from);
  checkDate("to", req.to);
  if (req.from !== undefined && req.to !== undefined && req.from > req.to) throw new AnalyticsInputError(`from ${req.from} is after to ${req.to}`);
  const { load, stored: listed, ...mreq } = req;
  // The analytics' code, most of what a measurement loads, is compiled while the store's reads
  // below run on DuckDB's threads (the main thread would wait idle for them otherwise).
  const analytics = import("../core/analytics/measure.ts");
  analytics.catch(() => undefined); // a failure surfaces at the await below, not as an unhandled rejection
  const stored = listed ?? (await listSeries(store));
  const options = { ...mreq.options, subjects: [...req.compared, ...(req.alsoReported ?? [])], benchmark: req.benchmark };
  const inputs = await loadSnapshotInputs(store, {
    // The benchmark and related series when stored (symbolsFor); an absent benchmark leaves pairs unavailable.
    symbols: symbolsFor(options, stored),
    from: req.from,
    // Holdings and fundamentals: as of the window's end when the user chose one, else the latest.
    to: req.to,
    ...load,
    stored,
  });
  const { measure } = await analytics;
  try {
    return measure(inputs, mreq);
  } catch (err) {
    if (err instanceof RangeError) throw new AnalyticsInputError(err.message);
    throw err;
  }
}
