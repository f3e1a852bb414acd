import { spawnSync } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { DuckDBInstance } from "@duckdb/node-api";
import { importFile, importPaths } from "../src/services/import.ts";
import { Store } from "../src/store/index.ts";
import { REAL_DATA } from "../test/helpers/real-data.ts";
import { median } from "./median.ts";

const OUT = new URL("./out/", import.meta.url).pathname;
const THIS_FILE = fileURLToPath(import.meta.url);

/** A long-format Yahoo CSV (Date,Ticker,Open,High,Low,Close,Adj Close,Volume): symbols x business days. */
async function generate(path: string, symbols: number, days: number): Promise<number> {
  const out = createWriteStream(path);
  const write = (s: string) => (out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once("drain", () => r())));
  await write("Date,Ticker,Open,High,Low,Close,Adj Close,Volume\n");
  const dates: string[] = [];
  for (let d = Date.UTC(1930, 0, 1); dates.length < days; d += 86_400_000) {
    const wd = new Date(d).getUTCDay();
    if (wd !== 0 && wd !== 6) dates.push(new Date(d).toISOString().slice(0, 10));
  }
  let seed = 1;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let s = 0; s < symbols; s++) {
    const ticker = `S${String(s).padStart(4, "0")}`;
    let price = 20 + 80 * rand();
    let chunk = "";
    for (const date of dates) {
      price *= 1 + (rand() - 0.5) * 0.04;
      const hi = price * (1 + rand() * 0.01);
      const lo = price * (1 - rand() * 0.01);
      chunk += `${date},${ticker},${price.toFixed(4)},${hi.toFixed(4)},${lo.toFixed(4)},${price.toFixed(4)},${(price * 0.98).toFixed(4)},${Math.floor(rand() * 1e6)}\n`;
      if (chunk.length > 1 << 20) {
        await write(chunk);
        chunk = "";
      }
    }
    await write(chunk);
  }
  await new Promise<void>((r) => out.end(() => r()));
  return symbols * days;
}

function seconds(t0: bigint): number {
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

function freshFile(path: string): void {
  rmSync(path, { force: true });
  rmSync(`${path}.wal`, { force: true });
}

interface SideResult {
  seconds: number;
  /** CPU seconds (user + system) of the timed part: less sensitive than seconds to other load on the machine. */
  cpuSeconds: number;
  /** The child process's peak resident set size, MB. */
  maxRssMb: number;
}

/**
 * One side of the comparison, run in a child process of its own so that its peak memory is
 * its own: `raw` is DuckDB's read_csv into a plain table (types auto-detected, no checks, no
 * keys), `r2k` the full import. Both end with a checkpoint; process start-up is not timed.
 */
async function runSide(side: string, csv: string, db: string, rows: number): Promise<void> {
  freshFile(db);
  let t0: bigint;
  let cpu0 = process.cpuUsage();
  const report = (secs: number) => {
    const cpu = process.cpuUsage(cpu0);
    const result: SideResult = { seconds: secs, cpuSeconds: (cpu.user + cpu.system) / 1e6, maxRssMb: process.resourceUsage().maxRSS / 1024 };
    console.log(JSON.stringify(result));
  };
  if (side === "raw") {
    const inst = await DuckDBInstance.create(db);
    const con = await inst.connect();
    t0 = process.hrtime.bigint();
    cpu0 = process.cpuUsage();
    await con.run(`create table raw as select * from read_csv('${csv.replace(/'/g, "''")}')`);
    await con.run("checkpoint");
    const secs = seconds(t0);
    con.closeSync();
    inst.closeSync();
    report(secs);
  } else {
    const store = await Store.open(db);
    t0 = process.hrtime.bigint();
    cpu0 = process.cpuUsage();
    const r = await importFile(store, csv);
    await store.run("checkpoint");
    const secs = seconds(t0);
    if (r.status !== "imported" || r.added !== rows) throw new Error(`import failed: ${JSON.stringify(r.error ?? r)}`);
    store.close();
    report(secs);
  }
  freshFile(db);
}

function spawnSide(side: "raw" | "r2k", csv: string, rows: number): SideResult {
  const db = join(OUT, `${side}-bench.duckdb`);
  const child = spawnSync(process.execPath, [...process.execArgv, THIS_FILE, "--side", side, csv, db, String(rows)], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  if (child.status !== 0) throw new Error(`the ${side} run failed (exit ${child.status})`);
  return JSON.parse(child.stdout.trim().split("\n").pop() ?? "") as SideResult;
}

export async function benchImport(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const csv = join(OUT, "bars-10M.csv");
  const symbols = 400;
  const days = 25_000;
  const rows = symbols * days;
  if (!existsSync(csv) || statSync(csv).size < 100_000_000) {
    console.log(`generating ${rows.toLocaleString()} rows into ${csv} ...`);
    await generate(csv, symbols, days);
  }
  console.log(`file: ${csv} (${(statSync(csv).size / 1e6).toFixed(0)} MB, ${rows.toLocaleString()} rows)`);

  // One run of each side is too noisy on a shared 2-core machine (ratios from 0.3x to 0.7x), so
  // the sides alternate and the ratio of each pair is summarised by its median.
  const rounds = Number(process.env.R2K_BENCH_ROUNDS ?? 5);
  const ratios: number[] = [];
  const raw: SideResult[] = [];
  const r2k: SideResult[] = [];
  for (let i = 0; i < rounds; i++) {
    const a = spawnSide("raw", csv, rows);
    const b = spawnSide("r2k", csv, rows);
    raw.push(a);
    r2k.push(b);
    ratios.push(a.seconds / b.seconds);
    console.log(
      `round ${i + 1}/${rounds}: raw ${a.seconds.toFixed(2)} s (CPU ${a.cpuSeconds.toFixed(1)} s, ${a.maxRssMb.toFixed(0)} MB)  ` +
        `r2k ${b.seconds.toFixed(2)} s (CPU ${b.cpuSeconds.toFixed(1)} s, ${b.maxRssMb.toFixed(0)} MB)  ratio ${(a.seconds / b.seconds).toFixed(2)}x`,
    );
  }
  const rawS = median(raw.map((r) => r.seconds));
  const r2kS = median(r2k.map((r) => r.seconds));
  const rawMem = median(raw.map((r) => r.maxRssMb));
  const r2kMem = median(r2k.map((r) => r.maxRssMb));
  console.log(`DuckDB read_csv -> plain table : median ${rawS.toFixed(2)} s  ${(rows / rawS / 1e6).toFixed(2)} M rows/s, peak RSS ${rawMem.toFixed(0)} MB`);
  console.log(`r2k import (checked, keyed)    : median ${r2kS.toFixed(2)} s  ${(rows / r2kS / 1e6).toFixed(2)} M rows/s, peak RSS ${r2kMem.toFixed(0)} MB`);
  console.log(
    `ratio r2k / raw DuckDB throughput: median ${median(ratios).toFixed(2)}x of ${rounds} alternated pairs (range ${Math.min(...ratios).toFixed(2)}-${Math.max(...ratios).toFixed(2)}; target >= 0.8x)`,
  );
  console.log(`peak memory r2k / raw: ${(r2kMem / rawMem).toFixed(2)}x (medians; target <= 1.3x)`);
  console.log(
    `CPU time raw / r2k: median ${median(raw.map((r, i) => r.cpuSeconds / r2k[i].cpuSeconds)).toFixed(2)}x (raw ${median(raw.map((r) => r.cpuSeconds)).toFixed(1)} s, r2k ${median(r2k.map((r) => r.cpuSeconds)).toFixed(1)} s)`,
  );

  if (existsSync(REAL_DATA)) {
    const all = join(OUT, "real-data.duckdb");
    freshFile(all);
    const s2 = await Store.open(all);
    const t0 = process.hrtime.bigint();
    const results = await importPaths(s2, [REAL_DATA]);
    const secs = seconds(t0);
    const n = results.reduce((a, x) => a + x.added + x.unchanged + x.updated, 0);
    const rejected = results.filter((x) => x.status === "rejected").map((x) => x.file.split("/").pop());
    console.log(
      `real-data folder (${REAL_DATA}): ${results.length} files, ${n.toLocaleString()} rows in ${secs.toFixed(2)} s (${Math.round(n / secs).toLocaleString()} rows/s)` +
        (rejected.length ? `; rejected as expected without --symbol: ${rejected.join(", ")}` : ""),
    );
    s2.close();
  }
}

// A child run: `node --import tsx bench/import.ts --side raw|r2k CSV DB ROWS`.
if (process.argv[2] === "--side" && process.argv[1] === THIS_FILE) {
  await runSide(process.argv[3], process.argv[4], process.argv[5], Number(process.argv[6]));
}
