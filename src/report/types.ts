/**
 * The report document: what every renderer (HTML, PDF, Markdown, JSON) draws. Built once from a
 * snapshot and the store's status (build.ts); renderers only lay it out. Every number shown in a
 * table or cited by the narrative is a `Figure` with its provenance (as-of date, window, sources).
 */
import type { Figure } from "../core/analytics/index.ts";
import type { EChartsOption } from "../views/charts.ts";

export type { Figure };

/**
 * How a figure is written: "pct" unsigned percent of a fraction (volatility, shares), "pctSigned" a
 * change, "pp" a difference of fractions in percentage points, "rate" a value already in percent
 * (yields), "points" a difference of such values, "ratio" a multiple (1.25×), "money" dollars in short scale ($10.6M).
 */
export type FigureFormat = "pct" | "pctSigned" | "pp" | "num0" | "num2" | "num3" | "rate" | "points" | "ratio" | "level" | "percentile" | "days" | "money" | "ppAbs";

export interface Cell {
  text: string;
  /** The figure behind the text, with its provenance (absent for labels and dates). */
  figure?: Figure;
  /** Colour hint: positive or negative change. */
  sign?: "pos" | "neg";
  /** Right-align (numbers). */
  numeric?: boolean;
}

export interface TableBlock {
  kind: "table";
  id: string;
  caption: string;
  head: string[];
  rows: Cell[][];
  /** What the table rests on: union of its figures' sources, latest as-of. */
  asOf: string | null;
  sources: string[];
  note?: string;
  synthetic: boolean;
}

/** A chart: the builder's ECharts option (rendered server-side to SVG) and what it rests on. */
export interface ChartBlock {
  kind: "chart";
  id: string;
  caption: string;
  /** Size in CSS pixels. */
  width: number;
  height: number;
  option: EChartsOption;
  /** Points plotted (after thinning). */
  points: number;
  asOf: string | null;
  sources: string[];
  note?: string;
  synthetic: boolean;
}

export interface TextBlock {
  kind: "text";
  text: string;
}

/** Key figures as a short list ("label: value"), each with provenance. */
export interface FiguresBlock {
  kind: "figures";
  id: string;
  items: { label: string; cell: Cell }[];
  synthetic: boolean;
}

export interface UnavailableBlock {
  kind: "unavailable";
  what: string;
  reason: string;
  hint?: string;
}

export type Block = TableBlock | ChartBlock | TextBlock | FiguresBlock | UnavailableBlock;

/** A one-sentence result with the numbers of the notes that give its figures' provenance. */
export interface Finding {
  text: string;
  notes: number[];
}

export interface Section {
  id: string;
  title: string;
  /** The investor's question the section answers. */
  question: string;
  /** The section's one-line answer (null when its data is missing). */
  finding: Finding | null;
  blocks: Block[];
}

/** A numbered note: one cited figure and where it comes from. */
export interface Reference {
  n: number;
  label: string;
  /** The figure as written in the text. */
  value: string;
  asOf: string | null;
  window: { from: string; to: string } | null;
  sources: string[];
}

/** One figure a narrative sentence rests on. */
export interface Citation {
  key: string;
  label: string;
  text: string;
  figure: Figure;
}

export interface Sentence {
  rule: string;
  topic: string;
  text: string;
  cites: Citation[];
  /** Numbers of the notes that give the cited figures' provenance. */
  notes: number[];
  synthetic: boolean;
}

export interface SourceRow {
  id: string;
  name: string;
  kind: string;
  source: string;
  first: string | null;
  last: string | null;
  rows: number;
  synthetic: boolean;
}

export interface Report {
  schema: "r2k.report/1";
  title: string;
  /** The date the report describes: the window's last close (--asof, or the end common to the indices). */
  asOf: string;
  /** True when --asof was given: nothing after it was read. */
  asOfRequested: boolean;
  generatedAt: string;
  smallCap: string;
  benchmark: string;
  subjects: string[];
  /** The measured window: its closes and why ("common to ^RUT, ^GSPC, ^IXIC"). */
  window: { from: string | null; to: string | null; text: string };
  /** Return basis of every return figure. */
  basis: "price" | "total";
  basisNote: string;
  /** When stored prices or macro series lag the calendar: what and since when. */
  staleness: { message: string; expectedSession: string } | null;
  synthetic: boolean;
  syntheticNotice: string | null;
  summary: { title: string; sentences: Sentence[]; caveat: string; skipped: { rule: string; reason: string }[] };
  sections: Section[];
  sources: SourceRow[];
  /** Numbered notes cited by the findings. */
  references: Reference[];
  /** Data notes from the measurement (rows dropped, partial series). */
  notes: string[];
  caveat: string;
}
