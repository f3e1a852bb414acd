import { isConstituent } from "../../model/index.ts";
import { constituentSymbol, type ConstituentSymbol } from "../../sources/files/share-classes.ts";
import { FetchError } from "../../sources/live/errors.ts";
import { readHoldings } from "../../store/index.ts";
import { pool, type UpdateContext } from "./context.ts";
import { updateSymbol, YAHOO_SYMBOL } from "./prices.ts";
import { readState, resumeStatePath, writeState, type ConstituentState } from "./resume-state.ts";
import type { ConstituentsProgress, UpdateItem } from "./types.ts";

/**
 * `--constituents`: the daily history of every equity in the latest stored holdings of
 * `constituents.fund` (one fund or several: their symbols once each), one price update per
 * symbol, resumable across runs (see ConstituentState).
 */

/** Runs the constituents' updates; their items are added to `items` (and emitted) as they finish. */
export async function updateConstituents(ctx: UpdateContext, items: UpdateItem[]): Promise<ConstituentsProgress> {
  const funds = ctx.config.constituents.fund;
  const fund = funds.join(", ");
  const statePath = resumeStatePath(ctx.store, ctx.opts.statePath);
  const bySymbol = new Map<string, ConstituentSymbol>();
  const dates: string[] = [];
  for (const f of funds) {
    const got = await constituentSymbols(ctx, f);
    if (got.constituents.length === 0) {
      const item = ctx.failed("constituents", f, new FetchError("invalid", `no stored holdings of ${f}: run \`r2k update --only holdings\` (or import a ${f} holdings file) first`));
      items.push(item);
      ctx.emit({ type: "item", item });
      continue;
    }
    dates.push(funds.length > 1 ? `${f} ${got.asOf}` : String(got.asOf));
    for (const c of got.constituents) if (!bySymbol.has(c.symbol)) bySymbol.set(c.symbol, c);
  }
  // A run resumes only the same funds' same holdings: the state's key is every fund's date.
  const asOf = dates.length ? dates.join(", ") : null;
  const constituents = [...bySymbol.values()].sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
  const symbols = constituents.map((c) => c.symbol);
  const progress: ConstituentsProgress = { fund, asOf, total: symbols.length, done: 0, failed: 0, resumed: false, complete: false, stoppedByRateLimit: false, statePath };
  if (symbols.length === 0) return progress;
  const { state, resumed } = resumeOrStart(ctx, statePath, fund, asOf);
  progress.resumed = resumed;
  const done = new Set(state.done.filter((s) => symbols.includes(s)));
  const todo = constituents.filter((c) => !done.has(c.symbol));
  progress.done = done.size;
  ctx.emit({ type: "plan", source: "constituents", total: symbols.length });
  const save = () => writeState(statePath, { ...state, done: [...done].sort() });
  save();
  const yahooHost = new URL(ctx.config.sources.yahoo.baseUrl).host;
  // Yahoo rate-limiting the run for good (HttpClient.maxConsecutive429) stops it: the rest waits for the next run.
  const stop = new AbortController();
  const signal = ctx.opts.signal ? AbortSignal.any([ctx.opts.signal, stop.signal]) : stop.signal;
  await pool(todo, ctx.config.constituents.concurrency, signal, async (constituent) => {
    const { symbol } = constituent;
    const item = await updateConstituent(ctx, constituent);
    if (ctx.http.downReason(yahooHost)?.kind === "rate-limited" && !stop.signal.aborted) {
      stop.abort();
      ctx.emit({
        type: "note",
        message: `Yahoo kept answering 429 Too Many Requests: stopped with ${symbols.length - done.size} symbols left; \`r2k update --constituents\` later resumes with them (${statePath})`,
      });
    }
    // An interrupted symbol, or one the rate limit stopped, is neither done nor failed: the next run takes it up again.
    if (item.errorKind === "aborted" || (item.errorKind === "rate-limited" && stop.signal.aborted)) return;
    if (item.status === "failed") {
      state.failed[symbol] = item.reason ?? "failed";
      progress.failed++;
    } else {
      done.add(symbol);
      delete state.failed[symbol];
      progress.done = done.size;
    }
    save();
    items.push(item);
    ctx.emit({ type: "item", item });
  });
  progress.stoppedByRateLimit = stop.signal.aborted;
  if (!ctx.opts.signal?.aborted && done.size === symbols.length) {
    state.completedAt = ctx.now().toISOString();
    progress.complete = true;
    save();
  }
  return progress;
}

/** The fund's stored equity constituents with their Yahoo symbols (sorted, once each), and their holdings date. */
async function constituentSymbols(ctx: UpdateContext, fund: string): Promise<{ asOf: string | null; constituents: ConstituentSymbol[] }> {
  const holdings = (await ctx.alone((store) => readHoldings(store, fund))).filter(isConstituent);
  const asOf = holdings[0]?.asOf ?? null;
  const bySymbol = new Map<string, ConstituentSymbol>();
  for (const h of holdings) {
    const c = constituentSymbol(h, ctx.config.constituents.tickerMap);
    if (YAHOO_SYMBOL.test(c.symbol) && !bySymbol.has(c.symbol)) bySymbol.set(c.symbol, c);
  }
  return { asOf, constituents: [...bySymbol.values()].sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0)) };
}

/** One constituent's prices: its symbol, then, while Yahoo does not know it, each alternate spelling. */
async function updateConstituent(ctx: UpdateContext, c: ConstituentSymbol): Promise<UpdateItem> {
  let item = await updateSymbol(ctx, c.symbol, "constituents");
  for (const alternate of c.alternates) {
    if (item.errorKind !== "not-found") break;
    const next = await updateSymbol(ctx, alternate, "constituents");
    if (next.errorKind !== "not-found") {
      // Stored under the spelling Yahoo knows; the resume file keeps the first one.
      item = { ...next, notes: [`iShares ticker ${c.ticker}: Yahoo lists it as ${alternate}`, ...next.notes] };
    }
  }
  return item;
}

/** The unfinished run of the same fund and holdings date to continue, or a fresh state. */
function resumeOrStart(ctx: UpdateContext, statePath: string, fund: string, asOf: string | null): { state: ConstituentState; resumed: boolean } {
  const read = readState(statePath);
  if (read !== null && "unreadable" in read) ctx.emit({ type: "note", message: `the resume file ${read.unreadable}: starting over` });
  const previous = read !== null && !("unreadable" in read) ? read : null;
  const resumed = previous !== null && previous.fund === fund && previous.asOf === asOf && previous.completedAt === null;
  const state: ConstituentState =
    resumed && previous ? previous : { version: 1, fund, asOf, startedAt: ctx.now().toISOString(), completedAt: null, done: [], failed: {} };
  return { state, resumed };
}
