import type { Command } from "commander";
import type { Figure, Measurement, Staleness, PairReport, Snapshot, SymbolReport } from "../../core/analytics/index.ts";
import { REFERENCE_CONVENTIONS } from "../../core/analytics/snapshot-options.ts";
import { AnalyticsInputError, DEFAULT_BENCHMARK, measureStore, stalenessOf } from "../../services/analytics.ts";
import { currentTime } from "../../services/clock.ts";
import { listSeries } from "../../store/read.ts";
import { type Io, withReadStore } from "../context.ts";
import { runtimeOf } from "../runtime.ts";
import { fundRoles } from "../funds.ts";
import { CliError, EXIT } from "../exit.ts";
import { DEMO_BANNER, fmtInt, fmtNum, fmtPct, fmtShare, paint, renderTable } from "../format.ts";

export interface AnalyzeOptions {
  from?: string;
  to?: string;
  span: "common" | "full";
  basis: "price" | "total";
  benchmark: string;
  json?: boolean;
  conventions: "r2k" | "reference";
  weekly?: "closes" | "labels";
}

const pct = (f: Figure | null | undefined, digits = 2) => fmtPct(f?.value ?? null, digits);
const num = (f: Figure | null | undefined, digits = 2) => fmtNum(f?.value ?? null, digits);
const share = (f: Figure | null | undefined, digits = 2) => fmtShare(f?.value ?? null, digits);

function reports(s: Snapshot, subjects: string[]): SymbolReport[] {
  return subjects.map((sym) => s.symbols.find((r) => r.symbol === sym)).filter((r): r is SymbolReport => !!r && r.available);
}

function pairOf(s: Snapshot, sym: string): PairReport | null {
  const p = s.pairs.find((x) => x.symbol === sym);
  return p && p.available ? p : null;
}

/** Metric rows x symbol columns: the side-by-side comparison. */
function summaryTable(io: Io, s: Snapshot, reps: SymbolReport[]): string {
  const horizons = reps[0]?.returns.map((r) => r.horizon) ?? [];
  const rows: (string | number)[][] = [];
  const row = (label: string, cell: (r: SymbolReport) => string) => rows.push([label, ...reps.map(cell)]);
  row("window", (r) => `${r.window.from}..${r.window.to}`);
  row("last close", (r) => num(r.lastClose));
  row("return basis", (r) => (r.basis === "total" ? "total return" : "price"));
  const onBasis = <T,>(r: SymbolReport, price: T, total: T | null | undefined): T => (r.basis === "total" && total ? total : price);
  for (const h of horizons) {
    row(`return ${h}`, (r) => {
      const x = r.returns.find((y) => y.horizon === h);
      return x ? pct(onBasis(r, x.price, x.total)) : "n/a";
    });
  }
  row("CAGR", (r) => pct(onBasis(r, r.cagr.price, r.cagr.total)));
  row("volatility (ann.)", (r) => share(r.risk.volatility));
  row("downside deviation", (r) => share(r.risk.downsideDeviation));
  row("Sharpe", (r) => `${num(r.risk.sharpe)}${r.risk.sharpe.riskFree ? ` (rf ${r.risk.sharpe.riskFree})` : " (rf 0)"}`);
  row("Sortino", (r) => num(r.risk.sortino));
  row("skewness", (r) => num(r.risk.skewness, 3));
  row("excess kurtosis", (r) => num(r.risk.excessKurtosis, 3));
  for (const t of reps[0]?.risk.tail ?? []) {
    const label = `${t.horizon} VaR / CVaR ${Math.round(t.confidence * 100)}%`;
    row(label, (r) => {
      const x = r.risk.tail.find((y) => y.horizon === t.horizon && y.confidence === t.confidence);
      return x ? `${share(x.valueAtRisk)} / ${share(x.conditionalValueAtRisk)}` : "n/a";
    });
  }
  row("max drawdown", (r) => `${pct(r.drawdowns.max)} (${r.drawdowns.max.peak ?? "?"} → ${r.drawdowns.max.trough ?? "?"})`);
  row("current drawdown", (r) => pct(r.drawdowns.current));
  const bench = s.request.benchmark;
  row(`beta vs ${bench}`, (r) => num(pairOf(s, r.symbol)?.beta, 3));
  row(`correlation vs ${bench}`, (r) => num(pairOf(s, r.symbol)?.correlation, 3));
  row(`volatility ratio vs ${bench}`, (r) => num(pairOf(s, r.symbol)?.volatilityRatio, 3));
  row(`monthly up / down capture`, (r) => {
    const p = pairOf(s, r.symbol);
    return p ? `${num(p.upCapture)} / ${num(p.downCapture)}` : "n/a";
  });
  return renderTable(io, ["", ...reps.map((r) => r.symbol)], rows);
}

function calendarTable(io: Io, reps: SymbolReport[]): string {
  const years = [...new Set(reps.flatMap((r) => r.calendarYears.rows.map((y) => y.year)))].sort((a, b) => a - b);
  const rows = years.map((year) => [
    String(year),
    ...reps.map((r) => {
      const y = r.calendarYears.rows.find((x) => x.year === year);
      if (!y || y.price === null) return "";
      return `${fmtPct(y.price, 1)}${y.partial ? "*" : ""}`;
    }),
  ]);
  return renderTable(io, ["year", ...reps.map((r) => r.symbol)], rows);
}

function episodesTable(io: Io, r: SymbolReport): string {
  return renderTable(
    io,
    ["#", "peak", "trough", "depth", "days to trough", "recovered", "days to recover"],
    r.drawdowns.top.map((e) => [
      e.rank,
      e.peak,
      e.trough,
      fmtPct(e.depth, 1),
      fmtInt(e.daysToTrough),
      e.recovery ?? "not recovered",
      e.daysToRecover === null ? "-" : fmtInt(e.daysToRecover),
    ]),
  );
}

function caseStudies(io: Io, s: Snapshot, subjects: string[]): string {
  const out: string[] = [];
  for (const c of s.caseStudies) {
    const rows = c.rows
      .filter((r) => subjects.includes(r.symbol))
      .map((r) =>
        r.available
          ? [
              r.symbol,
              r.peak ?? "",
              r.trough ?? "",
              pct(r.depth, 1),
              r.recovery ?? "not recovered",
              r.daysToRecover == null ? "-" : fmtInt(r.daysToRecover),
              ...(r.after ?? []).map((a) => pct(a.value, 1)),
            ]
          : [r.symbol, r.reason ?? "not available"],
      );
    const months = c.rows.find((r) => r.after)?.after?.map((a) => `+${a.months}m after trough`) ?? [];
    out.push(`${c.name} (${c.range.from}..${c.range.to}; months: ${c.monthMode})`);
    out.push(renderTable(io, ["", "peak", "trough", "depth", "recovered", "days to recover", ...months], rows));
  }
  return out.join("\n");
}

function horizonRisk(io: Io, reps: SymbolReport[]): string {
  const years = reps[0]?.risk.probabilityOfLoss.map((p) => p.years) ?? [];
  const loss = renderTable(
    io,
    ["probability of a loss", ...reps.map((r) => r.symbol)],
    years.map((y) => [
      `holding ${y} year${y > 1 ? "s" : ""}`,
      ...reps.map((r) => share(r.risk.probabilityOfLoss.find((p) => p.years === y)?.figure, 1)),
    ]),
  );
  const rolling = renderTable(
    io,
    ["rolling returns (annualized)", ...reps.map((r) => r.symbol)],
    (reps[0]?.rollingReturns ?? []).map((rr) => [
      `${rr.years}y: min / median / max`,
      ...reps.map((r) => {
        const x = r.rollingReturns.find((y) => y.years === rr.years);
        return x && x.windows > 0
          ? `${pct(x.annualizedMin, 1)} / ${pct(x.annualizedMedian, 1)} / ${pct(x.annualizedMax, 1)}, ${share(x.sharePositive, 0)} positive`
          : "n/a";
      }),
    ]),
  );
  return `${loss}\n${rolling}`;
}

function leadershipText(io: Io, s: Snapshot): string | null {
  const l = s.leadership;
  if (!l.available) return `leadership: ${l.reason}`;
  const lines = [
    `relative strength ${l.small}/${l.large}: latest ${num(l.ratio.latest, 4)} (as of ${l.ratio.latest.asOf}), change over the window ${pct(l.ratio.windowChange, 1)}, over 1 year ${pct(l.ratio.change1Y, 1)}; last ${Math.min(10, l.regimes.length)} of ${l.regimes.length} regimes by a ${Math.round(l.threshold * 100)}% zigzag on the ratio:`,
    renderTable(
      io,
      ["leader", "from", "to", "days", "ratio change", l.small, l.large],
      l.regimes.slice(-10).map((r) => [
        r.leader + (r.confirmed ? "" : " (open)"),
        r.from,
        r.to,
        fmtInt(r.days),
        fmtPct(r.ratioChange, 1),
        fmtPct(r.smallReturn, 1),
        fmtPct(r.largeReturn, 1),
      ]),
    ),
  ];
  return lines.join("\n");
}

function ratesText(io: Io, s: Snapshot): string {
  const r = s.rates;
  if (!r.available) return `rates and credit: ${r.reason}`;
  const out: string[] = [];
  if (r.sensitivity.available) {
    out.push(
      `${r.sensitivity.dependent}, regressed on weekly changes (${r.sensitivity.window.from}..${r.sensitivity.window.to}):`,
    );
    out.push(
      renderTable(
        io,
        ["series", "beta per pp", "t", "R²", "weeks"],
        r.sensitivity.rows.map((x) =>
          x.available ? [x.label, num(x.beta, 5), num(x.tStat, 2), num(x.rSquared, 4), fmtInt(x.n ?? 0)] : [x.label, x.reason ?? "n/a", "", "", ""],
        ),
      ),
    );
  } else out.push(`rate sensitivity: ${r.sensitivity.reason}`);
  if (r.policy.available) {
    out.push(`returns by Fed policy regime (${r.policy.source}; ${r.policy.rule}):`);
    out.push(
      renderTable(
        io,
        ["index", "regime", "days", "ann. return", "ann. volatility"],
        r.policy.byIndex.flatMap((b) =>
          b.rows.map((x) => [b.symbol, x.regime, fmtInt(x.days), pct(x.annualizedReturn, 1), pct(x.annualizedVolatility, 1)]),
        ),
      ),
    );
  } else out.push(`policy regimes: ${r.policy.reason}`);
  return out.join("\n");
}

/** The window line and the staleness warning every measured output starts with. */
export function windowLines(io: Io, m: Pick<Measurement, "window" | "basis">, stale: Staleness | null): string[] {
  const out = [paint(io, "bold", `Window: ${m.window.text}.`) + ` Returns: ${m.basis === "total" ? "total return where adjusted closes are stored (price elsewhere, marked)" : "price return (no dividends)"}.`];
  if (stale?.message) out.push(paint(io, "yellow", `! ${stale.message}`));
  return out;
}

export function renderSnapshot(io: Io, m: Measurement, subjects: string[], single: boolean, demo: boolean, stale: Staleness | null = null): string {
  const s = m.snapshot;
  const reps = reports(s, subjects);
  const out: string[] = [];
  if (demo) out.push(paint(io, "yellow", `! ${DEMO_BANNER}`));
  out.push(...windowLines(io, m, stale));
  for (const sym of subjects) {
    const r = s.symbols.find((x) => x.symbol === sym);
    if (r && !r.available) out.push(paint(io, "red", `${sym}: ${r.reason}`));
  }
  if (reps.length === 0) return out.join("\n");
  const heading = (t: string) => `\n${paint(io, "bold", t)}`;
  out.push(summaryTable(io, s, reps));
  out.push(`sources: ${[...new Set(reps.flatMap((r) => r.sources))].join(", ")}`);
  out.push(heading("Calendar-year price returns (* partial year)"));
  out.push(calendarTable(io, reps));
  for (const r of reps) {
    out.push(heading(`Largest drawdowns: ${r.symbol} (${r.drawdowns.episodes} episodes in the window)`));
    out.push(episodesTable(io, r));
  }
  out.push(heading("Case studies"));
  out.push(caseStudies(io, s, subjects));
  out.push(heading("Risk by holding period (overlapping windows of trading days)"));
  out.push(horizonRisk(io, reps));
  if (!single) {
    const l = leadershipText(io, s);
    if (l) out.push(heading("Leadership"), l);
    out.push(heading("Rates and credit"), ratesText(io, s));
  }
  const notes = new Set([...reps.flatMap((r) => r.notes), ...s.notes]);
  for (const n of notes) out.push(paint(io, "dim", `note: ${n}`));
  out.push(
    paint(
      io,
      "dim",
      `conventions: ${s.conventions.periodsPerYear} trading days a year, CAGR over ${s.conventions.calendarDaysPerYear}-day years, sample std (ddof 1); docs/analytics.md. Measurement only, not advice.`,
    ),
  );
  return out.join("\n");
}

/** `r2k analyze SYMBOL` (`single`) and `r2k compare SYMBOLS...`: measure, then print the figures or their JSON. */
export async function analyzeAction(cmd: Command, subjects: string[], opts: AnalyzeOptions, single: boolean): Promise<void> {
  await withReadStore(cmd, async (store, io) => {
    const stored = await listSeries(store);
    const have = new Map(stored.map((s) => [s.id, s]));
    const unknown = subjects.filter((s) => have.get(s)?.table !== "bars");
    if (unknown.length) {
      const known = stored.filter((s) => s.table === "bars" && s.kind !== "stock").map((s) => s.id);
      throw new CliError(
        `not stored: ${unknown.join(", ")} (stored: ${known.join(", ") || "nothing; import files or run `r2k demo`"})`,
        stored.length ? EXIT.usage : EXIT.noData,
      );
    }
    if (opts.benchmark !== DEFAULT_BENCHMARK && have.get(opts.benchmark)?.table !== "bars") {
      throw new CliError(`--benchmark: ${opts.benchmark} is not a stored price series`, stored.length ? EXIT.usage : EXIT.noData);
    }
    const funds = await fundRoles(cmd);
    let m: Measurement;
    try {
      m = await measureStore(store, {
        stored,
        // The valuation is in the JSON of compare only: the tables print none, and at a Russell
        // 3000's size of SEC filings it is most of the work.
        load: { tickerMap: funds.tickerMap, ...(opts.json && !single ? {} : { fundamentals: false }) },
        compared: subjects,
        from: opts.from,
        to: opts.to,
        mode: opts.span,
        basis: opts.basis,
        benchmark: opts.benchmark,
        options: {
          smallFund: funds.smallFund,
          capFunds: funds.capFunds,
          regionalBanks: ["KRE", funds.smallFund],
          conventions: {
            ...(opts.conventions === "reference" ? REFERENCE_CONVENTIONS : {}),
            ...(opts.weekly ? { weeklyWindow: opts.weekly } : {}),
          },
          sections: single ? { leadership: false, leadLag: false, rates: false, regionalBanks: false, composition: false, valuation: false, breadth: false, tracking: false } : undefined,
        },
      });
    } catch (err) {
      if (err instanceof AnalyticsInputError) throw new CliError(err.message, EXIT.usage);
      throw err;
    }
    const stale = stalenessOf(stored.filter((s) => m.window.series.includes(s.id)), currentTime(runtimeOf(cmd).env));
    const demo = subjects.some((s) => have.get(s)?.sources.includes("demo"));
    io.out(opts.json ? JSON.stringify({ ...m.snapshot, window: m.window, basis: m.basis, staleness: stale }, null, 2) : renderSnapshot(io, m, subjects, single, demo, stale));
  });
}
