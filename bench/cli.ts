/**
 * CLI benchmark (`npm run bench -- cli`): whole processes, as a user starts them: `r2k --help`,
 * `r2k status` and `r2k compare ^RUT ^GSPC ^IXIC --json` on a store holding the real files
 * (prices, FRED series, holdings), alternated with the pandas script computing the same kind of
 * figures from the same files once (bench/analytics_pandas.py with 0 iterations: read, compute,
 * exit). Every round runs each command once, in turn, so a busy moment of the machine hits all of
 * them alike; the medians and the median of the per-round compare / pandas ratios are printed.
 * Targets: --help at most 0.15 s, status at most 0.3 s, compare at most 0.5x the pandas script.
 *
 * R2K_BENCH_BIN runs another entry point than bin/r2k.js (e.g. a compiled build);
 * R2K_BENCH_ROUNDS sets the rounds (default 9); R2K_BENCH_NODES (paths separated by ":") times
 * r2k under other Node binaries too, in the same rounds, each with its own ratio to pandas (Node 24
 * LTS: `npx -y -p node@24 -- sh -c 'which node'` prints one).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { REAL_DATA, REPO_ROOT, realFile } from "../test/helpers/real-data.ts";

const HERE = fileURLToPath(new URL(".", import.meta.url));
const PYTHON = "/usr/bin/python3";
const BIN = resolve(process.env.R2K_BENCH_BIN ?? join(REPO_ROOT, "bin", "r2k.js"));
const ROUNDS = Number(process.env.R2K_BENCH_ROUNDS ?? 9);

interface Timed {
  label: string;
  argv: string[];
  target?: { seconds?: number; ratio?: number };
  times: number[];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Seconds from spawn to exit; a failure stops the benchmark (a timing of an error is no timing). */
function run(argv: string[], env: NodeJS.ProcessEnv): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(argv[0], argv.slice(1), { env, stdio: ["ignore", "ignore", "pipe"], encoding: "utf8", timeout: 120_000 });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`${argv.join(" ")} exited ${r.status}: ${r.stderr.trim().split("\n").slice(-3).join(" | ")}`);
  return seconds;
}

export async function benchCli(): Promise<void> {
  if (!existsSync(REAL_DATA)) {
    console.log(`cli: skipped, ${REAL_DATA} is absent`);
    return;
  }
  const home = mkdtempSync(join(tmpdir(), "r2k-bench-cli-"));
  const env = { ...process.env, R2K_HOME: home, NO_COLOR: "1" };
  try {
    const files = [realFile("prices"), realFile("fred"), realFile("holdings")];
    run([process.execPath, BIN, "import", ...files], env);
    const nodes = [process.execPath, ...(process.env.R2K_BENCH_NODES ?? "").split(":").filter(Boolean)];
    const versions = nodes.map((node) => {
      const v = spawnSync(node, ["--version"], { encoding: "utf8" });
      if (v.status !== 0) throw new Error(`R2K_BENCH_NODES: ${node} does not run (${v.error?.message ?? v.stderr.trim()})`);
      return v.stdout.trim();
    });
    const perNode = nodes.map((node, n) => {
      const r2k = (...args: string[]) => [node, BIN, ...args];
      const on = nodes.length > 1 ? `, node ${versions[n]}` : "";
      return [
        { label: `r2k --help${on}`, argv: r2k("--help"), target: { seconds: 0.15 }, times: [] },
        { label: `r2k status${on}`, argv: r2k("status"), target: { seconds: 0.3 }, times: [] },
        { label: `r2k compare ^RUT ^GSPC ^IXIC --json${on}`, argv: r2k("compare", "^RUT", "^GSPC", "^IXIC", "--json"), target: { ratio: 0.5 }, times: [] },
      ] as Timed[];
    });
    const commands = perNode.flat();
    const pandas: Timed = { label: "pandas script, same files, one pass", argv: [PYTHON, join(HERE, "analytics_pandas.py"), REAL_DATA, "0"], times: [] };
    const probe = spawnSync(PYTHON, ["-c", "import pandas, numpy; print(pandas.__version__, numpy.__version__)"], { encoding: "utf8" });
    const havePandas = probe.status === 0;
    if (!havePandas) console.log(`pandas baseline unavailable (${PYTHON} with pandas; Debian: apt-get install python3-pandas): timing r2k alone`);
    const all = havePandas ? [...commands, pandas] : commands;

    const tsx = readFileSync(BIN, "utf8").includes("tsx");
    console.log(
      `whole processes, ${ROUNDS} alternated rounds after one warm-up round; ${relative(process.cwd(), BIN) || BIN}` +
        `${tsx ? " (TypeScript through tsx)" : ""} on node ${versions.join(" and ")}; store: ${relative(process.cwd(), REAL_DATA)} prices, fred, holdings imported` +
        (havePandas ? `; pandas ${probe.stdout.trim().replace(" ", " / numpy ")}` : ""),
    );
    for (const c of all) run(c.argv, env); // warm-up: file caches, DuckDB's first open
    for (let round = 0; round < ROUNDS; round++) for (const c of all) c.times.push(run(c.argv, env));

    const base = havePandas ? median(pandas.times) : null;
    const width = Math.max(...all.map((c) => c.label.length));
    for (const c of all) {
      const m = median(c.times);
      let verdict = "";
      if (c.target?.seconds !== undefined) verdict = `target <= ${c.target.seconds} s: ${m <= c.target.seconds ? "met" : "MISSED"}`;
      console.log(`  ${c.label.padEnd(width)} median ${m.toFixed(3)} s, best ${Math.min(...c.times).toFixed(3)} s  ${verdict}`);
    }
    if (base !== null) {
      perNode.forEach((cmds, n) => {
        const compare = cmds[2];
        const ratio = median(compare.times) / base;
        const perRound = median(compare.times.map((t, i) => t / pandas.times[i]));
        const target = compare.target?.ratio as number;
        console.log(
          `ratio compare / pandas${nodes.length > 1 ? ` on node ${versions[n]}` : ""}: ${ratio.toFixed(2)}x of the medians, ${perRound.toFixed(2)}x the median of the per-round ratios ` +
            `(target <= ${target}x: ${Math.max(ratio, perRound) <= target ? "met" : "MISSED"})`,
        );
      });
    }
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

// Run directly: node --import tsx bench/cli.ts
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await benchCli();
