import { isConstituent } from "../../model/index.ts";
import { FetchError } from "../../sources/live/errors.ts";
import { readHoldings } from "../../store/index.ts";
import { pool, type UpdateContext } from "./context.ts";
import { updateSymbol, YAHOO_SYMBOL } from "./prices.ts";
import { readState, resumeStatePath, writeState, type ConstituentState } from "./resume-state.ts";
import type { ConstituentsProgress, UpdateItem } from "./types.ts";

/**
 * `--constituents`: the daily history of every equity in the latest stored holdings of
 * `constituents.fund`, one price update per symbol, resumable across runs (see ConstituentState).
 */

/** The Yahoo symbol of an iShares ticker: class shares use "-" (BRK.B -> BRK-B). */
export function yahooSymbol(ticker: string): string {
  return ticker.trim().toUpperCase().replace(/[./ ]/g, "-");
}

/** Runs the constituents' updates; their items are added to `items` (and emitted) as they finish. */
export async function updateConstituents(ctx: UpdateContext, items: UpdateItem[]): Promise<ConstituentsProgress> {
  const fund = ctx.config.constituents.fund;
  const statePath = resumeStatePath(ctx.store, ctx.opts.statePath);
  const { asOf, symbols } = await constituentSymbols(ctx, fund);
  const progress: ConstituentsProgress = { fund, asOf, total: symbols.length, done: 0, failed: 0, resumed: false, complete: false, statePath };
  if (symbols.length === 0) {
    const item = ctx.failed(
      "constituents",
      fund,
      new FetchError("invalid", `no stored holdings of ${fund}: run \`r2k update --only holdings\` (or import a ${fund} holdings file) first`),
    );
    items.push(item);
    ctx.emit({ type: "item", item });
    return progress;
  }
  const { state, resumed } = resumeOrStart(ctx, statePath, fund, asOf);
  progress.resumed = resumed;
  const done = new Set(state.done.filter((s) => symbols.includes(s)));
  const todo = symbols.filter((s) => !done.has(s));
  progress.done = done.size;
  ctx.emit({ type: "plan", source: "constituents", total: symbols.length });
  const save = () => writeState(statePath, { ...state, done: [...done].sort() });
  save();
  await pool(todo, ctx.config.constituents.concurrency, ctx.opts.signal, async (symbol) => {
    const item = await updateSymbol(ctx, symbol, "constituents");
    // An interrupted symbol is neither done nor failed: the next run takes it up again.
    if (item.errorKind === "aborted") return;
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
  if (!ctx.opts.signal?.aborted && done.size === symbols.length) {
    state.completedAt = ctx.now().toISOString();
    progress.complete = true;
    save();
  }
  return progress;
}

/** The fund's stored equity constituents as Yahoo symbols (sorted, once each), and their holdings date. */
async function constituentSymbols(ctx: UpdateContext, fund: string): Promise<{ asOf: string | null; symbols: string[] }> {
  const holdings = (await ctx.alone((store) => readHoldings(store, fund))).filter(isConstituent);
  const asOf = holdings[0]?.asOf ?? null;
  const symbols = [...new Set(holdings.map((h) => yahooSymbol(h.ticker)))].filter((s) => YAHOO_SYMBOL.test(s)).sort();
  return { asOf, symbols };
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
