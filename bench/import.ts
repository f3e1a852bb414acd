import { createWriteStream, existsSync, mkdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { importFile, importPaths } from "../src/services/import.ts";
import { Store } from "../src/store/index.ts";
import { REAL_DATA } from "../test/helpers/real-data.ts";

const OUT = new URL("./out/", import.meta.url).pathname;

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

  // Baseline: DuckDB's own read_csv into a plain table (types auto-detected, no checks, no keys).
  const rawDb = join(OUT, "raw.duckdb");
  rmSync(rawDb, { force: true });
  rmSync(`${rawDb}.wal`, { force: true });
  const inst = await DuckDBInstance.create(rawDb);
  const con = await inst.connect();
  let t0 = process.hrtime.bigint();
  await con.run(`create table raw as select * from read_csv('${csv}')`);
  await con.run("checkpoint");
  const rawSeconds = seconds(t0);
  con.closeSync();
  inst.closeSync();

  // r2k: the full import (hash, detect, read, validate, stage, merge into keyed table, provenance).
  const storePath = join(OUT, "r2k-bench.duckdb");
  rmSync(storePath, { force: true });
  rmSync(`${storePath}.wal`, { force: true });
  const store = await Store.open(storePath);
  t0 = process.hrtime.bigint();
  const r = await importFile(store, csv);
  await store.run("checkpoint");
  const r2kSeconds = seconds(t0);
  if (r.status !== "imported" || r.added !== rows) throw new Error(`import failed: ${JSON.stringify(r.error ?? r)}`);
  store.close();

  console.log(`DuckDB read_csv -> plain table : ${rawSeconds.toFixed(2)} s  ${(rows / rawSeconds / 1e6).toFixed(2)} M rows/s`);
  console.log(`r2k import (checked, keyed)    : ${r2kSeconds.toFixed(2)} s  ${(rows / r2kSeconds / 1e6).toFixed(2)} M rows/s`);
  console.log(`ratio r2k / raw DuckDB throughput: ${(rawSeconds / r2kSeconds).toFixed(2)}x (target >= 0.5x)`);

  if (existsSync(REAL_DATA)) {
    const all = join(OUT, "real-data.duckdb");
    rmSync(all, { force: true });
    const s2 = await Store.open(all);
    t0 = process.hrtime.bigint();
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
