import { dayToIso } from "../../model/dates.ts";

/** Inclusive date span, ISO dates. */
export interface DateWindow {
  from: string;
  to: string;
}

/** Where a number comes from: the data's last date, the span it was computed on, the stored series. */
export interface Provenance {
  /** Last date of data behind the figure (a holdings as-of date for composition figures). */
  asOf: string | null;
  /** Dates of the first and last observation used (for return figures: base close .. end close). */
  window: DateWindow | null;
  /** Stored series behind the figure, as "SERIES:source" (e.g. "^RUT:yahoo", "DFF:fred"). */
  sources: string[];
}

export type Unit = "fraction" | "ratio" | "count" | "days" | "sessions" | "level" | "percent-points" | "currency" | "correlation";

/**
 * One reported number with its provenance. `value` is never NaN or infinite: when a figure is
 * not defined for the data (too short, no variation, before the data) it is null and `reason`
 * says why.
 */
export interface Figure extends Provenance {
  value: number | null;
  unit: Unit;
  reason?: string;
}

/** A section or figure that could not be computed, and why. */
export interface Unavailable {
  available: false;
  reason: string;
}

export function figure(value: number, unit: Unit, prov: Provenance, reason?: string): Figure {
  // + 0 turns -0 (e.g. minus a zero quantile) into 0, which JSON cannot tell apart anyway.
  if (Number.isFinite(value)) return { value: value + 0, unit, asOf: prov.asOf, window: prov.window, sources: prov.sources };
  return {
    value: null,
    unit,
    asOf: prov.asOf,
    window: prov.window,
    sources: prov.sources,
    reason: reason ?? (Number.isNaN(value) ? "not defined for this data" : `not finite (${value})`),
  };
}

/** A figure that could not be computed at all. */
export function missing(unit: Unit, prov: Provenance, reason: string): Figure {
  return { value: null, unit, asOf: prov.asOf, window: prov.window, sources: prov.sources, reason };
}

/** Provenance for data spanning day numbers first..last. */
export function span(first: number, last: number, sources: string[]): Provenance {
  return { asOf: dayToIso(last), window: { from: dayToIso(first), to: dayToIso(last) }, sources };
}

/** NaN/infinite to null, for table cells (the table carries the provenance). */
export function cell(x: number): number | null {
  return Number.isFinite(x) ? x + 0 : null;
}
