/** Index a company ends up in, as far as the 1000/2000/3000 boundaries go. */
export type SizeIndex = "1000" | "2000" | "out";

export type IndexName = "r3000e" | "r3000" | "r1000" | "r2000" | "microcap";
export const INDEX_NAMES: readonly IndexName[] = ["r3000e", "r3000", "r1000", "r2000", "microcap"];

export const INDEX_LABELS: Record<IndexName, string> = {
  r3000e: "Russell 3000E",
  r3000: "Russell 3000",
  r1000: "Russell 1000",
  r2000: "Russell 2000",
  microcap: "Russell Microcap",
};

/** Input the engine cannot work with (duplicate ids, non-finite numbers, bad options). */
export class IndexEngineError extends Error {
  override name = "IndexEngineError";
}
