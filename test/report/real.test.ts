// The report on the real historical files (test/helpers/real-data.ts: prices, FRED series, iShares holdings), imported
// through the product's importer into a temporary store. Figures are checked against values
// computed here straight from the CSV files and against the reference figures; --asof 2019-12-31
// must read nothing later. Skipped, with a message, when that folder is absent.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { importPaths } from "../../src/services/import.ts";
import {
  buildReport,
  loadComparison,
  loadReportData,
  renderComparisonText,
  renderHtml,
  renderMarkdown,
  type Report,
  type ReportData,
  type TableBlock,
} from "../../src/report/index.ts";
import { tempStore } from "../helpers/store.ts";
import { printCutOff, printSkip } from "../helpers/print.ts";
import { realDataSkip, realFile } from "../helpers/real-data.ts";

let t: Awaited<ReturnType<typeof tempStore>>;
let data: ReportData;
let report: Report;

before(async () => {
  if (realDataSkip) return;
  t = await tempStore();
  await importPaths(t.store, [realFile("prices"), realFile("fred"), realFile("holdings")]);
  data = await loadReportData(t.store);
  report = buildReport(data, { generatedAt: "2026-01-01T00:00:00Z" });
});

after(() => t?.cleanup());

/** Closes of a Yahoo price file by date, read directly (not through r2k). */
function closes(symbol: string): Map<string, number> {
  const lines = readFileSync(realFile("prices", `${symbol}.csv`), "utf8").trim().split(/\r?\n/);
  const head = lines[0].split(",");
  const d = head.indexOf("Date");
  const c = head.indexOf("Close");
  return new Map(lines.slice(1).map((l) => l.split(",")).map((f) => [f[d], Number(f[c])]));
}

/** Close-to-close return from the last close on or before `from` to the close on `to`. */
function change(m: Map<string, number>, from: string, to: string): number {
  const base = [...m.keys()].filter((k) => k <= from).sort().at(-1) as string;
  return (m.get(to) as number) / (m.get(base) as number) - 1;
}

const table = (r: Report, id: string): TableBlock => {
  const x = r.sections.flatMap((s) => s.blocks).find((b): b is TableBlock => b.kind === "table" && b.id === id);
  assert.ok(x, `table ${id}`);
  return x;
};
const cell = (tb: TableBlock, label: string, col: number) => tb.rows.find((r) => r[0].text.startsWith(label))?.[col];

test("real data: the window common to ^RUT, ^GSPC, ^IXIC, every index cut there, figures match the files", { skip: realDataSkip }, () => {
  // ^IXIC's file ends 2023-12-21, before ^RUT (2024-08-02) and ^GSPC (2024-09-12): the window ends there.
  assert.equal(report.asOf, "2023-12-21");
  assert.deepEqual(report.window, { from: "1990-01-02", to: "2023-12-21", text: "1990-01-02 to 2023-12-21, common to ^RUT, ^GSPC, ^IXIC" });
  assert.equal(report.basis, "price");
  assert.equal(report.synthetic, false);
  assert.equal(report.syntheticNotice, null);
  const cmp = table(report, "comparison-table");
  for (const col of [1, 2, 3]) assert.equal(cell(cmp, "Last close", col)?.figure?.asOf, "2023-12-21", `column ${col} ends on the window's last close`);
  assert.equal(cell(cmp, "Last close", 1)?.text, "2,017.06");
  assert.match(cmp.note ?? "", /The window ends 2023-12-21, where \^IXIC ends \(\^GSPC runs to 2024-09-12, \^RUT runs to 2024-08-02\); later closes are not used\./);
  const rut = closes("^RUT");
  const spx = closes("^GSPC");
  const r1 = cell(cmp, "Return 1 year", 1)?.figure;
  assert.ok(r1?.value !== null && r1?.value !== undefined);
  assert.ok(Math.abs(r1.value - change(rut, "2022-12-21", "2023-12-21")) < 1e-12);
  assert.ok(Math.abs((cell(cmp, "Return 1 year", 2)?.figure?.value as number) - change(spx, "2022-12-21", "2023-12-21")) < 1e-12);
  // Growth over the window, from the files: (last / first) ^ (365.25 / days) - 1, closes of 1990-01-02 and 2023-12-21.
  const days = (Date.parse("2023-12-21") - Date.parse("1990-01-02")) / 86_400_000;
  const growth = ((rut.get("2023-12-21") as number) / (rut.get("1990-01-02") as number)) ** (365.25 / days) - 1;
  assert.ok(Math.abs((cell(cmp, "Growth over the window", 1)?.figure?.value as number) - growth) < 1e-12);
  // Reference figure: the 2007-2009 drawdown of ^RUT (the reference figures document, section C).
  const crisis = table(report, "case-2007-2009");
  assert.ok(Math.abs((cell(crisis, "^RUT", 3)?.figure?.value as number) + 0.5988875493) < 1e-9);
  assert.equal(cell(crisis, "^RUT", 1)?.text, "2007-07-13");
  assert.equal(cell(table(report, "case-2020"), "^RUT", 2)?.text, "2020-03-18");

  // Holdings are the latest stored (dated after the prices), and the report says so.
  const index = report.sections[0];
  assert.ok(index.blocks.some((b) => b.kind === "text" && /holdings are dated 2026-05-05, after the window's last close \(2023-12-21\)/.test(b.text)));
  assert.equal(cell(table(report, "concentration"), "IWM (2026-05-05)", 1)?.text, "1,918");
  // Composition compares IWM with IWB, the large-cap fund of the same family, and says so.
  const comp = report.sections.find((x) => x.id === "composition")!;
  assert.ok(comp.blocks.some((b) => b.kind === "text" && /IWM holdings of 2026-05-05 against IWB, the Russell 1000 fund, of 2026-07-17 \(73 days apart\)/.test(b.text)));
  assert.deepEqual(table(report, "sector-table").head, ["sector", "IWM", "IWB", "difference"]);

  const rules = report.summary.sentences.map((s) => s.rule);
  assert.ok(rules.length >= 8 && rules.length <= 12, rules.join());
  for (const r of ["growth-even", "performance-behind", "relative-strength-low", "drawdown-correction", "crash-a", "crash-b", "leadership-turn", "leadlag-mixed", "policy-regime", "curve-inverted", "credit-narrow"]) assert.ok(rules.includes(r), `${r} in ${rules.join()}`);
  const md = renderMarkdown(report);
  assert.match(md, /^2\. Over the year to 2023-12-21, the Russell 2000 returned \+13\.5% \(price return\) against \+22\.4% for the S&P 500: 8\.9 pp behind\. \[\d+, \d+, \d+\]$/m);
  assert.match(md, /In the 2007-2009 financial crisis, the Russell 2000 fell 59\.9% from its 2007-07-13 peak to 2009-03-09 and regained its peak on 2011-04-27, 2 years 2 months after the trough; the S&P 500 fell 56\.8% and regained its own on 2013-03-28/);
  // Findings read as sentences: provenance is in the numbered notes, not inline.
  for (const x of report.summary.sentences) assert.doesNotMatch(x.text, /\b(yahoo|fred|ishares)\b|\^RUT:/, x.rule);
  assert.ok(report.references.length > 20);
  assert.match(md, /^## Notes$/m);
  // Units a reader can use: "pp" and "per 1 pp rise", never a bare fraction of return per point.
  assert.doesNotMatch(md, /of return gap per point/);
  assert.doesNotMatch(md, /synthetic/i);
  // No filler: the smallest listed position is gone.
  assert.doesNotMatch(md, /Smallest listed position/);
});

test("real data --asof 2019-12-31: nothing later is read; the 2020 case study and the 2025-26 holdings are out", { skip: realDataSkip }, async () => {
  const d = await loadReportData(t.store, { asof: "2019-12-31" });
  const iso = (x: number) => new Date(x * 86_400_000).toISOString().slice(0, 10);
  for (const b of d.measurement.inputs.bars) assert.ok(iso(b.dates[b.dates.length - 1]) <= "2019-12-31", b.symbol);
  for (const m of d.measurement.inputs.macro ?? []) assert.ok(iso(m.dates[m.dates.length - 1]) <= "2019-12-31", m.id);
  assert.deepEqual(d.measurement.inputs.holdings, []);
  const r = buildReport(d, { generatedAt: "2026-01-01T00:00:00Z" });
  const cmp = table(r, "comparison-table");
  // The 1-year return is the 2019 calendar-year return, straight from the file.
  const r1 = cell(cmp, "Return 1 year", 1)?.figure?.value as number;
  assert.ok(Math.abs(r1 - change(closes("^RUT"), "2018-12-31", "2019-12-31")) < 1e-12, String(r1));
  assert.equal(cell(cmp, "Last close", 1)?.figure?.asOf, "2019-12-31");
  const drawdowns = r.sections.find((s) => s.id === "drawdowns");
  assert.ok(drawdowns?.blocks.some((b) => b.kind === "unavailable" && /2020/.test(b.what) && /does not cover 2020-01-01\.\.2020-12-31/.test(b.reason)));
  // The 2008 case study inside a window ending 2012-12-31 shows no recovery after it.
  const d12 = buildReport(await loadReportData(t.store, { asof: "2012-12-31" }), { generatedAt: "2026-01-01T00:00:00Z" });
  const c08 = table(d12, "case-2007-2009");
  assert.equal(cell(c08, "^GSPC", 4)?.text, "not by 2012-12-31", "^GSPC regained its 2007 peak only on 2013-03-28");
  assert.equal(cell(c08, "^RUT", 4)?.text, "2011-04-27");
  const comp = r.sections.find((s) => s.id === "composition");
  assert.ok(comp?.blocks.some((b) => b.kind === "unavailable" && /no holdings snapshot dated on or before 2019-12-31/.test(b.reason)));
  const sources = r.sources.filter((s) => s.last !== null && s.last > "2019-12-31");
  assert.deepEqual(sources, []);
});

test("the comparison for r2k summary: plain off a terminal, boxed and coloured on one", { skip: realDataSkip }, async () => {
  const c = await loadComparison(t.store);
  assert.ok(c);
  assert.deepEqual(c.columns.map((x) => x.symbol), ["^RUT", "^GSPC", "^IXIC"]);
  const plain = renderComparisonText(c, { color: false, isTTY: false });
  assert.match(plain, /^Measured comparison vs \^GSPC: 1990-01-02 to 2023-12-21, common to \^RUT, \^GSPC, \^IXIC$/m);
  assert.match(plain, /Return 1 year \(price\)\s+\+13\.5%\s+\+22\.4%\s+\+39\.7%/);
  assert.match(plain, /Beta vs \^GSPC\s+1\.04\s+benchmark\s+1\.14/);
  assert.ok(!plain.includes("\u001b[") && !/[┌│]/.test(plain), "no escape codes, no box drawing");
  const tty = renderComparisonText(c, { color: true, isTTY: true });
  assert.match(tty, /┌/);
  assert.ok(tty.includes("\u001b[32m+13.5%\u001b[0m"), "positive returns green");
  assert.ok(tty.includes("\u001b[31m−59.9%\u001b[0m"), "negative figures red");
  const later = await loadComparison(t.store, { asof: "2019-12-31" });
  assert.equal(later?.columns[0].asOf, "2019-12-31");
});

test("the printed report (A4) cuts off no table cell or caption, on the real files", { skip: realDataSkip || printSkip }, async () => {
  assert.deepEqual(await printCutOff(await renderHtml(report)), []);
});
