/**
 * What a FRED update does when fetched observations meet stored ones for the same dates: which
 * values the source revised, and whose values those were. FRED revises its own figures, so its
 * revisions replace stored FRED values; a differing value of another origin needs consent.
 * Pure: the caller reads the stored rows, then writes or asks for --replace.
 */
import type { Observation } from "../model/index.ts";

/** A stored observation as the comparison needs it: its value and the data source that wrote it. */
export interface StoredObservation {
  date: string;
  value: number;
  source: string;
}

export interface ObservationRevision {
  stored: StoredObservation;
  fetched: Observation;
}

export interface ObservationReconciliation {
  /** Fetched values that differ from the stored value of the same date, in the fetched order. */
  revisions: ObservationRevision[];
  /** Sources other than the fetching one among the revised rows, in order of first appearance. */
  foreignSources: string[];
}

/**
 * Relative difference below which two values are the same figure: FRED publishes a few
 * decimals, so anything larger is a real revision.
 */
const SAME = 1e-9;

export function reconcileObservations(
  stored: readonly StoredObservation[],
  fetched: readonly Observation[],
  source: string,
): ObservationReconciliation {
  const byDate = new Map(stored.map((s) => [s.date, s]));
  const revisions: ObservationRevision[] = [];
  for (const o of fetched) {
    const s = byDate.get(o.date);
    if (s !== undefined && Math.abs(s.value - o.value) > SAME * Math.max(Math.abs(s.value), Math.abs(o.value))) {
      revisions.push({ stored: s, fetched: o });
    }
  }
  const foreignSources = [...new Set(revisions.map((r) => r.stored.source).filter((src) => src !== source))];
  return { revisions, foreignSources };
}
