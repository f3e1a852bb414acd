import { writeFileSync } from "node:fs";
import { extname } from "node:path";
import type { Command } from "commander";
import {
  buildReport,
  ChromiumMissingError,
  findChromium,
  htmlToPdf,
  loadReportData,
  renderHtml,
  renderJson,
  renderMarkdown,
  ReportInputError,
} from "../../report/index.ts";
import { isIsoDate } from "../../model/index.ts";
import { currentTime } from "../../services/clock.ts";
import { withReadStore } from "../context.ts";
import { resolvePath, runtimeOf } from "../runtime.ts";
import { fundRoles } from "../funds.ts";
import { CliError, EXIT } from "../exit.ts";
import { DEMO_BANNER, paint } from "../format.ts";

type Format = "html" | "pdf" | "md" | "json";

export interface ReportOptions {
  format?: Format;
  out?: string;
  asof?: string;
  from?: string;
  span: "common" | "full";
  basis: "price" | "total";
  benchmark: string;
}

const EXTENSIONS: Record<string, Format> = { ".html": "html", ".htm": "html", ".pdf": "pdf", ".md": "md", ".markdown": "md", ".json": "json" };
const FILE_EXT: Record<Format, string> = { html: "html", pdf: "pdf", md: "md", json: "json" };

/** --format, else the --out file's extension, else HTML. */
export function reportFormat(opts: Pick<ReportOptions, "format" | "out">): Format {
  if (opts.format) return opts.format;
  if (opts.out && opts.out !== "-") return EXTENSIONS[extname(opts.out).toLowerCase()] ?? "html";
  return "html";
}

/** `r2k report`: loads, builds and writes the report in the chosen format. */
export async function reportAction(opts: ReportOptions, cmd: Command): Promise<void> {
  const format = reportFormat(opts);
  for (const [name, v] of [["--asof", opts.asof], ["--from", opts.from]] as const) {
    if (v !== undefined && !isIsoDate(v)) throw new CliError(`${name}: not a calendar date YYYY-MM-DD: ${JSON.stringify(v)}`, EXIT.usage);
  }
  // Fail before the work when the PDF cannot be printed.
  let chromium: string | undefined;
  if (format === "pdf") {
    try {
      chromium = findChromium();
    } catch (err) {
      if (err instanceof ChromiumMissingError) throw new CliError(err.message, EXIT.failure);
      throw err;
    }
  }
  await withReadStore(cmd, async (store, io) => {
    let data;
    try {
      data = await loadReportData(store, { asof: opts.asof, from: opts.from, span: opts.span, basis: opts.basis, benchmark: opts.benchmark, now: currentTime(runtimeOf(cmd).env), funds: await fundRoles(cmd) });
    } catch (err) {
      if (err instanceof ReportInputError) throw new CliError(err.message, err.kind === "usage" ? EXIT.usage : EXIT.noData);
      throw err;
    }
    const report = buildReport(data);
    let output: string | Buffer;
    if (format === "md") output = renderMarkdown(report);
    else if (format === "json") output = renderJson(report, data.measurement.snapshot);
    else {
      const html = await renderHtml(report);
      if (format === "html") output = html;
      else {
        try {
          output = await htmlToPdf(html, { footer: report.title, executablePath: chromium });
        } catch (err) {
          if (err instanceof ChromiumMissingError) throw new CliError(err.message, EXIT.failure);
          throw new CliError(`Chromium could not print the report: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`, EXIT.failure);
        }
      }
    }
    const out = opts.out ?? (format === "html" || format === "pdf" ? `r2k-report-${report.asOf}.${FILE_EXT[format]}` : "-");
    if (out === "-") runtimeOf(cmd).stdout.write(output);
    else writeFileSync(resolvePath(cmd, out), output);
    if (report.synthetic) io.err(paint(io, "yellow", `! ${DEMO_BANNER}`));
    if (out !== "-") {
      const charts = report.sections.reduce((n, s) => n + s.blocks.filter((b) => b.kind === "chart").length, 0);
      io.err(`wrote ${out} (${format}, as of ${report.asOf}, ${report.sections.length} sections, ${report.summary.sentences.length} summary sentences${format === "md" || format === "json" ? "" : `, ${charts} charts`})`);
    }
  });
}
