import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { r2kHome, type Store } from "../../store/index.ts";

/**
 * Progress of a `--constituents` run, saved after every symbol (write to a temp file, then
 * rename) so that an interrupted run (Ctrl-C, a crash, a lost connection) continues where it
 * stopped: a rerun skips the symbols in `done` while the fund's holdings date is the same
 * and the run has not completed. Failed symbols stay out of `done` and are retried.
 */
export interface ConstituentState {
  version: 1;
  fund: string;
  asOf: string | null;
  startedAt: string;
  completedAt: string | null;
  done: string[];
  failed: Record<string, string>;
}

/** Where a run over `store` keeps its resume file: `override`, else next to the store file. */
export function resumeStatePath(store: Store, override: string | undefined): string {
  if (override) return override;
  if (store.path === ":memory:") return join(r2kHome(), "constituents-state.json");
  return join(dirname(store.path), `${basename(store.path).replace(/\.duckdb$/, "")}.constituents.json`);
}

/**
 * The resume file of an interrupted --constituents run, or null when there is none. A file that
 * is not a resume file (corrupt, another version) is reported with `unreadable` so the run says
 * it starts over instead of silently forgetting what was done.
 */
export function readState(path: string): ConstituentState | { unreadable: string } | null {
  if (!existsSync(path)) return null;
  let s: ConstituentState;
  try {
    s = JSON.parse(readFileSync(path, "utf8")) as ConstituentState;
  } catch (err) {
    return { unreadable: `${path} is not valid JSON (${(err as Error).message.split("\n")[0]})` };
  }
  return s && s.version === 1 && Array.isArray(s.done) ? { ...s, failed: s.failed ?? {} } : { unreadable: `${path} is not an r2k resume file (version ${String(s?.version)})` };
}

export function writeState(path: string, state: ConstituentState): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, JSON.stringify(state, null, 1));
  renameSync(tmp, path);
}
