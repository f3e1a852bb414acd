// `r2k report` end to end: formats (from --format or the --out extension), --asof, --benchmark,
// exit codes for bad usage, an empty store and a missing Chromium.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { loadDemo } from "../../src/services/demo.ts";
import { Store } from "../../src/store/index.ts";
import { reportFormat } from "../../src/cli/commands/report.ts";
import { tempStore } from "../helpers/store.ts";

const BIN = new URL("../../bin/r2k.js", import.meta.url).pathname;

function r2k(args: string[], env: Record<string, string> = {}, cwd?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1", ...env }, cwd, timeout: 120_000, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

let t: Awaited<ReturnType<typeof tempStore>>;

before(async () => {
  t = await tempStore({ kind: "demo" });
  await loadDemo(t.store, { seed: 42, endDate: "2015-03-31" });
  t.store.close();
});

after(() => t?.cleanup());

test("format comes from --format, else the --out extension, else HTML", () => {
  assert.equal(reportFormat({}), "html");
  assert.equal(reportFormat({ out: "x.PDF" }), "pdf");
  assert.equal(reportFormat({ out: "x.markdown" }), "md");
  assert.equal(reportFormat({ out: "x.json" }), "json");
  assert.equal(reportFormat({ out: "-" }), "html");
  assert.equal(reportFormat({ out: "x.txt" }), "html");
  assert.equal(reportFormat({ format: "md", out: "x.json" }), "md");
});

test("r2k report writes Markdown and JSON to stdout, HTML to a file; --asof and --benchmark apply", async () => {
  // One process at a time: the store file is locked while a command has it open.
  const md = await r2k(["--db", t.path, "report", "--format", "md", "--asof", "2015-02-27"]);
  const json = await r2k(["--db", t.path, "report", "--format", "json", "--benchmark", "^IXIC"]);
  assert.equal(md.code, 0, md.stderr);
  assert.match(md.stdout, /^# Russell 2000: measured report as of 2015-02-27 \(synthetic demo data\)$/m);
  assert.match(md.stdout, /^## What the data says now/m);
  assert.match(md.stderr, /SYNTHETIC DEMO DATA/);
  assert.equal(json.code, 0, json.stderr);
  const doc = JSON.parse(json.stdout);
  assert.equal(doc.benchmark, "^IXIC");
  assert.equal(doc.snapshot.request.benchmark, "^IXIC");
  assert.equal(doc.asOf, "2015-03-31");

  // Without --out, HTML goes to r2k-report-<as-of>.html in the working directory.
  const html = await r2k(["--db", t.path, "report", "--asof", "2015-01-30"], {}, t.dir);
  assert.equal(html.code, 0, html.stderr);
  assert.equal(html.stdout, "");
  assert.match(html.stderr, /wrote r2k-report-2015-01-30\.html \(html, as of 2015-01-30, 12 sections, \d+ summary sentences, \d+ charts\)/);
  const text = readFileSync(join(t.dir, "r2k-report-2015-01-30.html"), "utf8");
  assert.match(text, /^<!doctype html>/);
  assert.match(text, /<title>Russell 2000: measured report as of 2015-01-30 \(synthetic demo data\)<\/title>/);
  assert.ok((text.match(/<svg /g) ?? []).length >= 10);
});

test("bad usage exits 2, an empty store 5, a missing Chromium 1 with a clear message", async () => {
  const empty = join(t.dir, "empty.duckdb");
  (await Store.open(empty)).close();
  // These fail before opening the store (bad date, no Chromium) or use another store, so they run together.
  const [date, none, pdf] = await Promise.all([
    r2k(["--db", t.path, "report", "--asof", "2015-02-30"]),
    r2k(["--db", empty, "report", "--format", "md"]),
    r2k(["--db", t.path, "report", "--format", "pdf", "--out", join(t.dir, "x.pdf")], { R2K_CHROMIUM: join(t.dir, "no-chromium") }),
  ]);
  const bench = await r2k(["--db", t.path, "report", "--benchmark", "NOPE"]);
  assert.equal(date.code, 2);
  assert.match(date.stderr, /--asof: not a calendar date YYYY-MM-DD: "2015-02-30"/);
  assert.equal(bench.code, 2);
  assert.match(bench.stderr, /--benchmark: NOPE is not a stored price series \(stored: .*\^GSPC/);
  assert.equal(none.code, 5);
  assert.match(none.stderr, /nothing is stored yet/);
  assert.equal(pdf.code, 1);
  assert.match(pdf.stderr, /R2K_CHROMIUM is .*no-chromium, which does not exist/);
  assert.ok(!existsSync(join(t.dir, "x.pdf")));
  const early = await r2k(["--db", t.path, "report", "--asof", "1980-01-02", "--format", "md"]);
  assert.equal(early.code, 5);
  assert.match(early.stderr, /--asof 1980-01-02 is before the first stored \^RUT close \(1987-09-10\)/);
});
