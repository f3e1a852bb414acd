/**
 * `r2k check`: every invariant of a store and every stored block read (DuckDB verifies their
 * checksums), with what opening the store already repaired. The faults a kill mid-commit leaves
 * are repaired at every open; what only this full check finds is repaired when asked.
 */
import { damaged, findProblems, isDamagedBlockError, repairProblems, verifyBlocks, type IntegrityProblem } from "../store/integrity.ts";
import { Store, StoreDamagedError } from "../store/store.ts";

export interface CheckResult {
  path: string;
  /** Everything found wrong, in the order found: repaired at open, then by the full check. */
  problems: IntegrityProblem[];
  /** Rows read to verify the blocks (0 when the file could not be opened). */
  rowsRead: number;
}

export async function checkStore(path: string, opts: { repair?: boolean } = {}): Promise<CheckResult> {
  let store: Store;
  try {
    store = await Store.open(path);
  } catch (err) {
    if (err instanceof StoreDamagedError) return { path, problems: [err.problem], rowsRead: 0 };
    throw err;
  }
  try {
    return await checkOpenStore(store, opts);
  } finally {
    store.close();
  }
}

/** The full check of an open store (what opening it repaired, every invariant, every block). */
export async function checkOpenStore(store: Store, opts: { repair?: boolean } = {}): Promise<CheckResult> {
  const path = store.path;
  const problems = [...store.repairedAtOpen];
  let blocks: IntegrityProblem[] = [];
  let rowsRead = 0;
  try {
    const found = await findProblems(store);
    problems.push(...(opts.repair ? await repairProblems(store, found) : found));
    ({ problems: blocks, rowsRead } = await verifyBlocks(store));
  } catch (err) {
    // A block that fails its checksum can surface in any query, not only while verifying.
    if (!isDamagedBlockError(err)) throw err;
    blocks = [damaged(path, err as Error)];
  }
  return { path, problems: [...problems, ...blocks], rowsRead };
}
