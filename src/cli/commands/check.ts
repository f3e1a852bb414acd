import { existsSync } from "node:fs";
import type { Command } from "commander";
import { checkOpenStore, checkStore, type CheckResult } from "../../services/check.ts";
import { UNREPAIRABLE } from "../../store/integrity.ts";
import { dbPath, demoDbPath, globalOptions, handOverIfOwned, ioOf, repairWords, type Io } from "../context.ts";
import { runtimeOf, setExitCode } from "../runtime.ts";
import { CliError, EXIT } from "../exit.ts";
import { fmtInt, paint } from "../format.ts";

export interface CheckOptions {
  repair?: boolean;
  json?: boolean;
}

function render(io: Io, r: CheckResult): string {
  const lines = [`store: ${r.path}`];
  if (r.problems.length === 0) {
    lines.push(paint(io, "green", `sound: every invariant holds; ${fmtInt(r.rowsRead)} rows read back, every block's checksum verified`));
    return lines.join("\n");
  }
  lines.push(paint(io, "red", `${r.problems.length} fault${r.problems.length === 1 ? "" : "s"} found:`));
  for (const p of r.problems) {
    lines.push(`  - ${p.message}: ${p.repaired || UNREPAIRABLE.includes(p.kind) ? repairWords(p.kind) : "not repaired (r2k check --repair repairs it)"}`);
  }
  if (!r.problems.some((p) => p.kind === "damaged")) lines.push(`${fmtInt(r.rowsRead)} rows read back, every block's checksum verified`);
  return lines.join("\n");
}

/** `r2k check`: the full integrity check of the user's store (or the demo store with --demo). */
export async function checkAction(opts: CheckOptions, cmd: Command): Promise<void> {
  const path = globalOptions(cmd).demo ? demoDbPath(cmd) : dbPath(cmd);
  handOverIfOwned(cmd, [path]);
  const io = ioOf(cmd);
  if (path !== ":memory:" && !existsSync(path)) throw new CliError(`no store at ${path}: nothing to check`, EXIT.noData);
  const repair = opts.repair === true;
  const host = runtimeOf(cmd).host;
  let result: CheckResult;
  if (host) {
    // In the server that holds the file: checked through a connection of its own.
    const loan = await host.borrow(path, undefined, repair ? "write" : "read");
    try {
      result = await checkOpenStore(loan.store, { repair });
    } finally {
      loan.release();
    }
  } else result = await checkStore(path, { repair });
  io.out(opts.json ? JSON.stringify(result, null, 2) : render(io, result));
  if (result.problems.length > 0) setExitCode(cmd, EXIT.damaged);
}
