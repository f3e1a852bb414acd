import type { Command } from "commander";
import { SingleBar, Presets } from "cli-progress";
import { todayIso } from "../../model/index.ts";
import { loadDemo, removeDemoStore, type DemoProgress, type LoadDemoResult, type RemoveDemoResult } from "../../services/demo.ts";
import { checkOptions, DemoOptionsError } from "../../sources/demo/index.ts";
import { demoDbPath, handOverIfOwned, ioOf, withDemoStore, type Io } from "../context.ts";
import { runtimeOf } from "../runtime.ts";
import { CliError, EXIT } from "../exit.ts";
import { DEMO_BANNER, fmtInt, paint, renderTable } from "../format.ts";

export interface DemoCliOptions {
  seed?: string;
  end?: string;
  clear?: boolean;
  json?: boolean;
}

function parseSeed(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw new CliError(`--seed: not a non-negative integer: ${JSON.stringify(text)}`, EXIT.usage);
  return Number(text);
}

function progressReporter(io: Io): (p: DemoProgress) => void {
  if (!io.errTTY) return () => {};
  let bar: SingleBar | null = null;
  return (p) => {
    if (p.phase === "stage" && p.total) {
      if (!bar) {
        bar = new SingleBar({ format: "  stock bars [{bar}] {value}/{total} symbols", hideCursor: true, clearOnComplete: true, stream: io.progress }, Presets.shades_classic);
        bar.start(p.total, 0);
      }
      bar.update(p.done ?? 0);
      return;
    }
    if (bar) {
      bar.stop();
      bar = null;
    }
    if (p.phase !== "done") io.err(`  ${p.message}...`);
  };
}

const span = (r: { first: string; last: string } | null) => (r ? `${r.first} .. ${r.last}` : "-");

export function renderLoad(io: Io, r: LoadDemoResult, path: string): string {
  const out: string[] = [];
  out.push(paint(io, "yellow", `! ${DEMO_BANNER}`));
  out.push(`synthetic demo market: seed ${r.seed}, generator v${r.version}, end ${r.endDate} (import #${r.outcome.importId})`);
  out.push(`demo store: ${path} (its own file: your store is never written)`);
  if (r.replaced.length) {
    out.push(`replaced ${fmtInt(r.removedBeforeLoad)} rows of an earlier demo market (${r.replaced.join(", ")})`);
  }
  const s = r.staged;
  const rows: (string | number)[][] = [
    ["indices", fmtInt(s.indexBars), span(r.ranges.indices)],
    ["ETFs", fmtInt(s.etfBars), span(r.ranges.etfs)],
    ["stocks (demo Russell 2000)", fmtInt(s.stockBars), span(r.ranges.stocks)],
    ["macro (FRED ids)", fmtInt(s.observations), span(r.ranges.macro)],
    ["holdings IWM, IVV", fmtInt(s.holdings + s.fundOther), `as of ${r.endDate}`],
    ["universe demo", fmtInt(s.securities), `as of ${r.endDate}`],
  ];
  out.push(renderTable(io, ["kind", "rows", "dates"], rows, ["left", "right", "left"]));
  const o = r.outcome;
  out.push(`stored: ${fmtInt(o.added)} added, ${fmtInt(o.updated)} updated, ${fmtInt(o.unchanged)} unchanged; ${fmtInt(s.series)} series`);
  out.push("all of it is SYNTHETIC: generated numbers shaped like the market, never real prices or rates.");
  out.push("see it with --demo (e.g. `r2k --demo summary`, `r2k serve --demo`); while your own store is empty, every command shows it.");
  return out.join("\n");
}

export function renderRemove(r: RemoveDemoResult): string {
  return r.removed ? `deleted the demo store ${r.path}` : `no demo store at ${r.path}; nothing removed`;
}

/** `r2k demo`: generates the demo store, or deletes it with --clear. */
export async function demoAction(opts: DemoCliOptions, cmd: Command): Promise<void> {
  if (opts.clear && (opts.seed !== undefined || opts.end !== undefined)) {
    throw new CliError("--clear takes no --seed or --end", EXIT.usage);
  }
  const seed = parseSeed(opts.seed);
  const endDate = opts.end ?? todayIso();
  if (!opts.clear) {
    try {
      checkOptions({ seed, endDate });
    } catch (err) {
      if (err instanceof DemoOptionsError) throw new CliError(err.message, EXIT.usage);
      throw err;
    }
  }
  if (opts.clear) {
    const path = demoDbPath(cmd);
    handOverIfOwned(cmd, [path]);
    if (runtimeOf(cmd).host?.holds(path)) {
      throw new CliError(`the running r2k server shows the demo market from ${path}: stop it before removing that file`, EXIT.failure);
    }
    const r = await removeDemoStore(path);
    ioOf(cmd).out(opts.json ? JSON.stringify(r, null, 2) : renderRemove(r));
    return;
  }
  await withDemoStore(cmd, async (store, io) => {
    const r = await loadDemo(store, { seed, endDate, onProgress: opts.json ? undefined : progressReporter(io) });
    io.out(opts.json ? JSON.stringify({ synthetic: true, store: store.path, ...r }, null, 2) : renderLoad(io, r, store.path));
  });
}
