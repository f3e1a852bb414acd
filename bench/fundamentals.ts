/**
 * Fundamentals at scale (`npm run bench -- fundamentals`): a store holding the real files
 * (prices, FRED series, holdings), then an SEC filer for every held ticker with fifteen years of
 * synthetic XBRL facts (quarterly and annual flows in three versions each, year-to-date figures,
 * balances, cover-page shares: about 3.9 million facts for 3,200 filers) and a close of every
 * member at each quarter end. Whole processes, alternated round by round: `r2k compare` and
 * `r2k valuation` with and without the facts stored (the baseline: the same store before the
 * facts), and `r2k valuation --history` and `r2k recon --universe stored:IWV` with them.
 * The synthetic values only give the computation its real size: no figure is checked here.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REAL_DATA, REPO_ROOT, realFile } from "../test/helpers/real-data.ts";
import { Store } from "../src/store/store.ts";

const BIN = join(REPO_ROOT, "bin", "r2k.js");
const ROUNDS = Number(process.env.R2K_BENCH_ROUNDS ?? 3);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function run(args: string[], home: string): { seconds: number; peakMb: number } {
  const t0 = process.hrtime.bigint();
  const r = spawnSync("/usr/bin/time", ["-f", "%M", process.execPath, BIN, ...args], { env: { ...process.env, R2K_HOME: home, NO_COLOR: "1" }, stdio: ["ignore", "ignore", "pipe"], encoding: "utf8", timeout: 600_000 });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`r2k ${args.join(" ")} exited ${r.status}: ${r.stderr.trim().split("\n").slice(-3).join(" | ")}`);
  return { seconds, peakMb: Number(r.stderr.trim().split("\n").at(-1)) / 1024 };
}

/** Synthetic filers and facts for every held ticker, and quarter-end closes of every member. */
async function addFilings(path: string): Promise<void> {
  const store = await Store.open(path);
  try {
    await store.transaction(async () => {
      const id = Number(await store.scalar(`select max(id) + 1 from imports`));
      await store.run(`insert into imports (id, source_kind, source_ref, format, sha256, rows_added, rows_updated, rows_skipped) values (${id}, 'file', 'synthetic', 'edgar', '0', 0, 0, 0)`);
      await store.run(`insert into companies select row_number() over () + 100000, any_value(name), ticker, 'NYSE', null, null, 'DE', 'NY', '1231', 'synthetic', ${id}
                       from holdings where asset_class = 'equity' and ticker <> '-' group by ticker`);
      await store.run(`create temp table q as select c.cik, (date '2011-03-31' + to_months(3 * i))::date as qend, i from companies c, range(0, 61) t(i)`);
      const fact = (concept: string, days: string, accession: string, value: string, start: string, filed: string, from = "q") =>
        `insert into facts select cik, 'us-gaap', '${concept}', 'USD', last_day(qend), ${days}, ${accession}, 0, ${value}, ${start}, '10-Q', ${filed}, null, 'synthetic', ${id} from ${from}`;
      for (const c of ["NetIncomeLoss", "InterestExpense", "OperatingIncomeLoss", "Revenues"]) {
        const v = "(cik % 97) * 1e6 - 20e6 + i * 1e5";
        await store.run(fact(c, "91", `'A' || cik || '-' || i`, v, "(qend - interval 90 day)::date", "(qend + interval 40 day)::date"));
        await store.run(fact(c, "91", `'B' || cik || '-' || i`, v, "(qend - interval 90 day)::date", "(qend + interval 405 day)::date"));
        await store.run(fact(c, "181", `'C' || cik || '-' || i`, `2 * (${v})`, "(qend - interval 181 day)::date", "(qend + interval 40 day)::date"));
        await store.run(fact(c, "365", `'K' || cik || '-' || i || '-' || v`, "4 * ((cik % 97) * 1e6 - 20e6)", "(qend - interval 365 day)::date", "(qend + interval (60 + 365 * v) day)::date", "q, range(0, 3) r(v) where month(qend) = 12"));
      }
      for (const c of ["StockholdersEquity", "LongTermDebt"]) {
        await store.run(fact(c, "0", `'A' || cik || '-' || i || '-' || v`, "(cik % 89) * 1e7 + 1e8", "null", "(qend + interval (40 + 365 * v) day)::date", "q, range(0, 2) r(v)"));
      }
      await store.run(`insert into facts select cik, 'dei', 'EntityCommonStockSharesOutstanding', 'shares', (last_day(qend) + interval 30 day)::date, 0, 'A' || cik || '-' || i, 0,
                       (cik % 83) * 1e6 + 1e7, null, '10-Q', (qend + interval 40 day)::date, null, 'synthetic', ${id} from q`);
      await store.run(`insert into series select distinct upper(regexp_replace(ticker, '[./ ]', '-', 'g')), 'stock', any_value(name), 'USD', 'daily', 'synthetic'
                       from holdings where asset_class = 'equity' and ticker <> '-' group by 1 on conflict do nothing`);
      await store.run(`insert into bars select s, d, null, null, null, 10 + (hash(s) % 90)::double + epoch(d) / 1e8, null, null, 'synthetic', ${id}
                       from (select distinct upper(regexp_replace(ticker, '[./ ]', '-', 'g')) as s from holdings where asset_class = 'equity' and ticker <> '-'),
                            (select (date '2011-03-31' + to_months(3 * i))::date as d from range(0, 61) r(i))`);
    });
    const [n] = await store.rows<{ facts: number; filers: number }>(`select count(*)::integer as facts, count(distinct cik)::integer as filers from facts`);
    console.log(`synthetic filings: ${n.facts.toLocaleString("en-US")} facts of ${n.filers.toLocaleString("en-US")} filers, quarter-end closes 2011-2026`);
  } finally {
    store.close();
  }
}

export async function benchFundamentals(): Promise<void> {
  if (!existsSync(REAL_DATA)) {
    console.log(`fundamentals: skipped, ${REAL_DATA} is absent`);
    return;
  }
  const plain = mkdtempSync(join(tmpdir(), "r2k-bench-sec-plain-"));
  const sec = mkdtempSync(join(tmpdir(), "r2k-bench-sec-"));
  try {
    run(["import", realFile("prices"), realFile("fred"), realFile("holdings")], plain);
    copyFileSync(join(plain, "r2k.duckdb"), join(sec, "r2k.duckdb"));
    await addFilings(join(sec, "r2k.duckdb"));
    const cases = [
      { label: "compare --json, no SEC facts (baseline)", args: ["compare", "^RUT", "^GSPC", "^IXIC", "--json"], home: plain },
      { label: "compare --json, SEC facts stored", args: ["compare", "^RUT", "^GSPC", "^IXIC", "--json"], home: sec },
      { label: "valuation, SEC facts stored", args: ["valuation", "--json"], home: sec },
      { label: "valuation --history, 61 quarters", args: ["valuation", "--history", "--json"], home: sec },
      { label: "recon --universe stored:IWV", args: ["recon", "--universe", "stored:IWV", "--format", "json"], home: sec },
    ].map((c) => ({ ...c, times: [] as number[], peaks: [] as number[] }));
    for (let round = 0; round < ROUNDS; round++) {
      for (const c of cases) {
        const r = run(c.args, c.home);
        c.times.push(r.seconds);
        c.peaks.push(r.peakMb);
      }
    }
    const base = median(cases[0].times);
    console.log(`whole processes, ${ROUNDS} alternated rounds, node ${process.version}; ratios against the baseline's median`);
    for (const c of cases) {
      const m = median(c.times);
      console.log(`  ${c.label.padEnd(42)} median ${m.toFixed(2)} s (${(m / base).toFixed(1)}x), peak ${Math.max(...c.peaks).toFixed(0)} MB`);
    }
  } finally {
    rmSync(plain, { recursive: true, force: true });
    rmSync(sec, { recursive: true, force: true });
  }
}
