import { reconcileBars, type BarRevision, type StoredBar } from "../../core/reconcile-bars.ts";
import type { R2kConfig } from "../../config/index.ts";
import { CorporateActionInput, type Bar, type SeriesKind, type SeriesMeta } from "../../model/index.ts";
import { describeSeries } from "../../model/series-catalog.ts";
import { FetchError } from "../../sources/live/errors.ts";
import { implausibleMove, type CloseRow } from "../../sources/live/validate.ts";
import { fetchYahooChart, type YahooChart } from "../../sources/live/yahoo.ts";
import {
  closeBefore,
  commitStaged,
  countOtherCorporateActions,
  lastBarDate,
  otherBarSources,
  readBarRowsSince,
  stageBars,
  stageCorporateActions,
  type ImportOutcome,
} from "../../store/index.ts";
import { StoredConflict, type Asked, type UpdateContext } from "./context.ts";
import type { UpdateItem, UpdateSource } from "./types.ts";

/**
 * Daily prices from Yahoo's chart API, one symbol at a time: the days since the last stored one
 * plus an overlap, compared with the stored rows (reconcileBars) to tell new days from revisions
 * and from a history re-based by a split or dividend, then written with the symbol's dividends
 * and splits in one import.
 */

/** What Yahoo accepts as a symbol (indices start with ^, classes and currencies use . - =). */
export const YAHOO_SYMBOL = /^[\^A-Z0-9][A-Z0-9.\-=^]{0,31}$/;

/** The bars to write from the answer that is kept, and whether they replace stored rows. */
interface BarsToWrite {
  chart: YahooChart;
  bars: Bar[];
  replace: boolean;
}

/** One symbol: incremental fetch with overlap; re-fetches the whole history when a split or dividend re-based it. */
export async function updateSymbol(ctx: UpdateContext, symbol: string, source: UpdateSource = "prices"): Promise<UpdateItem> {
  const asked: Asked = { url: null };
  try {
    const last = await ctx.alone((store) => lastBarDate(store, symbol));
    const from = last ? ctx.overlapFrom(last) : undefined;
    const chart = await fetchChart(ctx, symbol, from, asked);
    if (chart.bars.length === 0) {
      throw new FetchError("invalid", `empty range: Yahoo returned no bars for ${symbol}${from ? ` since ${from}` : ""}; nothing stored`);
    }
    const meta = seriesMeta(symbol, chart);
    const limit = plausibilityLimit(ctx.config, meta.kind);
    const notes = [...chart.notes, ...chart.splits.map((s) => `split ${s.ratio} on ${s.date}`)];
    rejectImplausible(chart.bars, limit, symbol);
    const toWrite = from ? await mergeWithStored(ctx, symbol, from, chart, limit, notes, asked) : { chart, bars: chart.bars, replace: false };
    const actions = corporateActions(symbol, toWrite.chart, notes);
    const written = await writeBars(ctx, symbol, toWrite, actions, meta);
    return writtenItem(source, symbol, toWrite.chart, written, notes);
  } catch (err) {
    return ctx.failed(source, symbol, err, asked.url);
  }
}

/** The chart from `from` on (the whole history without it). */
async function fetchChart(ctx: UpdateContext, symbol: string, from: string | undefined, asked: Asked): Promise<YahooChart> {
  const baseUrl = ctx.config.sources.yahoo.baseUrl;
  const chart = await fetchYahooChart(ctx.http, { symbol, from, baseUrl, signal: ctx.opts.signal, now: ctx.now() });
  asked.url = chart.url;
  return chart;
}

/** The catalog's description of a known symbol; otherwise what Yahoo says the symbol is. */
function seriesMeta(symbol: string, chart: YahooChart): SeriesMeta {
  const known = describeSeries(symbol, "yahoo");
  const isKnown = known.name !== symbol;
  return isKnown ? known : { ...known, kind: chart.kind ?? known.kind, name: chart.name ?? symbol, currency: chart.currency ?? known.currency };
}

function plausibilityLimit(config: R2kConfig, kind: SeriesKind): number {
  const p = config.plausibility;
  return kind === "index" ? p.index : kind === "etf" ? p.etf : p.stock;
}

function rejectImplausible(rows: readonly CloseRow[], limit: number, symbol: string): void {
  const message = implausibleMove(rows, limit, symbol);
  if (message) throw new FetchError("implausible", message);
}

/**
 * The overlap with the stored rows decides what is written (see reconcileBars): new days as
 * they are, a revision or two of Yahoo's own in place, a re-based history fetched again whole.
 * Stored rows of another origin are only overwritten with --replace.
 */
async function mergeWithStored(
  ctx: UpdateContext,
  symbol: string,
  from: string,
  chart: YahooChart,
  limit: number,
  notes: string[],
  asked: Asked,
): Promise<BarsToWrite> {
  const stored = await storedBars(ctx, symbol, from);
  const r = reconcileBars(stored, chart.bars, { from, splits: chart.splits, dividends: chart.dividends, source: "yahoo" });
  if (r.action === "append") {
    // No stored row differs, but maybe none overlapped (overlap 0 or a gap): the join with the stored close must be believable too.
    const prior = await ctx.alone((store) => closeBefore(store, symbol, r.bars[0].date));
    rejectImplausible([...prior, r.bars[0]], limit, symbol);
    return { chart, bars: r.bars, replace: false };
  }
  const example = describeRevision(r.revisions[0]);
  if (r.action === "revise") {
    // Yahoo revises its own rows; rows another source wrote need the user's word.
    if (r.foreignSources.length > 0 && !ctx.opts.replace) throw new StoredConflict(symbol, r.foreignSources, r.revisions.length, example);
    notes.push(`${r.revisions.length} revised row(s) taken from Yahoo (${example})`);
    return { chart, bars: r.bars, replace: true };
  }
  // A split or dividend re-bases Yahoo's whole (adjusted) history: take all of it again.
  const stale = await ctx.alone((store) => otherBarSources(store, symbol, ["yahoo"]));
  if (stale.length > 0 && !ctx.opts.replace) throw new StoredConflict(symbol, stale, r.revisions.length, example);
  const full = await fetchChart(ctx, symbol, undefined, asked);
  rejectImplausible(full.bars, limit, symbol);
  notes.push(
    `${r.revisions.length} stored row(s) differ from Yahoo's (${example})${r.eventInWindow ? " after a split or dividend" : ""}: whole history re-fetched and replaced`,
  );
  return { chart: full, bars: full.bars, replace: true };
}

async function storedBars(ctx: UpdateContext, symbol: string, from: string): Promise<StoredBar[]> {
  const rows = await ctx.alone((store) => readBarRowsSince(store, symbol, from));
  return rows.map((r) => ({ date: r.date, open: r.open, high: r.high, low: r.low, close: r.close, adjClose: r.adj_close, source: r.source }));
}

/** A revised row for the summary: "2024-11-20 close: stored 12.5, Yahoo 12.75". */
function describeRevision({ stored, fetched, field }: BarRevision): string {
  const shown = (b: { open: number | null; high: number | null; low: number | null; close: number; adjClose: number | null }) =>
    field === "close" ? b.close : field === "adjusted close" ? b.adjClose : `${b.open}/${b.high}/${b.low}`;
  return `${fetched.date} ${field}: stored ${shown(stored)}, Yahoo ${shown(fetched)}`;
}

/** The chart's dividends and splits as canonical records; one a source gets wrong is left out (noted), not fatal. */
function corporateActions(symbol: string, chart: YahooChart, notes: string[]): CorporateActionInput[] {
  const raw = [
    ...chart.dividends.map((d) => ({ symbol, date: d.date, kind: "dividend" as const, amount: d.amount })),
    ...chart.splits.map((x) => ({ symbol, date: x.date, kind: "split" as const, numerator: x.numerator, denominator: x.denominator })),
  ];
  // Keyed by (date, kind): two events of a kind on one exchange date (a regular and a special
  // dividend) are combined, amounts added and split ratios multiplied.
  const byKey = new Map<string, CorporateActionInput>();
  for (const r of raw) {
    const ok = CorporateActionInput.safeParse(r);
    if (!ok.success) {
      notes.push(`${r.kind} on ${r.date} not stored (${ok.error.issues[0].path.join(".")}: ${ok.error.issues[0].message})`);
      continue;
    }
    const a = ok.data;
    const key = `${a.date} ${a.kind}`;
    const prev = byKey.get(key);
    if (!prev) byKey.set(key, a);
    else {
      notes.push(`two ${a.kind}s on ${a.date}: stored as one`);
      if (prev.kind === "dividend" && a.kind === "dividend") byKey.set(key, { ...a, amount: prev.amount + a.amount });
      else if (prev.kind === "split" && a.kind === "split") {
        byKey.set(key, { ...a, numerator: prev.numerator * a.numerator, denominator: prev.denominator * a.denominator });
      }
    }
  }
  return [...byKey.values()];
}

/** The bars and the chart's dividends and splits in one transaction and one import record. */
async function writeBars(ctx: UpdateContext, symbol: string, w: BarsToWrite, actions: CorporateActionInput[], meta: SeriesMeta): Promise<ImportOutcome> {
  // Yahoo's own dividends and splits are revised by Yahoo (dividends are split-adjusted):
  // its new values are taken; stored ones of another origin that differ need --replace.
  const foreignActions = actions.length === 0 || ctx.opts.replace ? 0 : await ctx.alone((store) => countOtherCorporateActions(store, symbol, ["yahoo"]));
  return ctx.alone((store) =>
    store.transaction(async () => {
      await stageBars(store, w.bars);
      if (actions.length > 0) await stageCorporateActions(store, actions);
      return commitStaged(
        store,
        { sourceKind: "url", sourceRef: w.chart.url, format: "yahoo-chart", sha256: w.chart.sha256 },
        actions.length > 0 ? ["bars", "corporateActions"] : ["bars"],
        {
          dataSource: "yahoo",
          replace: w.replace,
          replaceStages: { corporateActions: ctx.opts.replace === true || foreignActions === 0 },
          skipped: w.chart.skipped,
          series: [meta],
        },
      );
    }),
  );
}

function writtenItem(source: UpdateSource, symbol: string, chart: YahooChart, written: ImportOutcome, notes: string[]): UpdateItem {
  const events = written.stages.corporateActions;
  if (events && events.added + events.updated > 0) {
    notes.push(`dividends and splits: ${events.added} stored${events.updated > 0 ? `, ${events.updated} revised` : ""}`);
  }
  // The item's counts and range are its bars'; the import record also counts the events.
  const barsWritten = written.stages.bars ?? written;
  return {
    source,
    id: symbol,
    status: written.added + written.updated > 0 ? "updated" : "unchanged",
    added: barsWritten.added,
    updated: barsWritten.updated,
    firstDate: barsWritten.firstDate,
    lastDate: barsWritten.lastDate,
    importId: written.importId,
    url: chart.url,
    notes,
  };
}
