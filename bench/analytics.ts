/**
 * Analytics benchmark (`npm run bench -- analytics`): the full snapshot (every metric: returns,
 * tables, risk, drawdowns, pairs, case studies, leadership, lead/lag, rates, composition,
 * tracking) for ^RUT, ^GSPC, ^IXIC and IWM over their whole history, warm, against
 * bench/analytics_pandas.py computing the same figures on the same files in the same run.
 * Targets: at least 5x faster than pandas and under 50 ms warm. Files are read once, outside
 * the timing, on both sides: here as `r2k analyze` reads them, imported with importPaths into an
 * in-memory store and loaded with loadSnapshotInputs.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type SnapshotInputs, type SymbolReport, snapshot } from "../src/core/analytics/index.ts";
import { loadSnapshotInputs } from "../src/services/analytics.ts";
import { importPaths } from "../src/services/import.ts";
import { Store } from "../src/store/index.ts";
import { REAL_DATA } from "../test/helpers/real-data.ts";

const HERE = fileURLToPath(new URL(".", import.meta.url));
const DATA = REAL_DATA;
const SYMBOLS = ["^RUT", "^GSPC", "^IXIC", "IWM"];
const MACRO = ["DFF", "DGS2", "DGS10", "BAMLH0A0HYM2", "FEDFUNDS", "USREC"];
const HOLDINGS = ["IWM_holdings_2026-05-05.csv", "IWB_holdings_2026-07-17.csv"];
const PYTHON = "/usr/bin/python3";

/** The files the pandas side reads, imported into an in-memory store and loaded back. */
async function loadInputs(): Promise<SnapshotInputs> {
  const store = await Store.open(":memory:");
  try {
    const files = [
      ...SYMBOLS.map((s) => join(DATA, "prices", `${s}.csv`)),
      ...MACRO.map((id) => join(DATA, "fred", `${id}.csv`)),
      ...HOLDINGS.map((f) => join(DATA, "holdings", f)),
    ];
    const failed = (await importPaths(store, files)).filter((r) => r.status !== "imported");
    if (failed.length) throw new Error(`import failed: ${failed.map((r) => `${r.file}: ${r.error?.message ?? r.status}`).join("; ")}`);
    return await loadSnapshotInputs(store, { symbols: SYMBOLS, macro: MACRO });
  } finally {
    store.close();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function benchAnalytics(): Promise<void> {
  if (!existsSync(DATA)) {
    console.log(`analytics: skipped, ${DATA} is absent`);
    return;
  }
  const inputs = await loadInputs();
  const run = () => snapshot(inputs);
  for (let i = 0; i < 10; i++) run(); // warm-up: JIT and caches
  const times: number[] = [];
  for (let i = 0; i < 30; i++) {
    const t0 = process.hrtime.bigint();
    run();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  const s = run();
  const ts = median(times);
  const rut = s.symbols.find((x) => x.symbol === "^RUT") as SymbolReport;
  const bytes = JSON.stringify(s).length;
  console.log(
    `r2k snapshot, ${SYMBOLS.join(" ")} whole history (+ DFF, DGS2, DGS10, HY spread, FEDFUNDS, USREC, IWM/IWB holdings): ` +
      `median ${ts.toFixed(1)} ms, best ${Math.min(...times).toFixed(1)} ms over ${times.length} warm runs; report ${(bytes / 1024).toFixed(0)} KB of JSON`,
  );

  const py = spawnSync(PYTHON, [join(HERE, "analytics_pandas.py"), DATA, "7"], { encoding: "utf8" });
  if (py.status !== 0) {
    console.log(`pandas baseline failed (${PYTHON}; apt-get install python3-pandas): ${py.stderr.trim().split("\n").slice(-3).join(" | ")}`);
    console.log(`target < 50 ms warm: ${ts < 50 ? "met" : "MISSED"}`);
    return;
  }
  const p = JSON.parse(py.stdout.trim().split("\n").pop() as string) as {
    median_ms: number;
    min_ms: number;
    iterations: number;
    pandas: string;
    numpy: string;
    check: Record<string, number>;
  };
  console.log(
    `pandas ${p.pandas} / numpy ${p.numpy}, same figures: median ${p.median_ms.toFixed(1)} ms, best ${p.min_ms.toFixed(1)} ms over ${p.iterations} warm runs`,
  );
  const ratio = p.median_ms / ts;
  console.log(
    `ratio pandas / r2k: ${ratio.toFixed(1)}x (target >= 5x: ${ratio >= 5 ? "met" : "MISSED"}); r2k under 50 ms warm: ${ts < 50 ? "met" : "MISSED"}`,
  );
  // The two sides agree on a few headline figures (a guard that they computed the same thing).
  const pair = s.pairs.find((x) => x.symbol === "^RUT");
  const iwm = s.tracking.find((t) => t.fund === "IWM");
  const ours: Record<string, number | null | undefined> = {
    "^RUT vol": rut.risk.volatility.value,
    "^RUT maxdd": rut.drawdowns.max.value,
    "^RUT episodes": rut.drawdowns.episodes,
    "^RUT beta": pair && pair.available ? pair.beta.value : null,
    "leadership regimes": s.leadership.available ? s.leadership.regimes.length : null,
    "IWM tracking error": iwm?.trackingError?.value,
  };
  const off = Object.entries(p.check).filter(([k, v]) => {
    const o = ours[k];
    return typeof o !== "number" || Math.abs(o - v) > 1e-9 * Math.max(1, Math.abs(v));
  });
  console.log(off.length ? `cross-check MISMATCH: ${off.map(([k, v]) => `${k} pandas ${v} r2k ${ours[k]}`).join("; ")}` : "cross-check: headline figures agree to 1e-9");
}

// Run directly: node --import tsx bench/analytics.ts
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await benchAnalytics();
