/**
 * Numbered notes: the provenance of every figure a finding cites, collected once and listed at
 * the end of the report, so the findings read as sentences and each still names its data.
 */
import type { Figure } from "../core/analytics/index.ts";
import type { Reference } from "./types.ts";

export class Citations {
  private readonly refs: Reference[] = [];
  private readonly byKey = new Map<string, number>();

  /** The note number of a figure (the same figure cited twice gets one note). */
  cite(label: string, text: string, figure: Pick<Figure, "asOf" | "window" | "sources">): number {
    const key = `${label}|${text}|${figure.window?.from ?? ""}|${figure.window?.to ?? ""}|${figure.asOf ?? ""}`;
    const hit = this.byKey.get(key);
    if (hit !== undefined) return hit;
    const n = this.refs.length + 1;
    this.refs.push({ n, label, value: text, asOf: figure.asOf, window: figure.window, sources: [...figure.sources] });
    this.byKey.set(key, n);
    return n;
  }

  all(): Reference[] {
    return [...this.refs];
  }
}

/** "closes 2023-08-02 to 2024-08-02; ^RUT (yahoo)": a note's provenance in words. */
export function referenceText(r: Pick<Reference, "asOf" | "window" | "sources">): string {
  const parts: string[] = [];
  if (r.window && r.window.from !== r.window.to) parts.push(`${r.window.from} to ${r.window.to}`);
  else if (r.asOf) parts.push(`as of ${r.asOf}`);
  if (r.sources.length) parts.push(sourcesText(r.sources));
  return parts.join("; ");
}

/** "^RUT:yahoo", "^GSPC:yahoo", "DFF:fred" -> "^RUT, ^GSPC (yahoo); DFF (fred)". */
export function sourcesText(sources: readonly string[]): string {
  const bySource = new Map<string, string[]>();
  for (const s of sources) {
    const i = s.lastIndexOf(":");
    const id = i > 0 ? s.slice(0, i) : s;
    const src = i > 0 ? s.slice(i + 1) : "";
    const ids = bySource.get(src) ?? [];
    if (!ids.includes(id)) ids.push(id);
    bySource.set(src, ids);
  }
  return [...bySource].map(([src, ids]) => `${ids.join(", ")}${src ? ` (${src === "demo" ? "synthetic demo" : src})` : ""}`).join("; ");
}
