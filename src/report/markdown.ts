/** The report as Markdown: headings, the narrative with its citations, pipe tables; charts are named, not drawn. */
import { referenceText } from "./citations.ts";
import { provenanceText } from "./html.ts";
import { sentenceCase } from "./format.ts";
import type { Block, Cell, Finding, Report } from "./types.ts";

const refs = (notes: number[]) => (notes.length ? ` [${notes.join(", ")}]` : "");
const findingMd = (f: Finding | null) => (f ? `**${f.text}**${refs(f.notes)}` : null);

/** Escapes what would break a pipe table or start markup inside a cell. */
function md(s: string): string {
  return s.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\n/g, " ");
}

const SYNTH = " **(synthetic demo data)**";

function tableMd(head: string[], rows: Cell[][]): string {
  const align = head.map((_, i) => (i > 0 && rows.some((r) => r[i]?.numeric) ? "---:" : "---"));
  const line = (cells: string[]) => `| ${cells.map(md).join(" | ")} |`;
  return [line(head.map((h) => h || " ")), `| ${align.join(" | ")} |`, ...rows.map((r) => line(head.map((_, i) => r[i]?.text ?? "")))].join("\n");
}

function meta(asOf: string | null, sources: string[], note?: string): string {
  const parts = [asOf ? `As of ${asOf}.` : "", sources.length ? `Source: ${sources.join(", ")}.` : "", note ?? ""].filter(Boolean);
  return parts.length ? `\n\n_${md(parts.join(" "))}_` : "";
}

function blockMd(b: Block): string {
  switch (b.kind) {
    case "text":
      return b.text;
    case "unavailable":
      return `> **${b.what}: not available.** ${sentenceCase(b.reason)}${b.hint ? ` ${b.hint}` : ""}`;
    case "figures":
      return b.items.map((i) => `- ${i.label}: **${i.cell.text}**${i.cell.figure ? ` (${provenanceText({ ...i.cell.figure, window: null })})` : ""}`).join("\n") + (b.synthetic ? `\n\n_${SYNTH.trim()}_` : "");
    case "table":
      return `**${b.caption}**${b.synthetic ? SYNTH : ""}\n\n${tableMd(b.head, b.rows)}${meta(b.asOf, b.sources, b.note)}`;
    case "chart":
      return `_Chart: ${b.caption}${b.synthetic ? " (synthetic demo data)" : ""}, ${b.points.toLocaleString("en-US")} points, in the HTML and PDF reports. As of ${b.asOf ?? "n/a"}; source: ${b.sources.join(", ") || "n/a"}._`;
  }
}

export function renderMarkdown(r: Report): string {
  const out: string[] = [];
  out.push(`# ${r.title}`);
  out.push([`As of ${r.asOf}${r.asOfRequested ? " (requested)" : ""}`, `benchmark ${r.benchmark}`, `generated ${r.generatedAt}`].join(" · "));
  if (r.syntheticNotice) out.push(`> **${r.syntheticNotice}**`);
  if (r.staleness) out.push(`> **${r.staleness.message}**`);
  out.push(`**Window:** ${r.window.text}. ${r.basisNote}`);
  out.push(`## ${r.summary.title}${r.synthetic ? SYNTH : ""}`);
  if (r.summary.sentences.length) {
    out.push(r.summary.sentences.map((s, i) => `${i + 1}. ${s.text}${refs(s.notes)}${s.synthetic ? " (synthetic)" : ""}`).join("\n"));
  } else out.push("No rule found enough data to say anything.");
  out.push(`**${r.summary.caveat}**`);
  r.sections.forEach((s, i) => {
    out.push(`## ${i + 1}. ${s.title}`);
    out.push(`_${s.question}_`);
    const f = findingMd(s.finding);
    if (f) out.push(f);
    for (const b of s.blocks) out.push(blockMd(b));
  });
  if (r.references.length) out.push(`## Notes\n\n${r.references.map((x) => `${x.n}. ${md(x.label)}: ${md(x.value)} (${md(referenceText(x))})`).join("\n")}`);
  if (r.notes.length) out.push(`### Data notes\n\n${r.notes.map((n) => `- ${n}`).join("\n")}`);
  out.push(`---\n\n${r.caveat}${r.syntheticNotice ? `\n\n**${r.syntheticNotice}**` : ""}`);
  return `${out.join("\n\n")}\n`;
}
