/**
 * One measurement path for every face: resolve the window over the compared series (the
 * window rule), cut every input at its end (no look-ahead), and run the snapshot over it with
 * the return basis asked for. The CLI, the API and the report all call this, so the same
 * labelled figure is the same number everywhere.
 */
import { snapshot } from "./snapshot.ts";
import type { Snapshot } from "./snapshot.ts";
import type { SnapshotInputs } from "./snapshot-inputs.ts";
import type { SnapshotOptions } from "./snapshot-options.ts";
import { clipInputs, resolveWindow, type ResolvedWindow, type WindowRequest } from "./window.ts";

export type ReturnBasis = "price" | "total";

/** The default return basis: price, because the stored indices are price indices. */
export const DEFAULT_BASIS: ReturnBasis = "price";

export interface MeasureRequest extends WindowRequest {
  /** The series compared side by side: with the benchmark, they define the window. */
  compared: string[];
  /** Series also reported (ETFs, funds), over the window cut to their own span. */
  alsoReported?: string[];
  /** Benchmark of beta, correlation and capture (default ^GSPC when given in the inputs). */
  benchmark?: string;
  /** Price (default) or total return, where adjusted closes exist. */
  basis?: ReturnBasis;
  /** Everything else the snapshot takes. */
  options?: Omit<SnapshotOptions, "from" | "to" | "subjects" | "benchmark">;
}

export interface Measurement {
  window: ResolvedWindow;
  basis: ReturnBasis;
  snapshot: Snapshot;
  /** The inputs as the snapshot saw them (cut at the window's end). */
  inputs: SnapshotInputs;
}

export function measure(inputs: SnapshotInputs, req: MeasureRequest): Measurement {
  const bars = new Map(inputs.bars.map((b) => [b.symbol, b]));
  const benchmark = req.benchmark ?? "^GSPC";
  const windowIds = [...new Set([...req.compared, ...(bars.has(benchmark) ? [benchmark] : [])])];
  const missing = windowIds.filter((id) => !bars.has(id));
  if (missing.length) throw new RangeError(`no price history in the inputs for ${missing.join(", ")}`);
  const window = resolveWindow(
    windowIds.map((id) => ({ id, dates: bars.get(id)!.dates })),
    { from: req.from, to: req.to, mode: req.mode },
  );
  const clipped = window.to === undefined ? inputs : clipInputs(inputs, window.to, window.strictEnd);
  const basis = req.basis ?? DEFAULT_BASIS;
  const subjects = [...new Set([...req.compared, ...(req.alsoReported ?? [])])].filter((id) => clipped.bars.some((b) => b.symbol === id));
  const options = req.options ?? {};
  // Holdings dated after a chosen end are not used: say so rather than "none stored".
  const later = (inputs.holdings ?? []).filter((h) => !(clipped.holdings ?? []).includes(h));
  const holdingsReason =
    later.length && !(clipped.holdings ?? []).length
      ? `no holdings snapshot dated on or before ${window.to} (the stored ones, ${later.map((h) => `${h.fund} ${h.asOf}`).join(", ")}, are later and not used)`
      : undefined;
  const snap = snapshot(clipped, {
    ...options,
    ...(holdingsReason ? { noHoldingsReason: holdingsReason } : {}),
    from: window.from,
    to: window.to,
    subjects,
    benchmark,
    conventions: { ...options.conventions, returnBasis: basis },
  });
  return { window, basis, snapshot: snap, inputs: clipped };
}
