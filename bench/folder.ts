/**
 * `npm run bench -- folder`: a folder of many small price files (5,000 by default, 250 rows each,
 * each a symbol of its own), imported by r2k (each file its own transaction) against DuckDB
 * inserting the same files one transaction each with nothing checked. Both run in a child process
 * of their own, so that peak memory is theirs; the sides alternate when there are several rounds.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { DuckDBInstance } from "@duckdb/node-api";
import { importPaths } from "../src/services/import.ts";
import { Store } from "../src/store/index.ts";
import { median } from "./median.ts";

const OUT = new URL("./out/", import.meta.url).pathname;
const THIS_FILE = fileURLToPath(import.meta.url);
const ROWS_PER_FILE = 250;

/** `files` Yahoo CSVs T0.csv... with distinct prices (no two files alike), in `dir`. */
function generate(dir: string, files: number): void {
  mkdirSync(dir, { recursive: true });
  const dates: string[] = [];
  for (let d = Date.UTC(2020, 0, 1); dates.length < ROWS_PER_FILE; d += 86_400_000) {
    const wd = new Date(d).getUTCDay();
    if (wd !== 0 && wd !== 6) dates.push(new Date(d).toISOString().slice(0, 10));
  }
  for (let s = 0; s < files; s++) {
    let price = 10 + (s % 90);
    let text = "Date,Open,High,Low,Close,Adj Close,Volume\n";
    for (const [i, date] of dates.entries()) {
      price *= 1 + (((s * 7 + i) % 11) - 5) / 1000;
      text += `${date},${price.toFixed(4)},${(price * 1.01).toFixed(4)},${(price * 0.99).toFixed(4)},${price.toFixed(4)},${price.toFixed(4)},${1000 + s}\n`;
    }
    writeFileSync(join(dir, `T${s}.csv`), text);
  }
}

interface SideResult {
  seconds: number;
  maxRssMb: number;
}

async function runSide(side: string, dir: string, db: string): Promise<void> {
  rmSync(db, { force: true });
  rmSync(`${db}.wal`, { force: true });
  const files = readdirSync(dir).map((f) => join(dir, f));
  let seconds: number;
  if (side === "raw") {
    const inst = await DuckDBInstance.create(db);
    const con = await inst.connect();
    await con.run(`create table raw (date date, open double, high double, low double, close double, adj_close double, volume double)`);
    const t0 = performance.now();
    for (const f of files) {
      await con.run("begin transaction");
      await con.run(
        `insert into raw select * from read_csv('${f.replace(/'/g, "''")}', header = true, auto_detect = false, delim = ',',
           columns = {'date': 'DATE', 'open': 'DOUBLE', 'high': 'DOUBLE', 'low': 'DOUBLE', 'close': 'DOUBLE', 'adj_close': 'DOUBLE', 'volume': 'DOUBLE'})`,
      );
      await con.run("commit");
    }
    seconds = (performance.now() - t0) / 1000;
    con.closeSync();
    inst.closeSync();
  } else {
    const store = await Store.open(db);
    const t0 = performance.now();
    const results = await importPaths(store, [dir]);
    seconds = (performance.now() - t0) / 1000;
    const bad = results.filter((r) => r.status !== "imported");
    if (bad.length) throw new Error(`${bad.length} files not imported: ${bad[0].error?.message}`);
    store.close();
  }
  rmSync(db, { force: true });
  rmSync(`${db}.wal`, { force: true });
  const result: SideResult = { seconds, maxRssMb: process.resourceUsage().maxRSS / 1024 };
  console.log(JSON.stringify(result));
}

function spawnSide(side: "raw" | "r2k", dir: string): SideResult {
  const child = spawnSync(process.execPath, [...process.execArgv, THIS_FILE, "--side", side, dir, join(OUT, `folder-${side}.duckdb`)], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  if (child.status !== 0) throw new Error(`the ${side} run failed (exit ${child.status})`);
  return JSON.parse(child.stdout.trim().split("\n").pop() ?? "") as SideResult;
}

export async function benchFolder(): Promise<void> {
  const files = Number(process.env.R2K_BENCH_FILES ?? 5000);
  const dir = join(OUT, `folder-${files}`);
  if (!existsSync(dir) || readdirSync(dir).length !== files) {
    rmSync(dir, { recursive: true, force: true });
    console.log(`generating ${files.toLocaleString()} files of ${ROWS_PER_FILE} rows into ${dir} ...`);
    generate(dir, files);
  }
  const rounds = Number(process.env.R2K_BENCH_ROUNDS ?? 1);
  const raw: SideResult[] = [];
  const r2k: SideResult[] = [];
  for (let i = 0; i < rounds; i++) {
    const a = spawnSide("raw", dir);
    const b = spawnSide("r2k", dir);
    raw.push(a);
    r2k.push(b);
    console.log(
      `round ${i + 1}/${rounds}: raw ${a.seconds.toFixed(1)} s (${a.maxRssMb.toFixed(0)} MB)  r2k ${b.seconds.toFixed(1)} s (${b.maxRssMb.toFixed(0)} MB)  ratio ${(b.seconds / a.seconds).toFixed(2)}x`,
    );
  }
  const rawS = median(raw.map((r) => r.seconds));
  const r2kS = median(r2k.map((r) => r.seconds));
  const r2kMem = median(r2k.map((r) => r.maxRssMb));
  console.log(`DuckDB, one insert per file (types given), one transaction each: ${rawS.toFixed(1)} s (${((rawS / files) * 1000).toFixed(1)} ms a file)`);
  console.log(`r2k import of the folder (checked, keyed, recorded): ${r2kS.toFixed(1)} s (${((r2kS / files) * 1000).toFixed(1)} ms a file), peak RSS ${r2kMem.toFixed(0)} MB`);
  console.log(`ratio r2k / raw time: ${(r2kS / rawS).toFixed(2)}x; targets for 5,000 files: <= 60 s and <= 500 MB peak`);
}

// A child run: `node --import tsx bench/folder.ts --side raw|r2k DIR DB`.
if (process.argv[2] === "--side" && process.argv[1] === THIS_FILE) {
  await runSide(process.argv[3], process.argv[4], process.argv[5]);
}
