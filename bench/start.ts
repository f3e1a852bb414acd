/**
 * `npm run bench -- start`: `r2k start` as a user runs it after `npm ci` (the compiled build,
 * bin/r2k.js), from launch to the dashboard's URL on stdout, offline (R2K_OFFLINE, so that a
 * machine with a network measures the same path as one without). Each round uses a fresh R2K_HOME:
 * - first start: the user's store is created empty, the demo market generated into its own file,
 *   status and summary printed, the server started;
 * - later starts: the same R2K_HOME again (the demo store is there).
 * `npm ci` builds dist/ (with the dashboard bundle), so building is not part of a start; the bench
 * builds first when dist/ does not match the sources. Rounds alternate first and later starts so
 * the machine's other load hits both alike. Targets: first start within 8 s, later within 1.5 s.
 * R2K_BENCH_ROUNDS sets the rounds (default 5).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildIfStale, REPO_ROOT } from "../scripts/build-hash.mjs";
import { median } from "./median.ts";

const BIN = join(REPO_ROOT, "bin", "r2k.js");
const ROUNDS = Number(process.env.R2K_BENCH_ROUNDS ?? 5);
const LATER_PER_ROUND = 2;

/** Seconds from launching `r2k start` until it prints the dashboard URL; the process is then stopped and awaited. */
function startToUrl(home: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, [BIN, "start", "--port", "0"], {
      env: { ...process.env, R2K_HOME: home, R2K_OFFLINE: "1", NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    let seconds: number | null = null;
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      if (seconds === null && /r2k dashboard: http/.test(out)) {
        seconds = Number(process.hrtime.bigint() - t0) / 1e9;
        child.kill("SIGINT");
      }
    });
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("exit", (code) => {
      if (seconds !== null) resolve(seconds);
      else reject(new Error(`r2k start exited (${code}) before printing its URL:\n${err.slice(-2000)}`));
    });
  });
}

export async function benchStart(): Promise<void> {
  if (!buildIfStale("dist/ does not match the sources: building it (as npm ci does)")) throw new Error("the build failed");
  console.log(`bin/r2k.js start --port 0, offline, ${ROUNDS} rounds of one first start (fresh R2K_HOME) and ${LATER_PER_ROUND} later starts`);
  const first: number[] = [];
  const later: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const home = mkdtempSync(join(tmpdir(), "r2k-bench-start-"));
    try {
      first.push(await startToUrl(home));
      for (let j = 0; j < LATER_PER_ROUND; j++) later.push(await startToUrl(home));
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
    console.log(`  round ${i + 1}/${ROUNDS}: first ${first.at(-1)!.toFixed(2)} s, later ${later.slice(-LATER_PER_ROUND).map((s) => s.toFixed(2)).join(" s, ")} s`);
  }
  const verdict = (m: number, target: number) => `target <= ${target} s: ${m <= target ? "met" : "MISSED"}`;
  console.log(`  first start (demo generated and stored) to URL: median ${median(first).toFixed(2)} s, max ${Math.max(...first).toFixed(2)} s  ${verdict(median(first), 8)}`);
  console.log(`  later start to URL: median ${median(later).toFixed(2)} s, max ${Math.max(...later).toFixed(2)} s  ${verdict(median(later), 1.5)}`);
}
