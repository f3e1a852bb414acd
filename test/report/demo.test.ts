// The report on a fixed dataset: the synthetic demo market (seed 42, ending 2015-06-30). Checks the
// structure (sections in investor order, 5-10 cited summary sentences), that figures are the
// snapshot's, that the demo market is labelled synthetic everywhere, that the HTML names no URL
// and loads nothing, that --asof reads nothing later (a demo store that simply ends on that date
// gives the same price figures: the generator is prefix-stable), and that the PDF prints.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { inflateSync } from "node:zlib";
import type { SymbolReport } from "../../src/core/analytics/index.ts";
import { loadDemo } from "../../src/services/demo.ts";
import {
  buildReport,
  htmlToPdf,
  loadReportData,
  renderHtml,
  renderJson,
  renderMarkdown,
  type Report,
  type ReportData,
  type TableBlock,
} from "../../src/report/index.ts";
import { tempStore } from "../helpers/store.ts";
import { DEFAULT_FUND_ROLES } from "../../src/services/funds.ts";
import { printCutOff, printSkip } from "../helpers/print.ts";
import { browserSkip } from "../helpers/browser.ts";

const END = "2015-06-30";
const ASOF = "2015-03-31";
const GENERATED = "2026-01-01T00:00:00Z";
const ARTIFACTS = new URL("../../test-artifacts/report/", import.meta.url).pathname;

let t: Awaited<ReturnType<typeof tempStore>>;
let data: ReportData;
let report: Report;
let html: string;

before(async () => {
  t = await tempStore({ kind: "demo" });
  await loadDemo(t.store, { seed: 42, endDate: END });
  data = await loadReportData(t.store);
  report = buildReport(data, { generatedAt: GENERATED });
  html = await renderHtml(report);
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(join(ARTIFACTS, "demo.html"), html);
});

after(() => t?.cleanup());

const tables = (r: Report): TableBlock[] => r.sections.flatMap((s) => s.blocks.filter((b): b is TableBlock => b.kind === "table"));
const table = (r: Report, id: string): TableBlock => {
  const x = tables(r).find((b) => b.id === id);
  assert.ok(x, `table ${id}`);
  return x;
};

test("sections come in investor order; the summary has 5-10 sentences, each citing figures with provenance", () => {
  assert.deepEqual(
    report.sections.map((s) => s.id),
    ["index", "comparison", "returns", "volatility", "drawdowns", "leadership", "rates", "composition", "breadth", "etf", "risk", "sources"],
  );
  assert.equal(report.asOf, END);
  assert.equal(report.asOfRequested, false);
  assert.deepEqual(report.subjects, ["^RUT", "^GSPC", "^IXIC"]);
  assert.deepEqual(report.window, { from: "1987-09-10", to: END, text: `1987-09-10 to ${END}, common to ^RUT, ^GSPC, ^IXIC` });
  const n = report.summary.sentences.length;
  assert.ok(n >= 5 && n <= 12, `${n} sentences`);
  for (const s of report.summary.sentences) {
    assert.ok(s.cites.length > 0, `${s.rule} cites figures`);
    // Each cited figure has a numbered note giving its provenance.
    assert.equal(s.notes.length, new Set(s.cites.map((c) => `${c.label}|${c.text}`)).size, `${s.rule}: one note per cited figure`);
    for (const n of s.notes) assert.ok(report.references.some((r) => r.n === n), `${s.rule}: note ${n} exists`);
    for (const c of s.cites) {
      assert.ok(c.figure.value !== null && c.figure.asOf && c.figure.sources.length, `${s.rule}: ${c.key} has value, as-of and sources`);
      assert.ok(c.figure.asOf <= END);
    }
  }
  assert.match(report.summary.caveat, /not advice/);
  // With holdings, fundamentals and constituent closes stored, every section has content.
  for (const s of report.sections) assert.ok(s.blocks.some((b) => b.kind !== "unavailable"), `${s.id} has content`);
  const index = report.sections[0].blocks.find((b) => b.kind === "figures");
  assert.ok(index && index.kind === "figures");
  assert.equal(index.items.find((i) => i.label.startsWith("Companies held by IWM"))?.cell.text, "1,950");
  // Every section with data opens with its one-line finding, whose notes exist.
  for (const s of report.sections.filter((x) => x.id !== "sources")) {
    assert.ok(s.finding, `${s.id} has a finding`);
    assert.ok(s.finding.notes.length > 0 && s.finding.notes.every((n) => report.references.some((r) => r.n === n)), `${s.id}: finding cites notes`);
  }
  // Notes are numbered 1..n in order of first citation.
  assert.deepEqual(report.references.map((r) => r.n), report.references.map((_, i) => i + 1));
});

test("table cells are the snapshot's figures, with their provenance", () => {
  const cmp = table(report, "comparison-table");
  assert.deepEqual(cmp.head, ["", "Russell 2000 (^RUT)", "S&P 500 (^GSPC)", "NASDAQ Composite (^IXIC)"]);
  const row = (label: string) => cmp.rows.find((r) => r[0].text.startsWith(label)) as (typeof cmp.rows)[number];
  const rut = data.measurement.snapshot.symbols.find((s) => s.symbol === "^RUT") as SymbolReport;
  assert.equal(row("Return 1 year")[1].figure, rut.returns.find((h) => h.horizon === "1Y")?.price);
  assert.equal(row("Volatility, % a year")[1].figure, rut.risk.volatility);
  assert.equal(row("Maximum drawdown")[1].figure, rut.drawdowns.max);
  assert.equal(row("10-year holding periods with a loss")[1].figure, rut.risk.probabilityOfLoss.find((p) => p.years === 10)?.figure);
  assert.equal(row("Beta vs ^GSPC")[2].text, "benchmark");
  assert.equal(row("Last close")[1].figure?.asOf, END);
  for (const r of cmp.rows.slice(1)) {
    for (const c of r.slice(1)) {
      if (c.text === "benchmark") continue;
      assert.ok(c.figure, `${r[0].text}: ${c.text} has a figure`);
      assert.deepEqual(c.figure.sources.every((s) => s.endsWith(":demo")), true);
    }
  }
  const pct = (x: number) => `${x >= 0 ? "+" : "−"}${Math.abs(x * 100).toFixed(1)}%`;
  assert.equal(row("Return 1 year")[1].text, pct(rut.returns.find((h) => h.horizon === "1Y")?.price.value as number));
  assert.ok(cmp.synthetic);
});

test("the demo market is labelled synthetic in the title, banner, every table and chart, Markdown and JSON", async () => {
  assert.ok(report.synthetic);
  assert.match(report.title, /\(synthetic demo data\)$/);
  assert.match(report.syntheticNotice ?? "", /SYNTHETIC DEMO DATA/);
  const blocks = report.sections.flatMap((s) => s.blocks).filter((b) => b.kind === "table" || b.kind === "chart");
  assert.ok(blocks.length > 20);
  for (const b of blocks) if (b.kind === "table" || b.kind === "chart") assert.ok(b.synthetic, `${b.id} is marked synthetic`);
  const figures = (html.match(/<figure /g) ?? []).length;
  const tagged = (html.match(/<figcaption>[^<]*<span class="synthetic-tag">synthetic<\/span><\/figcaption>/g) ?? []).length;
  assert.equal(tagged, figures, "every table and chart caption carries the synthetic tag");
  assert.match(html, /<div class="banner" role="note">SYNTHETIC DEMO DATA/);
  const md = renderMarkdown(report);
  assert.match(md, /^# Russell 2000: measured report as of 2015-06-30 \(synthetic demo data\)$/m);
  assert.match(md, /^> \*\*SYNTHETIC DEMO DATA/m);
  const json = JSON.parse(renderJson(report, data.measurement.snapshot));
  assert.equal(json.synthetic, true);
  assert.match(json.syntheticNotice, /SYNTHETIC/);
});

test("the printed report (A4) cuts off no table cell, caption or chart", { skip: printSkip }, async () => {
  assert.deepEqual(await printCutOff(html), []);
});

test("the HTML is self-contained: no URL, no script, no external style, font or image", () => {
  assert.match(html, /^<!doctype html>/);
  assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">/);
  assert.doesNotMatch(html, /https?:\/\//i, "no http(s) URL anywhere, not even SVG namespaces");
  assert.doesNotMatch(html, /\b(src|href|xlink:href|action|poster|data)\s*=\s*["']?\s*(?!#)[a-z]+:/i, "no attribute pointing at a scheme");
  assert.doesNotMatch(html, /\b(src|href)\s*=\s*["']?\s*\/\//i, "no protocol-relative URL");
  assert.doesNotMatch(html, /@import|@font-face|url\(\s*["']?(?!#|data:)/i);
  assert.doesNotMatch(html, /<(script|link|iframe|object|embed|img|base)\b/i);
  for (const m of html.matchAll(/\bhref="([^"]*)"/g)) assert.match(m[1], /^#[a-z0-9-]+$/, `internal link ${m[1]}`);
  const svgs = (html.match(/<svg /g) ?? []).length;
  const charts = report.sections.flatMap((s) => s.blocks).filter((b) => b.kind === "chart").length;
  assert.equal(svgs, charts);
  assert.ok(charts >= 12, `${charts} charts`);
  // Chart SVG ids stay unique across the document (each chart has its own renderer instance).
  const ids = [...html.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]);
  assert.equal(new Set(ids).size, ids.length, "ids are unique");
  // Attribute values stay quoted correctly (ECharts does not escape quotes in font names).
  assert.doesNotMatch(html, /font-family:[^;"]*"/);
  // Print CSS is there.
  assert.match(html, /@page \{ size: A4;/);
  assert.match(html, /@media print/);
});

test("Markdown and JSON carry the same content; every JSON figure has provenance", () => {
  const md = renderMarkdown(report);
  const headings = [...md.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
  assert.equal(headings[0], "What the data says now **(synthetic demo data)**");
  assert.deepEqual(headings.slice(1).map((h) => h.replace(/^\d+\. /, "")), [...report.sections.map((s) => s.title), "Notes"]);
  assert.match(md, /^1\. .+: .+ \(\d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}; .*synthetic demo.*\)$/m);
  assert.match(md, /^\|\s+\| Russell 2000 \(\^RUT\) \| S&P 500 \(\^GSPC\) \| NASDAQ Composite \(\^IXIC\) \|$/m);
  assert.doesNotMatch(md, /<svg/);

  const json = JSON.parse(renderJson(report, data.measurement.snapshot));
  assert.equal(json.schema, "r2k.report/1");
  assert.equal(json.snapshot.schema, "r2k.analytics.snapshot/1");
  let figures = 0;
  const walk = (x: unknown, path: string) => {
    if (Array.isArray(x)) return x.forEach((v, i) => walk(v, `${path}[${i}]`));
    if (!x || typeof x !== "object") return;
    const o = x as Record<string, unknown>;
    assert.ok(!("series" in o), `${path} has no series`);
    assert.ok(!("option" in o), `${path} has no chart option`);
    if ("unit" in o && "value" in o) {
      figures++;
      assert.ok(Array.isArray(o.sources), `${path}.sources`);
      assert.ok("asOf" in o && "window" in o, `${path} has asOf and window`);
      if (o.value !== null) assert.ok((o.sources as string[]).length > 0 && typeof o.asOf === "string", `${path} names its sources and as-of date`);
    }
    for (const [k, v] of Object.entries(o)) walk(v, `${path}.${k}`);
  };
  walk(json, "$");
  assert.ok(figures > 500, `${figures} figures`);
  const cells = json.sections.flatMap((s: { blocks: { kind: string; rows?: { figure?: unknown }[][] }[] }) => s.blocks.filter((b) => b.kind === "table").flatMap((b) => b.rows ?? []).flat());
  assert.ok(cells.filter((c: { figure?: unknown }) => c.figure).length > 300);
});

test("--asof reads nothing later: same price figures as a store that ends that day, holdings after it unused", async () => {
  const early = await loadReportData(t.store, { asof: ASOF });
  assert.equal(early.asOf, ASOF);
  const last = (d: Int32Array) => new Date(d[d.length - 1] * 86_400_000).toISOString().slice(0, 10);
  for (const b of early.measurement.inputs.bars) assert.ok(last(b.dates) <= ASOF, `${b.symbol} ends ${last(b.dates)}`);
  for (const m of early.measurement.inputs.macro ?? []) assert.ok(last(m.dates) <= ASOF, `${m.id} ends ${last(m.dates)}`);
  for (const c of early.measurement.inputs.constituents ?? []) for (const f of c.closes) assert.ok(last(f.dates) <= ASOF);
  assert.deepEqual(early.measurement.inputs.holdings, [], "the only holdings are dated 2015-06-30");
  assert.deepEqual(early.measurement.inputs.fundamentals, []);
  const r = buildReport(early, { generatedAt: GENERATED });
  assert.match(r.title, /as of 2015-03-31/);
  const comp = r.sections.find((s) => s.id === "composition");
  const why = comp?.blocks.find((b) => b.kind === "unavailable");
  assert.ok(why && why.kind === "unavailable");
  assert.match(why.reason, /no holdings snapshot dated on or before 2015-03-31 \(the stored ones, IVV 2015-06-30, IWM 2015-06-30, are later/);
  // Every dated figure in the JSON is on or before the as-of date (a Tuesday: weekly figures are
  // labelled by the last session of their partial week, not by the Friday after it).
  const json = JSON.parse(renderJson(r, early.measurement.snapshot));
  const late: string[] = [];
  const walk = (x: unknown, path: string) => {
    if (Array.isArray(x)) return x.forEach((v, i) => walk(v, `${path}[${i}]`));
    if (!x || typeof x !== "object") return;
    for (const [k, v] of Object.entries(x)) {
      if (k === "range") continue; // case-study definitions (conventions), not data
      if ((k === "asOf" || k === "to" || k === "last") && typeof v === "string" && /^\d{4}-\d{2}-\d{2}$/.test(v) && v > ASOF) {
        late.push(`${path}.${k} = ${v}`);
      } else walk(v, `${path}.${k}`);
    }
  };
  walk({ ...json, generatedAt: null, snapshot: { ...json.snapshot, conventions: null } }, "$");
  assert.deepEqual(late.slice(0, 10), []);

  // A store that simply ends on ASOF (the demo generator is prefix-stable) gives the same figures.
  const t2 = await tempStore({ kind: "demo" });
  try {
    await loadDemo(t2.store, { seed: 42, endDate: ASOF });
    const ref = buildReport(await loadReportData(t2.store), { generatedAt: GENERATED });
    for (const id of ["comparison-table", "horizon-returns", "volatility-table", "drawdown-summary", "top-drawdowns", "case-2007-2009", "regimes", "policy-regimes", "rate-sensitivity", "rate-levels", "loss-probability", "tail-risk"]) {
      assert.deepEqual(table(r, id).rows.map((x) => x.map((c) => c.text)), table(ref, id).rows.map((x) => x.map((c) => c.text)), id);
    }
    const priceTopics = ["growth", "performance", "relative-strength", "drawdown", "crash-a", "crash-b", "leadership-turn", "lead-lag", "volatility", "rates", "curve", "credit", "credit-sensitivity"];
    const said = (x: Report) => x.summary.sentences.filter((s) => priceTopics.includes(s.topic)).map((s) => s.text);
    assert.deepEqual(said(r), said(ref));
  } finally {
    t2.cleanup();
  }
});

// ---------------------------------------------------------------------------------------------
// PDF

const CHROMIUM = process.env.R2K_CHROMIUM ?? "/usr/bin/chromium";
const have = (cmd: string) => spawnSync("sh", ["-c", `command -v ${cmd}`]).status === 0;
const SKIP_PDF = browserSkip(CHROMIUM)
  ? browserSkip(CHROMIUM)
  : !have("pdftoppm") || !have("pdfinfo")
    ? "pdftoppm/pdfinfo missing (apt-get install poppler-utils)"
    : false;

/** Grey levels of an 8-bit, non-interlaced PNG (greyscale or RGB, with or without alpha), as pdftoppm writes it. */
function decodePng(buf: Buffer): { width: number; height: number; grey: Uint8Array } {
  assert.equal(buf.subarray(1, 4).toString("latin1"), "PNG");
  let pos = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  while (pos < buf.length) {
    const len = buf.readUInt32BE(pos);
    const type = buf.subarray(pos + 4, pos + 8).toString("latin1");
    const body = buf.subarray(pos + 8, pos + 8 + len);
    if (type === "IHDR") {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      assert.equal(body[8], 8, "8 bits per sample");
      assert.equal(body[12], 0, "not interlaced");
      channels = ({ 0: 1, 2: 3, 4: 2, 6: 4 } as Record<number, number>)[body[9]];
      assert.ok(channels, `colour type ${body[9]}`);
    } else if (type === "IDAT") idat.push(body);
    pos += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const out = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const f = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const v = raw[y * (stride + 1) + 1 + x];
      const a = x >= channels ? out[y * stride + x - channels] : 0;
      const b = y > 0 ? out[(y - 1) * stride + x] : 0;
      const c = x >= channels && y > 0 ? out[(y - 1) * stride + x - channels] : 0;
      let pred = 0;
      if (f === 1) pred = a;
      else if (f === 2) pred = b;
      else if (f === 3) pred = (a + b) >> 1;
      else if (f === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        pred = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      out[y * stride + x] = (v + pred) & 0xff;
    }
  }
  const grey = new Uint8Array(width * height);
  const colour = channels >= 3 ? 3 : 1;
  for (let i = 0; i < grey.length; i++) {
    let sum = 0;
    for (let k = 0; k < colour; k++) sum += out[i * channels + k];
    grey[i] = Math.round(sum / colour);
  }
  return { width, height, grey };
}

test("the PDF prints: A4 pages in the expected range, first page not blank", { skip: SKIP_PDF }, async () => {
  const pdf = await htmlToPdf(html, { footer: report.title, executablePath: CHROMIUM });
  const file = join(ARTIFACTS, "demo.pdf");
  writeFileSync(file, pdf);
  assert.equal(pdf.subarray(0, 5).toString("latin1"), "%PDF-");
  const info = spawnSync("pdfinfo", [file], { encoding: "utf8" }).stdout;
  const pages = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
  assert.ok(pages >= 8 && pages <= 30, `${pages} pages`);
  assert.match(info, /Page size:.*\(A4\)/);
  const prefix = join(ARTIFACTS, "demo-page");
  rmSync(`${prefix}-01.png`, { force: true });
  const r = spawnSync("pdftoppm", ["-f", "1", "-l", "1", "-r", "40", "-png", file, prefix], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  const png = [`${prefix}-01.png`, `${prefix}-1.png`].find((p) => existsSync(p));
  assert.ok(png, "first page rendered");
  const { width, height, grey: pixels } = decodePng(readFileSync(png));
  assert.ok(width > 300 && height > 400, `${width}x${height}`);
  let ink = 0;
  for (const p of pixels) if (p < 200) ink++;
  const share = ink / pixels.length;
  assert.ok(share > 0.02, `first page has ink on ${(share * 100).toFixed(2)}% of its pixels`);
  // The summary and the synthetic banner are on page 1.
  const text = spawnSync("pdftotext", ["-f", "1", "-l", "1", file, "-"], { encoding: "utf8" }).stdout;
  if (text) {
    assert.match(text, /What the data says now/);
    assert.match(text, /SYNTHETIC DEMO DATA/);
  }
});

test("the funds come from the configuration: the large-cap fund compared with is the first stored of the list", async () => {
  const byDefault = report.sections.find((s) => s.id === "composition")!;
  // The demo stores IWM and IVV holdings: IWB, first in the default list, is not stored.
  assert.ok(byDefault.blocks.some((b) => b.kind === "text" && /against IVV, the S&P 500 fund, .*; IWB holdings are not stored\./.test(b.text)));
  const configured = buildReport(await loadReportData(t.store, { funds: { ...DEFAULT_FUND_ROLES, largeFunds: ["IVV"] } }), { generatedAt: GENERATED });
  const comp = configured.sections.find((s) => s.id === "composition")!;
  assert.ok(comp.blocks.some((b) => b.kind === "text" && /against IVV, the S&P 500 fund, of 2015-06-30 \(same day\)\.$/.test(b.text)));
});
