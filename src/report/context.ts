/**
 * What every report section reads: the measurement, names, the small-cap index's report, the
 * fund pair compared for composition, and the note registry findings cite into.
 */
import type { CompositionReport, PairReport, Snapshot, SnapshotInputs, SymbolReport } from "../core/analytics/index.ts";
import { Citations } from "./citations.ts";
import { displayName } from "./comparison.ts";
import { formatValue } from "./format.ts";
import type { ReportData } from "./load.ts";
import type { Figure, FigureFormat, Finding } from "./types.ts";

/** What a known large-cap fund is, for the sentence naming the comparison. */
const LARGE_FUND_NAMES: Record<string, string> = { IWB: "the Russell 1000 fund", IVV: "the S&P 500 fund", SPY: "the S&P 500 fund" };

type FundComposition = CompositionReport["funds"][number];

export class ReportContext {
  readonly snapshot: Snapshot;
  readonly inputs: SnapshotInputs;
  readonly names: Map<string, string>;
  /** Available reports of the compared indices, in column order. */
  readonly reps: SymbolReport[];
  readonly small: SymbolReport | undefined;
  /** The small-cap fund the report describes (configuration `analysis.smallFund`). */
  readonly smallFund: string;
  readonly citations = new Citations();

  constructor(readonly data: ReportData) {
    this.smallFund = data.funds.smallFund;
    this.snapshot = data.measurement.snapshot;
    this.inputs = data.measurement.inputs;
    this.names = new Map(data.catalog.map((x) => [x.id, x.name]));
    this.reps = data.indices.map((sym) => this.rep(sym)).filter((r): r is SymbolReport => r !== undefined);
    this.small = this.reps.find((r) => r.symbol === data.smallCap);
  }

  name(id: string): string {
    return displayName(id, this.names);
  }

  /** "the Russell 2000" */
  the(id: string): string {
    const n = this.name(id);
    return /^(the |an? )/i.test(n) ? n : `the ${n}`;
  }

  rep(sym: string): SymbolReport | undefined {
    const r = this.snapshot.symbols.find((x) => x.symbol === sym);
    return r && r.available ? r : undefined;
  }

  pair(sym: string): PairReport | undefined {
    const p = this.snapshot.pairs.find((x) => x.symbol === sym);
    return p && p.available ? p : undefined;
  }

  bars(sym: string) {
    return this.inputs.bars.find((b) => b.symbol === sym);
  }

  get window() {
    return this.data.measurement.window;
  }

  get basisWord(): string {
    return this.data.measurement.basis === "total" ? "total return" : "price return";
  }

  /**
   * A figure written into a finding, with the number of the note that gives its provenance;
   * `abs` writes its magnitude (a fall of 59.9%, not of −59.9%).
   */
  cite(label: string, f: Figure | null | undefined, format: FigureFormat, digits?: number, abs = false): { text: string; note: number | null } {
    const v = f?.value ?? null;
    const text = formatValue(abs && v !== null ? Math.abs(v) : v, abs && format === "pctSigned" ? "pct" : abs && format === "pp" ? "ppAbs" : format, digits);
    if (!f || f.value === null) return { text, note: null };
    return { text, note: this.citations.cite(label, text, f) };
  }

  /** Builds a finding from a template whose `{n}` slots are filled by cited figures. */
  finding(parts: (string | { text: string; note: number | null })[]): Finding {
    const notes: number[] = [];
    const text = parts
      .map((p) => {
        if (typeof p === "string") return p;
        if (p.note !== null && !notes.includes(p.note)) notes.push(p.note);
        return p.text;
      })
      .join("");
    return { text, notes };
  }

  /**
   * The small-cap fund and the large-cap fund its composition is compared with: the first of the
   * configured large-cap funds that is stored (IWB, the Russell 1000 of the same index family,
   * else IVV); the report says which and how far apart their dates are.
   */
  fundPair(): { small: FundComposition; large: FundComposition | undefined; note: string | null } | null {
    const comp = this.snapshot.composition;
    if (!comp.available || !comp.funds.length) return null;
    const small = comp.funds.find((f) => f.fund === this.smallFund);
    if (!small) return null;
    const preferred = this.data.funds.largeFunds;
    const large = preferred.map((id) => comp.funds.find((f) => f.fund === id)).find((f) => f !== undefined);
    if (!large) return { small, large: undefined, note: null };
    const days = Math.round(Math.abs(Date.parse(large.asOf) - Date.parse(small.asOf)) / 86_400_000);
    const note = `${small.fund} holdings of ${small.asOf} against ${large.fund}, ${LARGE_FUND_NAMES[large.fund] ?? "the large-cap fund"}, of ${large.asOf}${days ? ` (${days} days apart)` : " (same day)"}${
      large.fund !== preferred[0] ? `; ${preferred[0]} holdings are not stored` : ""
    }.`;
    return { small, large, note };
  }
}
