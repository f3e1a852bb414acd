import { reconcileObservations } from "../../core/reconcile-observations.ts";
import { describeSeries } from "../../model/series-catalog.ts";
import { fetchFredApi, fetchFredCsv } from "../../sources/live/fred.ts";
import { commitStaged, lastObservationDates, otherObservationSources, readObservationRowsSince, stageObservations } from "../../store/index.ts";
import { importFile } from "../import.ts";
import { StoredConflict, type Asked, type UpdateContext } from "./context.ts";
import { fileItem, fileMessage, saveDownload } from "./downloaded-file.ts";
import type { UpdateItem } from "./types.ts";

/**
 * FRED series, one at a time: through the API when FRED_API_KEY is set, otherwise the keyless
 * fredgraph.csv download through the file importer. FRED revises its own figures, so stored FRED
 * values are replaced; values of another origin that differ need --replace.
 */

export async function updateFred(ctx: UpdateContext, id: string): Promise<UpdateItem> {
  const asked: Asked = { url: null };
  try {
    const from = await fredFrom(ctx, id);
    return ctx.apiKey ? await updateThroughApi(ctx, id, from, ctx.apiKey, asked) : await updateThroughCsv(ctx, id, from, asked);
  } catch (err) {
    const item = ctx.failed("fred", id, err, asked.url);
    // The keyless download is the one FRED throttles and changes; the API with a free key is steadier.
    if (!ctx.apiKey && item.errorKind !== "conflict" && item.errorKind !== "aborted" && item.errorKind !== "offline") {
      item.reason = `${item.reason} (FRED's keyless download failed; a free API key in FRED_API_KEY makes r2k use FRED's API instead: https://fred.stlouisfed.org/docs/api/api_key.html)`;
    }
    return item;
  }
}

/** First date to fetch: the overlap in days, and at least the last three observations (monthly series). */
async function fredFrom(ctx: UpdateContext, id: string): Promise<string | undefined> {
  const dates = await ctx.alone((store) => lastObservationDates(store, id, 3));
  if (dates.length === 0) return undefined;
  const byDays = ctx.overlapFrom(dates[0]);
  const third = dates[dates.length - 1];
  return third < byDays ? third : byDays;
}

async function updateThroughApi(ctx: UpdateContext, id: string, from: string | undefined, apiKey: string, asked: Asked): Promise<UpdateItem> {
  const series = await fetchFredApi(ctx.http, { id, from, baseUrl: ctx.config.sources.fred.apiBaseUrl, apiKey, signal: ctx.opts.signal });
  asked.url = series.url;
  // Revisions are FRED's own: they replace stored FRED values; values of another origin need --replace.
  const stored = await ctx.alone((store) => readObservationRowsSince(store, id, from));
  const { revisions: revised, foreignSources: foreign } = reconcileObservations(stored, series.observations, "fred");
  if (foreign.length > 0 && !ctx.opts.replace) {
    const r = revised[0];
    throw new StoredConflict(id, foreign, revised.length, `${r.fetched.date}: stored ${r.stored.value}, FRED ${r.fetched.value}`);
  }
  const written = await ctx.alone((store) =>
    store.transaction(async () => {
      await stageObservations(store, series.observations);
      return commitStaged(
        store,
        { sourceKind: "url", sourceRef: series.url, format: "fred-api", sha256: series.sha256 },
        ["observations"],
        { dataSource: "fred", replace: revised.length > 0, skipped: series.skipped, series: [describeSeries(id, "fred", true)] },
      );
    }),
  );
  const notes = revised.length > 0 ? [`${revised.length} revised value(s) taken from FRED`] : [];
  return {
    source: "fred",
    id,
    status: written.added + written.updated > 0 ? "updated" : "unchanged",
    added: written.added,
    updated: written.updated,
    firstDate: written.firstDate,
    lastDate: written.lastDate,
    importId: written.importId,
    url: series.url,
    notes,
  };
}

async function updateThroughCsv(ctx: UpdateContext, id: string, from: string | undefined, asked: Asked): Promise<UpdateItem> {
  const csv = await fetchFredCsv(ctx.http, { id, from, baseUrl: ctx.config.sources.fred.csvBaseUrl, signal: ctx.opts.signal });
  asked.url = csv.url;
  const file = saveDownload(ctx, `${id}.csv`, csv.body);
  const provenance = { sourceKind: "url" as const, sourceRef: csv.url, format: "fred-csv" };
  let result = await ctx.alone((store) => importFile(store, file, { format: "fred", symbol: id, provenance }));
  const notes: string[] = [];
  if (result.error?.kind === "conflict") {
    // FRED revises its own figures; only values of another origin need the user's word.
    const foreign = await ctx.alone((store) => otherObservationSources(store, id, ["fred"], from));
    if (foreign.length > 0 && !ctx.opts.replace) {
      const example = fileMessage(result, file, csv.url).split("\n")[1]?.trim() ?? "";
      throw new StoredConflict(id, foreign, Number(/(\d+) row/.exec(result.error.message)?.[1] ?? 0), example);
    }
    result = await ctx.alone((store) => importFile(store, file, { format: "fred", symbol: id, provenance, replace: true }));
    if (!result.error) notes.push(`${result.updated} revised value(s) taken from FRED`);
  }
  return fileItem(ctx, "fred", id, result, file, csv.url, notes);
}
