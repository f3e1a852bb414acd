/** Building blocks every report section uses: cells for derived figures, tables, charts, notes. */
import type { SeriesOut, Unit } from "../core/analytics/index.ts";
import * as charts from "../views/charts.ts";
import { thin } from "../views/series.ts";
import { derived, figureCell, isSynthetic, mergeProvenance } from "./format.ts";
import type { Block, Cell, ChartBlock, FigureFormat, TableBlock } from "./types.ts";

/** Points per plotted line (the report is read, not zoomed). */
export const MAX_POINTS = 700;
export const WIDE = { width: 760, height: 300 };
export const HALF = { width: 760, height: 260 };
/** Arial metrics: what ECharts' server-side text measurement assumes, so labels fit the space it reserves. */
const FONT = "Arial, Liberation Sans, Helvetica, sans-serif";
export const STYLE: charts.ChartStyle = { palette: charts.LIGHT_PALETTE, interactive: false, fontFamily: FONT };

export type Prov = { asOf: string | null; window: { from: string; to: string } | null; sources: string[] };

/** Provenance of a snapshot taken on one date (holdings). */
export const at = (asOf: string, sources: string[]): Prov => ({ asOf, window: { from: asOf, to: asOf }, sources });

/** A cell for a number the snapshot reports without provenance of its own (table rows). */
export function fx(value: number | null | undefined, unit: Unit, prov: Prov, format: FigureFormat, digits?: number): Cell {
  return figureCell(derived(value ?? null, unit, prov), format, digits);
}

export function table(id: string, caption: string, head: string[], rows: Cell[][], extra: { note?: string; prov?: Prov } = {}): TableBlock {
  const prov = extra.prov ?? mergeProvenance(rows.flat().map((c) => c.figure));
  return { kind: "table", id, caption, head, rows, asOf: prov.asOf, sources: prov.sources, note: extra.note, synthetic: isSynthetic(prov.sources) };
}

export function chart(id: string, caption: string, option: charts.EChartsOption, points: number, prov: { asOf: string | null; sources: string[] }, note?: string, size = WIDE): ChartBlock {
  return { kind: "chart", id, caption, ...size, option, points, asOf: prov.asOf, sources: [...new Set(prov.sources)].sort(), note, synthetic: isSynthetic(prov.sources) };
}

export const unavailable = (what: string, reason: string, hint?: string): Block => ({ kind: "unavailable", what, reason, hint });
export const text = (t: string): Block => ({ kind: "text", text: t });

export function line(name: string, s: SeriesOut): charts.TimeLine {
  const t = thin(s, MAX_POINTS);
  return { name, dates: t.dates, values: t.values };
}

export const latestDate = (dates: string[]) => (dates.length ? dates[dates.length - 1] : null);

/** "2 years 3 months", "5 months", "18 days": a span of calendar days in words. */
export function duration(days: number): string {
  if (days < 45) return `${days} day${days === 1 ? "" : "s"}`;
  const months = Math.round(days / 30.44);
  const y = Math.floor(months / 12);
  const m = months - y * 12;
  const parts = [y ? `${y} year${y > 1 ? "s" : ""}` : "", m ? `${m} month${m > 1 ? "s" : ""}` : ""].filter(Boolean);
  return parts.join(" ") || "less than a month";
}
