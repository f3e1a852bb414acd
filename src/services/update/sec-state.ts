import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { r2kHome, type Store } from "../../store/index.ts";

/**
 * What `r2k update` has asked SEC EDGAR and when (ISO days), kept next to the store so that a
 * rerun asks only what may have changed and an interrupted run resumes: frames asked, the ticker
 * map, and each company's own documents asked for a concept the frames missed (or a company
 * that had no XBRL facts).
 */
export interface SecState {
  version: 1;
  tickerMap: string | null;
  /** Frame path ("us-gaap/NetIncomeLoss/USD/CY2025Q3") -> the day it was last asked. */
  frames: Record<string, string>;
  /** "CIK/concept" (or "CIK" for a company without facts) -> the day its own documents were last asked. */
  asked: Record<string, string>;
}

export const emptySecState = (): SecState => ({ version: 1, tickerMap: null, frames: {}, asked: {} });

/** The state file of `store`: beside the store file (r2k.duckdb -> r2k.sec.json). */
export function secStatePath(store: Store): string {
  if (store.path === ":memory:") return join(r2kHome(), "sec-state.json");
  return join(dirname(store.path), `${basename(store.path).replace(/\.duckdb$/, "")}.sec.json`);
}

/** The saved state, or an empty one with why when the file is not one (the run then asks everything again). */
export function readSecState(path: string): { state: SecState; unreadable?: string } {
  if (!existsSync(path)) return { state: emptySecState() };
  try {
    const s = JSON.parse(readFileSync(path, "utf8")) as SecState;
    if (s?.version === 1 && typeof s.frames === "object" && typeof s.asked === "object") return { state: { ...emptySecState(), ...s } };
    return { state: emptySecState(), unreadable: `${path} is not an r2k SEC state file (version ${String(s?.version)})` };
  } catch (err) {
    return { state: emptySecState(), unreadable: `${path} is not valid JSON (${(err as Error).message.split("\n")[0]})` };
  }
}

/** Writes the state whole (a temp file, then a rename: a kill leaves the old or the new file). */
export function writeSecState(path: string, state: SecState): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, JSON.stringify(state));
  renameSync(tmp, path);
}
