/**
 * The report as one self-contained HTML file: inline CSS, charts as inline SVG, no scripts, no
 * fonts, images or styles from anywhere else. A Content-Security-Policy that allows nothing
 * external makes the "no network requests when opened" promise hold even if a value contained a
 * URL. Print CSS lays it out for A4 (the PDF is this file printed by Chromium).
 */
import type { Figure } from "../core/analytics/index.ts";
import { renderChartSvg } from "./svg.ts";
import { referenceText } from "./citations.ts";
import { sentenceCase } from "./format.ts";
import type { Block, Cell, Finding, Report, Section, Sentence } from "./types.ts";

export function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

const esc = escapeHtml;

/** "as of 2024-08-02; 2023-08-02..2024-08-02; ^RUT:yahoo" */
export function provenanceText(f: Pick<Figure, "asOf" | "window" | "sources"> & { reason?: string }): string {
  const parts: string[] = [];
  if (f.asOf) parts.push(`as of ${f.asOf}`);
  if (f.window && (f.window.from !== f.asOf || f.window.to !== f.asOf)) parts.push(`${f.window.from}..${f.window.to}`);
  if (f.sources.length) parts.push(f.sources.join(", "));
  if (f.reason) parts.push(f.reason);
  return parts.join("; ");
}

const SYNTH = '<span class="synthetic-tag">synthetic</span>';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function cellHtml(c: Cell, tag: "td" | "th" = "td"): string {
  const cls = [c.numeric ? "num" : "", ISO_DATE.test(c.text) ? "date" : "", c.sign ?? ""].filter(Boolean).join(" ");
  const title = c.figure ? ` title="${esc(provenanceText(c.figure))}"` : "";
  return `<${tag}${cls ? ` class="${cls}"` : ""}${title}>${esc(c.text)}</${tag}>`;
}

function meta(asOf: string | null, sources: string[], synthetic: boolean, note?: string): string {
  const src = sources.length ? `Source: ${sources.join(", ")}` : "";
  const parts = [asOf ? `As of ${asOf}` : "", src].filter(Boolean).join(". ");
  return `<p class="meta">${synthetic ? `${SYNTH} ` : ""}${esc(parts)}${parts ? "." : ""}${note ? ` ${esc(note)}` : ""}</p>`;
}

async function blockHtml(b: Block): Promise<string> {
  switch (b.kind) {
    case "text":
      return `<p>${esc(b.text)}</p>`;
    case "unavailable":
      return `<div class="unavailable"><strong>${esc(b.what)}: not available.</strong> ${esc(sentenceCase(b.reason))}${b.hint ? ` <span class="hint">${esc(b.hint)}</span>` : ""}</div>`;
    case "figures":
      return `<dl class="figures" id="${esc(b.id)}">${b.items
        .map((i) => `<div><dt>${esc(i.label)}</dt><dd${i.cell.figure ? ` title="${esc(provenanceText(i.cell.figure))}"` : ""} class="${i.cell.sign ?? ""}">${esc(i.cell.text)}${i.cell.figure?.asOf ? `<small>${esc(provenanceText({ ...i.cell.figure, window: null }))}</small>` : ""}</dd></div>`)
        .join("")}</dl>${b.synthetic ? `<p class="meta">${SYNTH} figures from the demo market.</p>` : ""}`;
    case "table": {
      const head = `<thead><tr>${b.head.map((h, i) => `<th${i > 0 && b.rows.some((r) => r[i]?.numeric) ? ' class="num"' : ""}>${esc(h)}</th>`).join("")}</tr></thead>`;
      const body = `<tbody>${b.rows.map((r) => `<tr>${r.map((c, i) => cellHtml(c, i === 0 && !c.numeric ? "th" : "td")).join("")}</tr>`).join("")}</tbody>`;
      return `<figure class="table" id="${esc(b.id)}"><figcaption>${esc(b.caption)}${b.synthetic ? ` ${SYNTH}` : ""}</figcaption><div class="scroll"><table>${head}${body}</table></div>${meta(b.asOf, b.sources, b.synthetic, b.note)}</figure>`;
    }
    case "chart": {
      const svg = await renderChartSvg(b);
      return `<figure class="chart" id="${esc(b.id)}" data-points="${b.points}"><figcaption>${esc(b.caption)}${b.synthetic ? ` ${SYNTH}` : ""}</figcaption>${svg}${meta(b.asOf, b.sources, b.synthetic, b.note)}</figure>`;
    }
  }
}

/** Note markers: superscript links to the numbered notes at the end. */
function refs(notes: number[]): string {
  return notes.length ? `<sup class="refs">${notes.map((n) => `<a href="#note-${n}">${n}</a>`).join(",")}</sup>` : "";
}

function findingHtml(f: Finding | null): string {
  return f ? `<p class="finding">${esc(f.text)}${refs(f.notes)}</p>` : "";
}

async function sectionHtml(s: Section, n: number): Promise<string> {
  const blocks: string[] = [];
  for (const b of s.blocks) blocks.push(await blockHtml(b));
  return `<section id="${esc(s.id)}"><h2><span class="n">${n}</span> ${esc(s.title)}</h2><p class="question">${esc(s.question)}</p>${findingHtml(s.finding)}${blocks.join("\n")}</section>`;
}

function sentenceHtml(s: Sentence): string {
  return `<li data-rule="${esc(s.rule)}">${esc(s.text)}${refs(s.notes)}${s.synthetic ? ` ${SYNTH}` : ""}</li>`;
}

export const CSS = `
:root { --text:#1b1f24; --muted:#5b6470; --grid:#e3e6ea; --border:#d8dce1; --up:#1a7f37; --down:#c62828; --accent:#1f6feb;
  --banner-bg:#fff4d6; --banner-text:#5c4400; --banner-border:#e6b422; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0 auto; max-width: 60rem; padding: 1.5rem 1.25rem 3rem; color: var(--text); background: #fff;
  font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
h1 { font-size: 1.6rem; margin: 0 0 0.25rem; line-height: 1.25; }
h2 { font-size: 1.2rem; margin: 2rem 0 0.25rem; padding-top: 0.5rem; border-top: 2px solid var(--text); break-after: avoid; }
h2 .n { color: var(--muted); font-weight: normal; margin-right: 0.25rem; }
p { margin: 0.4rem 0; }
a { color: var(--accent); }
.subtitle { color: var(--muted); margin: 0 0 1rem; }
.question { color: var(--muted); font-style: italic; margin-top: 0; break-after: avoid; }
.banner { background: var(--banner-bg); color: var(--banner-text); border: 2px solid var(--banner-border); padding: 0.6rem 0.8rem; margin: 0.75rem 0; font-weight: 600; }
.synthetic-mark { display: none; }
.synthetic-tag { display: inline-block; font-size: 0.7rem; font-weight: 700; text-transform: uppercase; letter-spacing: 0.04em;
  color: var(--banner-text); background: var(--banner-bg); border: 1px solid var(--banner-border); border-radius: 3px; padding: 0 0.3rem; vertical-align: middle; }
nav.toc ol { columns: 2; margin: 0.5rem 0 1rem; padding-left: 1.5rem; }
.summary { border: 1px solid var(--border); border-left: 4px solid var(--accent); padding: 0.75rem 1rem; margin: 1rem 0; background: #f7f8fa; }
.summary h2 { border: 0; margin: 0 0 0.5rem; padding: 0; }
.summary > ol { padding-left: 1.25rem; margin: 0; }
.summary > ol > li { margin-bottom: 0.5rem; break-inside: avoid; }
.summary > ol > li > p { margin: 0; }
sup.refs { font-size: 0.68em; margin-left: 0.1em; }
sup.refs a { text-decoration: none; }
sup.refs a + a::before { content: ","; }
.finding { font-weight: 600; margin: 0.2rem 0 0.6rem; }
.stale { background: #fde8e8; color: #7a1b1b; border: 2px solid #e0a0a0; padding: 0.6rem 0.8rem; margin: 0.75rem 0; font-weight: 600; }
ol.notes { font-size: 0.78rem; color: var(--muted); padding-left: 1.75rem; }
ol.notes li { margin: 0.1rem 0; break-inside: avoid; }
.caveat { font-weight: 600; margin-top: 0.75rem; }
figure { margin: 0.9rem 0; break-inside: avoid; }
figcaption { font-weight: 600; margin-bottom: 0.3rem; }
figure.chart svg { display: block; width: 100%; height: auto; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 0.85rem; font-variant-numeric: tabular-nums; }
th, td { padding: 0.22rem 0.45rem; border-bottom: 1px solid var(--grid); text-align: left; vertical-align: top; overflow-wrap: break-word; }
thead th { border-bottom: 1.5px solid var(--text); font-weight: 600; }
tbody th { font-weight: normal; }
.num { text-align: right; white-space: nowrap; }
.date { white-space: nowrap; }
.pos { color: var(--up); }
.neg { color: var(--down); }
.meta { font-size: 0.75rem; color: var(--muted); margin: 0.2rem 0 0; }
dl.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(15rem, 1fr)); gap: 0.5rem 1rem; margin: 0.75rem 0; }
dl.figures div { border: 1px solid var(--grid); padding: 0.4rem 0.6rem; break-inside: avoid; }
dl.figures dt { font-size: 0.78rem; color: var(--muted); }
dl.figures dd { margin: 0; font-size: 1.05rem; font-weight: 600; }
dl.figures dd small { display: block; font-size: 0.68rem; font-weight: normal; color: var(--muted); }
.unavailable { border: 1px dashed var(--border); padding: 0.5rem 0.75rem; margin: 0.75rem 0; color: var(--muted); }
.hint { display: block; font-size: 0.85em; }
footer { margin-top: 2rem; padding-top: 0.5rem; border-top: 1px solid var(--border); color: var(--muted); font-size: 0.8rem; }
@page { size: A4; margin: 14mm 12mm 16mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  nav.toc { display: none; }
  h2 { margin-top: 1.2rem; }
  section { break-before: auto; }
  .scroll { overflow: visible; }
  table { font-size: 8pt; }
  th, td { padding: 0.15rem 0.3rem; }
  .synthetic-mark { display: block; position: fixed; top: -10mm; right: 0; font-size: 8pt; font-weight: 700; color: var(--banner-text);
    background: var(--banner-bg); border: 1px solid var(--banner-border); padding: 0.5mm 2mm; }
  a { color: inherit; text-decoration: none; }
}
`;

/** The whole report as an HTML document string. */
export async function renderHtml(r: Report): Promise<string> {
  const sections: string[] = [];
  for (let i = 0; i < r.sections.length; i++) sections.push(await sectionHtml(r.sections[i], i + 1));
  const sub = [`As of ${r.asOf}${r.asOfRequested ? " (requested)" : ""}`, `benchmark ${r.benchmark}`, `generated ${r.generatedAt}`].join(" · ");
  const banner = r.syntheticNotice ? `<div class="banner" role="note">${esc(r.syntheticNotice)}</div>` : "";
  const stale = r.staleness ? `<div class="stale" role="note">${esc(r.staleness.message)}</div>` : "";
  const scope = `<p class="scope"><strong>Window:</strong> ${esc(r.window.text)}. ${esc(r.basisNote)}</p>`;
  const toc = `<nav class="toc" aria-label="Contents"><ol>${r.sections.map((s) => `<li><a href="#${esc(s.id)}">${esc(s.title)}</a></li>`).join("")}</ol></nav>`;
  const summary = `<section class="summary" id="summary"><h2>${esc(r.summary.title)}${r.synthetic ? ` ${SYNTH}` : ""}</h2>${
    r.summary.sentences.length ? `<ol>${r.summary.sentences.map(sentenceHtml).join("")}</ol>` : "<p>No rule found enough data to say anything.</p>"
  }<p class="caveat">${esc(r.summary.caveat)}</p></section>`;
  const references = r.references.length
    ? `<section id="notes"><h2>Notes</h2><ol class="notes">${r.references.map((x) => `<li id="note-${x.n}">${esc(x.label)}: ${esc(x.value)} (${esc(referenceText(x))})</li>`).join("")}</ol></section>`
    : "";
  const notes = r.notes.length ? `<p><strong>Data notes:</strong></p><ul>${r.notes.map((n) => `<li>${esc(n)}</li>`).join("")}</ul>` : "";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="r2k report">
<title>${esc(r.title)}</title>
<style>${CSS}</style>
</head>
<body>
${r.synthetic ? '<div class="synthetic-mark" aria-hidden="true">SYNTHETIC DEMO DATA</div>' : ""}
<header><h1>${esc(r.title)}</h1><p class="subtitle">${esc(sub)}</p>${banner}${stale}${scope}</header>
${toc}
${summary}
${sections.join("\n")}
${references}
<footer>${notes}<p>${esc(r.caveat)} ${esc(r.summary.caveat)}</p>${r.syntheticNotice ? `<p><strong>${esc(r.syntheticNotice)}</strong></p>` : ""}</footer>
</body>
</html>
`;
}
