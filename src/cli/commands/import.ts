import type { Command } from "commander";
import { SingleBar, Presets } from "cli-progress";
import { basename } from "node:path";
import { importPaths, type FileImportResult, type ImportProgress } from "../../services/import.ts";
import { parseMapOption, type FileFormat } from "../../sources/files/detect.ts";
import { withUserStore, type Io } from "../context.ts";
import { CliError, EXIT } from "../exit.ts";
import { fmtInt, paint, renderTable } from "../format.ts";
import { resolvePath, setExitCode } from "../runtime.ts";

/** Files above this size get a progress bar on a terminal. */
const PROGRESS_BYTES = 4 * 1024 * 1024;

function progressReporter(io: Io): (e: ImportProgress) => void {
  let bar: SingleBar | null = null;
  return (e) => {
    if (e.totalBytes < PROGRESS_BYTES) return;
    if (!io.errTTY) {
      if (e.phase !== "hashing") io.err(`  ${basename(e.file)}: ${e.phase}`);
      return;
    }
    if (!bar) {
      bar = new SingleBar(
        { format: `  {file} [{bar}] {percentage}% {phase}`, hideCursor: true, clearOnComplete: true, stream: io.progress },
        Presets.shades_classic,
      );
      bar.start(100, 0, { file: basename(e.file), phase: "hashing" });
    }
    // Hashing is the first 40% of the work; reading/validating and merging the rest.
    const value = e.phase === "hashing" ? (40 * (e.bytes ?? 0)) / e.totalBytes : e.phase === "reading" ? 45 : e.phase === "merging" ? 85 : 100;
    bar.update(value, { phase: e.phase });
    if (e.phase === "done") {
      bar.stop();
      bar = null;
    }
  };
}

export function summaryTable(io: Io, results: FileImportResult[]): string {
  const rows = results.map((r) => [
    basename(r.file),
    r.format,
    // A long-format file can name hundreds of symbols: the first few and how many more (--json lists all).
    (r.series.length > 4 ? `${r.series.slice(0, 3).join(" ")} +${fmtInt(r.series.length - 3)} more` : r.series.join(" ")) || "-",
    r.status === "rejected" ? paint(io, "red", "rejected") : r.status === "unchanged" ? "no change" : "imported",
    fmtInt(r.added),
    fmtInt(r.updated),
    fmtInt(r.unchanged),
    fmtInt(r.skipped),
    r.firstDate ? `${r.firstDate} .. ${r.lastDate}` : "-",
  ]);
  return renderTable(io, ["file", "format", "series", "status", "added", "updated", "unchanged", "skipped", "dates"], rows);
}

export interface ImportOptions {
  format?: FileFormat;
  symbol?: string;
  map?: string;
  replace?: boolean;
  json?: boolean;
}

/** `r2k import PATHS...`: each file in its own transaction, then the summary table or JSON. */
export async function importAction(paths: string[], opts: ImportOptions, cmd: Command): Promise<void> {
  let map: Record<string, string> | undefined;
  try {
    map = opts.map ? parseMapOption(opts.map) : undefined;
  } catch (err) {
    throw new CliError((err as Error).message, EXIT.usage);
  }
  await withUserStore(cmd, async (store, io) => {
    const results = await importPaths(
      store,
      paths.map((p) => resolvePath(cmd, p)),
      { format: opts.format, symbol: opts.symbol, map, replace: opts.replace, onProgress: opts.json ? undefined : progressReporter(io) },
      (r) => {
        if (r.error && !opts.json) io.err(`${paint(io, "red", "rejected")} ${r.error.message}`);
      },
    );
    if (opts.json) io.out(JSON.stringify(results, null, 2));
    else {
      io.out(summaryTable(io, results));
      for (const r of results) {
        if (r.status === "unchanged" && r.previousImports.length > 0) {
          io.out(`${basename(r.file)}: same content as import #${r.previousImports.join(", #")}; nothing changed`);
        }
      }
    }
    if (results.some((r) => r.error?.kind === "input")) setExitCode(cmd, EXIT.invalidInput);
    else if (results.some((r) => r.error?.kind === "conflict")) setExitCode(cmd, EXIT.conflict);
  });
}
