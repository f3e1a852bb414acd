/**
 * What a computed value rests on: the union of every `sources` list inside it, the latest
 * `asOf`, and the span of every `window`. One walker for the server's response envelope and the
 * dashboard's card footers. Arrays of plain values (chart series) are not walked into.
 */
export interface Rests {
  asOf: string | null;
  sources: string[];
  /** Earliest window start and latest window end found, or null. */
  from: string | null;
  to: string | null;
}

const MAX_DEPTH = 12;

const isSpan = (v: unknown): v is { from: string; to: string } =>
  v !== null && typeof v === "object" && "from" in v && "to" in v && typeof v.from === "string" && typeof v.to === "string";

export function provenanceOf(value: unknown): Rests {
  const sources = new Set<string>();
  let asOf: string | null = null;
  let from: string | null = null;
  let to: string | null = null;
  const walk = (x: unknown, depth: number) => {
    if (depth > MAX_DEPTH || x === null || typeof x !== "object") return;
    if (Array.isArray(x)) {
      if (x.length > 0 && typeof x[0] !== "object") return;
      for (const v of x) walk(v, depth + 1);
      return;
    }
    for (const [k, v] of Object.entries(x)) {
      if (k === "sources" && Array.isArray(v)) for (const s of v) sources.add(String(s));
      else if (k === "asOf" && typeof v === "string") {
        if (asOf === null || v > asOf) asOf = v;
      } else if (k === "window" && isSpan(v)) {
        if (from === null || v.from < from) from = v.from;
        if (to === null || v.to > to) to = v.to;
      } else walk(v, depth + 1);
    }
  };
  walk(value, 0);
  return { asOf, sources: [...sources].sort(), from, to };
}
