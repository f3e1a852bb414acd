/**
 * The report as JSON: the document (every table cell and cited figure with its as-of date, window
 * and sources; charts described, not drawn) plus the snapshot it was built from, full series left
 * out. Schema "r2k.report/1".
 */
import type { Snapshot } from "../core/analytics/index.ts";
import type { Report } from "./types.ts";

/** A deep copy without `series` members (the chart data; figures stay). */
function withoutSeries(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(withoutSeries);
  if (x && typeof x === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(x)) if (k !== "series") out[k] = withoutSeries(v);
    return out;
  }
  return x;
}

export function reportJson(r: Report, snapshot: Snapshot): Record<string, unknown> {
  return {
    ...r,
    sections: r.sections.map((s) => ({
      ...s,
      blocks: s.blocks.map((b) => {
        if (b.kind !== "chart") return b;
        const { option: _option, ...rest } = b;
        return rest;
      }),
    })),
    snapshot: withoutSeries(snapshot),
  };
}

export function renderJson(r: Report, snapshot: Snapshot): string {
  return `${JSON.stringify(reportJson(r, snapshot), null, 2)}\n`;
}
