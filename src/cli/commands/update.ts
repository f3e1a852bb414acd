import type { Command } from "commander";
import { MultiBar, Presets, type SingleBar } from "cli-progress";
import { currentTime } from "../../services/clock.ts";
import {
  offlineMessage,
  SEC_USER_AGENT_MISSING,
  runUpdate,
  summarizeUpdate,
  writeLastUpdate,
  type UpdateEvent,
  type UpdateItem,
  type UpdateOnly,
  type UpdateReport,
  type UpdateSource,
} from "../../services/update.ts";
import { liveConfig } from "../config.ts";
import { withUserStore, type Io } from "../context.ts";
import { runtimeOf, setExitCode } from "../runtime.ts";
import { CliError, EXIT } from "../exit.ts";
import { fmtInt, paint, renderTable } from "../format.ts";

export interface UpdateCliOptions {
  symbol: string[];
  only?: UpdateOnly;
  constituents?: boolean;
  config?: string;
  replace?: boolean;
  json?: boolean;
}

const LABEL: Record<UpdateSource, string> = {
  prices: "prices (Yahoo)",
  fred: "FRED",
  holdings: "holdings (iShares)",
  constituents: "constituents",
  fundamentals: "fundamentals (SEC)",
};

function itemLine(io: Io, i: UpdateItem): string {
  const what = `${i.source} ${i.id}`;
  if (i.status === "failed") return `${what}: ${paint(io, "red", "failed")}: ${i.reason}`;
  const range = i.firstDate ? ` ${i.firstDate} .. ${i.lastDate}` : "";
  const counts = i.status === "updated" ? ` +${fmtInt(i.added)} added, ${fmtInt(i.updated)} updated` : "";
  const notes = i.notes.length ? ` (${i.notes.join("; ")})` : "";
  return `${what}: ${i.status === "updated" ? "updated" : "no change"}${counts}${range}${notes}`;
}

/** Progress: one bar per source on a terminal, plain lines otherwise (constituents: every 100th and failures). */
function progressReporter(io: Io, json: boolean): { onEvent: (e: UpdateEvent) => void; stop: () => void } {
  if (json) return { onEvent: () => undefined, stop: () => undefined };
  if (io.errTTY) {
    const multi = new MultiBar(
      { format: "  {source} [{bar}] {value}/{total} {last}", hideCursor: true, clearOnComplete: false, stopOnComplete: false, stream: io.progress },
      Presets.shades_classic,
    );
    const bars = new Map<UpdateSource, SingleBar>();
    return {
      onEvent: (e) => {
        if (e.type === "note") multi.log(`${e.message}\n`);
        if (e.type === "plan") {
          bars.set(e.source, multi.create(e.total, 0, { source: LABEL[e.source].padEnd(18), last: "" }));
        } else if (e.type === "item") {
          const last = `${e.item.id} ${e.item.status === "failed" ? "failed" : e.item.status === "updated" ? "updated" : "no change"}`;
          bars.get(e.item.source)?.increment(1, { last });
        }
      },
      stop: () => multi.stop(),
    };
  }
  let constituentsDone = 0;
  let constituentsTotal = 0;
  return {
    onEvent: (e) => {
      if (e.type === "note") io.err(e.message);
      if (e.type === "plan" && e.source === "constituents") constituentsTotal = e.total;
      // Long waits (Retry-After, late backoff) are worth a line; quick retries are not.
      if (e.type === "retry" && e.waitMs >= 2000) io.err(`  waiting ${(e.waitMs / 1000).toFixed(1)} s before retry ${e.attempt}: ${e.reason}`);
      if (e.type !== "item") return;
      // Unreachable hosts are summed up in one line at the end.
      if (e.item.errorKind === "offline") return;
      if (e.item.source !== "constituents") {
        io.err(itemLine(io, e.item));
        return;
      }
      constituentsDone++;
      if (e.item.status === "failed") io.err(itemLine(io, e.item));
      if (constituentsDone % 100 === 0) io.err(`constituents: ${constituentsDone} of this run's symbols done (${constituentsTotal} in the fund)`);
    },
    stop: () => undefined,
  };
}

export function renderUpdateSummary(io: Io, report: UpdateReport): string {
  const out: string[] = [];
  const order: UpdateSource[] = ["prices", "fred", "holdings"];
  const main = report.items
    .filter((i) => i.source !== "constituents")
    .map((i, k) => ({ i, k }))
    .sort((a, b) => order.indexOf(a.i.source) - order.indexOf(b.i.source) || a.k - b.k)
    .map((x) => x.i);
  if (main.length) {
    out.push(
      renderTable(
        io,
        ["source", "id", "status", "added", "updated", "dates", "notes"],
        main.map((i) => [
          i.source,
          i.id,
          i.status === "failed" ? paint(io, "red", "failed") : i.status === "updated" ? "updated" : "no change",
          fmtInt(i.added),
          fmtInt(i.updated),
          i.firstDate ? `${i.firstDate} .. ${i.lastDate}` : "-",
          i.status === "failed" ? (i.reason ?? "") : i.notes.join("; ") || "-",
        ]),
        ["left", "left", "left", "right", "right", "left", "left"],
      ),
    );
  }
  const c = report.constituents;
  if (c) {
    const cs = report.items.filter((i) => i.source === "constituents");
    const upd = cs.filter((i) => i.status === "updated").length;
    const unch = cs.filter((i) => i.status === "unchanged").length;
    const failed = cs.filter((i) => i.status === "failed");
    out.push(
      `constituents of ${c.fund}${c.asOf ? ` (holdings as of ${c.asOf})` : ""}: ${fmtInt(c.done)}/${fmtInt(c.total)} done` +
        `${c.resumed ? " (continued an interrupted run)" : ""}; this run ${fmtInt(upd)} updated, ${fmtInt(unch)} unchanged, ${fmtInt(failed.length)} failed` +
        (c.stoppedByRateLimit ? "; stopped: Yahoo kept answering 429 Too Many Requests" : "") +
        (c.complete ? "" : `; rerun \`r2k update --constituents\` ${c.stoppedByRateLimit ? "later " : ""}to continue (progress in ${c.statePath})`),
    );
    for (const f of failed.slice(0, 20)) out.push(`  ${f.id}: ${f.reason}`);
    if (failed.length > 20) out.push(`  … and ${failed.length - 20} more`);
  }
  const failed = report.items.filter((i) => i.status === "failed").length;
  const updated = report.items.filter((i) => i.status === "updated").length;
  const unchanged = report.items.filter((i) => i.status === "unchanged").length;
  out.push(
    `${fmtInt(updated)} updated, ${fmtInt(unchanged)} unchanged, ${failed ? paint(io, "red", `${fmtInt(failed)} failed`) : "0 failed"}` +
      (report.usedFredApi ? " (FRED through its API)" : "") +
      (report.interrupted ? "; interrupted" : "") +
      (failed ? "; stored data of failed items kept as it was" : ""),
  );
  return out.join("\n");
}

/** `r2k update`: fetches what is missing from the configured live sources, with progress and a summary. */
export async function updateAction(opts: UpdateCliOptions, cmd: Command): Promise<void> {
  const { config } = liveConfig(cmd, opts.config);
  if (opts.only === "fundamentals" && !config.sources.sec.userAgent) throw new CliError(SEC_USER_AGENT_MISSING, EXIT.invalidInput);
  const bad = opts.symbol.find((s) => !/^[\^A-Za-z0-9][A-Za-z0-9.\-=^]{0,31}$/.test(s.trim()));
  if (bad !== undefined) throw new CliError(`--symbol ${JSON.stringify(bad)} is not a symbol (letters, digits, ^ . - =)`, EXIT.usage);
  await withUserStore(cmd, async (store, io) => {
    const controller = new AbortController();
    const onSigint = () => {
      if (controller.signal.aborted) process.exit(EXIT.network);
      io.err("interrupting: stopping the requests in flight; finished items and progress are kept (Ctrl-C again to quit at once)");
      controller.abort();
    };
    // Handed over to a server, the run stops when its client goes (the client's Ctrl-C).
    const { signal: clientGone } = runtimeOf(cmd);
    if (clientGone) clientGone.addEventListener("abort", () => controller.abort(), { once: true });
    else process.once("SIGINT", onSigint);
    const progress = progressReporter(io, Boolean(opts.json));
    let report: UpdateReport;
    try {
      report = await runUpdate(store, {
        config,
        only: opts.only,
        symbols: opts.symbol,
        constituents: opts.constituents,
        replace: opts.replace,
        signal: controller.signal,
        env: runtimeOf(cmd).env,
        onEvent: progress.onEvent,
      });
    } finally {
      progress.stop();
      process.removeListener("SIGINT", onSigint);
    }
    writeLastUpdate(store.path, summarizeUpdate(report, currentTime(runtimeOf(cmd).env), "update"));
    if (opts.json) io.out(JSON.stringify(report, null, 2));
    if (report.offline) {
      if (!opts.json) io.err(offlineMessage(report.storedUpTo));
      setExitCode(cmd, EXIT.network);
      return;
    }
    if (!opts.json) io.out(renderUpdateSummary(io, report));
    if (report.interrupted || report.items.some((i) => i.status === "failed")) setExitCode(cmd, EXIT.network);
  });
}
