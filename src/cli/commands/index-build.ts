import { createHash } from "node:crypto";
import type { Command } from "commander";
import {
  fixedMembershipLevels,
  INDEX_LABELS,
  reconstitute,
  type IndexName,
} from "../../core/index-engine/index.ts";
import { dayToIso, parseIsoDay, type Bar, type SeriesMeta } from "../../model/index.ts";
import { readPricesFile, type PriceMatrix } from "../../sources/files/universe/index.ts";
import { commitStaged, readClosesOf, stageBars, type Store } from "../../store/index.ts";
import { withReadStore } from "../context.ts";
import { CliError, EXIT } from "../exit.ts";
import { DEMO_BANNER, fmtInt, fmtNum, paint, renderTable } from "../format.ts";
import { loadPrevious, loadUniverse, needsStoreSpec } from "../../services/recon.ts";
import { engineInput, resolveSpec } from "../index-engine.ts";
import { resolvePath } from "../runtime.ts";
import { rulesFromOptions, type RuleOptions } from "../rule-options.ts";

export interface BuildOptions extends RuleOptions {
  universe: string;
  prices: string;
  previous: string[];
  rankDate?: string;
  index: IndexName;
  symbol: string;
  base: string;
  from?: string;
  to?: string;
  replace?: boolean;
  json?: boolean;
}

/** Closes of the given tickers from the store's bars, as a date x ticker matrix. */
async function storedPrices(
  store: Store,
  tickers: readonly string[],
  from?: string,
  to?: string,
): Promise<PriceMatrix & { demo: boolean }> {
  const { symbols, days, closes, sources } = await readClosesOf(store, tickers, { from, to });
  const present = new Set(symbols);
  const ids = tickers.filter((t) => present.has(t));
  const col = new Map(ids.map((t, i) => [t, i]));
  const dayList = Int32Array.from(new Set(days)).sort();
  const row = new Map<number, number>();
  dayList.forEach((d, t) => row.set(d, t));
  const N = ids.length;
  const close = new Float64Array(dayList.length * N).fill(NaN);
  for (let k = 0; k < symbols.length; k++) close[(row.get(days[k]) as number) * N + (col.get(symbols[k]) as number)] = closes[k];
  const demo = sources.some((src) => src === "demo");
  return { dates: dayList, ids, close, dividends: null, missing: tickers.filter((t) => !present.has(t)), rows: symbols.length, demo };
}

/** Keeps the rows of a price matrix inside [from, to]. */
function clip(m: PriceMatrix, from?: string, to?: string): PriceMatrix {
  const a = from ? (parseIsoDay(from) as number) : -Infinity;
  const b = to ? (parseIsoDay(to) as number) : Infinity;
  let lo = 0;
  while (lo < m.dates.length && m.dates[lo] < a) lo++;
  let hi = m.dates.length;
  while (hi > lo && m.dates[hi - 1] > b) hi--;
  if (lo === 0 && hi === m.dates.length) return m;
  const N = m.ids.length;
  return {
    ...m,
    dates: m.dates.slice(lo, hi),
    close: m.close.slice(lo * N, hi * N),
    dividends: m.dividends ? m.dividends.slice(lo * N, hi * N) : null,
  };
}

/** `r2k index build`: reconstitutes the universe, computes the levels and stores them as a series. */
export async function indexBuildAction(opts: BuildOptions, command: Command): Promise<void> {
  const base = Number(opts.base);
  if (!(base > 0) || !Number.isFinite(base)) throw new CliError("--base must be a positive number", EXIT.usage);
  for (const [name, v] of [["--from", opts.from], ["--to", opts.to], ["--rank-date", opts.rankDate]] as const) {
    if (v !== undefined && parseIsoDay(v) === null) throw new CliError(`${name}: not a calendar date YYYY-MM-DD`, EXIT.usage);
  }
  if (!/^[A-Za-z0-9^._-]{1,32}$/.test(opts.symbol)) throw new CliError("--symbol: 1-32 letters, digits, ^ . _ -", EXIT.usage);
  // Inputs read from the store follow the store choice (the demo store while yours is empty);
  // a build from files alone is real data and goes into your store.
  const readsStore = opts.prices === "store" || needsStoreSpec(opts.universe) || opts.previous.some(needsStoreSpec);
  // Files are read against the command's directory; provenance names them as typed.
  const typed = opts;
  opts = {
    ...opts,
    universe: resolveSpec(command, opts.universe),
    previous: opts.previous.map((p) => resolveSpec(command, p)),
    prices: opts.prices === "store" ? opts.prices : resolvePath(command, opts.prices),
  };
  await withReadStore(command, (store, io) =>
    engineInput(async () => {
      const scale = opts.scale === undefined ? undefined : Number(opts.scale);
      const universe = await loadUniverse(opts.universe, store, { rankDate: opts.rankDate, scale });
      const rules = { ...universe.suggestedRules, ...rulesFromOptions(opts) };
      const rankDay = opts.rankDate ?? universe.asOf;
      const previous = await loadPrevious(opts.previous, store, universe, rules, scale, rankDay);
      const prior = previous && previous.labels.length > 0 ? previous.prior : null;
      for (const w of previous?.warnings ?? []) io.err(`warning: ${w}`);
      const recon = reconstitute(universe.securities, { rules, prior, rankDate: rankDay, capBasis: universe.capBasis });
      const members = recon.indexes[opts.index].constituents;
      if (members.length === 0) throw new CliError(`the ${INDEX_LABELS[opts.index]} of this universe is empty`, EXIT.noData);

      const tickers = members.map((m) => m.ticker);
      const fromStore = opts.prices === "store";
      let pricesDemo = false;
      let prices: PriceMatrix;
      if (fromStore) {
        const stored = await storedPrices(store, tickers, opts.from, opts.to);
        pricesDemo = stored.demo;
        prices = stored;
      } else prices = clip(readPricesFile(opts.prices, new Set(tickers)), opts.from, opts.to);
      if (prices.ids.length === 0 || prices.dates.length === 0) {
        throw new CliError(
          fromStore
            ? "no stored prices for the constituents: import them first (or use the demo market: `r2k demo`, then --demo)"
            : `${opts.prices} has no prices for the constituents in the chosen dates`,
          EXIT.noData,
        );
      }
      const byTicker = new Map(members.map((m) => [m.ticker, m]));
      const holdings = prices.ids.map((id) => {
        const m = byTicker.get(id)!;
        return { shares: m.sharesOutstanding, iwf: m.iwf };
      });
      const levels = fixedMembershipLevels({
        dates: prices.dates,
        ids: prices.ids,
        close: prices.close,
        dividends: prices.dividends,
        holdings,
        baseLevel: base,
      });
      const withTr = prices.dividends !== null;
      const bars: Bar[] = Array.from(levels.dates, (d, t) => ({
        symbol: opts.symbol,
        date: dayToIso(d),
        open: null,
        high: null,
        low: null,
        close: levels.price[t],
        adjClose: withTr ? levels.total[t] : null,
        volume: null,
      }));
      const demo = universe.demo || (previous?.demo ?? false) || pricesDemo;
      if (store.kind === "demo" && !demo) {
        throw new CliError("a build from files alone is real data: run it without --demo to store it in your own store", EXIT.usage);
      }
      const dataSource = demo ? "demo" : "index-engine";
      const meta: SeriesMeta = {
        id: opts.symbol,
        kind: "index",
        name: `${INDEX_LABELS[opts.index]} (r2k build from ${universe.label})`,
        currency: "USD",
        frequency: "daily",
        source: dataSource,
      };
      const hash = createHash("sha256");
      hash.update(`${opts.symbol}\n${meta.name}\n`);
      for (const b of bars) hash.update(`${b.date},${b.close},${b.adjClose ?? ""}\n`);
      const outcome = await store.transaction(async () => {
        await stageBars(store, bars);
        return commitStaged(
          store,
          {
            sourceKind: demo ? "demo" : "file",
            sourceRef: `r2k index build --universe ${typed.universe} --prices ${typed.prices} --index ${opts.index}`,
            format: "index-build",
            sha256: hash.digest("hex"),
          },
          ["bars"],
          { dataSource, replace: Boolean(opts.replace), skipped: 0, series: [meta] },
        );
      });
      prices = { ...prices, close: new Float64Array(0) }; // free the matrix before printing
      const summary = {
        symbol: opts.symbol,
        index: opts.index,
        universe: universe.label,
        demo,
        constituents: members.length,
        priced: prices.ids.length,
        unpriced: [...prices.missing, ...levels.neverPriced],
        addedLater: levels.added.length,
        deletedEarly: levels.deleted.length,
        divisorAdjustments: levels.adjustments.length,
        first: { date: bars[0].date, level: bars[0].close },
        last: { date: bars[bars.length - 1].date, level: bars[bars.length - 1].close, total: bars[bars.length - 1].adjClose },
        store: { importId: outcome.importId, added: outcome.added, updated: outcome.updated, unchanged: outcome.unchanged },
        warnings: recon.warnings,
      };
      if (opts.json) {
        io.out(JSON.stringify(summary, null, 2));
        return;
      }
      const out: string[] = [];
      if (demo) out.push(paint(io, "yellow", `! ${DEMO_BANNER}`));
      out.push(`${INDEX_LABELS[opts.index]} built from ${universe.label}, stored as ${opts.symbol} (kind index)`);
      out.push(
        renderTable(
          io,
          ["item", "value"],
          [
            ["constituents", `${fmtInt(summary.constituents)} (${fmtInt(summary.priced)} priced)`],
            ["dates", `${summary.first.date} .. ${summary.last.date} (${fmtInt(bars.length)})`],
            ["first / last level", `${fmtNum(summary.first.level)} / ${fmtNum(summary.last.level)}`],
            ["total return (last)", withTr ? fmtNum(summary.last.total) : "no dividends given"],
            ["added later / deleted early", `${fmtInt(summary.addedLater)} / ${fmtInt(summary.deletedEarly)}`],
            ["divisor adjustments", fmtInt(summary.divisorAdjustments)],
            ["stored", `+${fmtInt(outcome.added)} added, ${fmtInt(outcome.updated)} updated, ${fmtInt(outcome.unchanged)} unchanged (import #${outcome.importId})`],
          ],
          ["left", "left"],
        ),
      );
      if (summary.unpriced.length) {
        out.push(
          paint(io, "yellow", `warning: ${fmtInt(summary.unpriced.length)} constituents have no prices and are left out: ${summary.unpriced.slice(0, 10).join(", ")}${summary.unpriced.length > 10 ? ", ..." : ""}`),
        );
      }
      for (const w of recon.warnings) out.push(paint(io, "yellow", `warning: ${w}`));
      io.out(out.join("\n"));
    }),
    { fallback: readsStore, use: "write" },
  );
}
