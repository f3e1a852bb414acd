import { writeFileSync } from "node:fs";
import { extname } from "node:path";
import { Option, type Command } from "commander";
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
import { fundRoles, withReadStore } from "../context.ts";
import { CliError, EXIT } from "../exit.ts";
import { DEMO_BANNER, paint } from "../format.ts";

type Format = "html" | "pdf" | "md" | "json";

interface ReportOptions {
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

export function registerReport(program: Command): void {
  program
    .command("report")
    .description("a document on the Russell 2000 with measured figures and a rule-based summary: HTML, PDF, Markdown or JSON")
    .addOption(new Option("--format <format>", "html (self-contained, charts inline), pdf (the HTML printed by Chromium), md or json").choices(["html", "pdf", "md", "json"]))
    .option("--out <file>", "where to write ('-' for standard output); default: r2k-report-<as-of>.html/.pdf in the current directory, standard output for md and json")
    .option("--asof <date>", "the window's end: compute everything as if on this date (YYYY-MM-DD); nothing stored after it is read")
    .option("--from <date>", "the window's start: the first day whose return counts (default: the start common to the indices)")
    .addOption(new Option("--span <rule>", "common: the dates every index compared has (default); full: each index's own history").choices(["common", "full"]).default("common"))
    .addOption(new Option("--basis <basis>", "price returns, or total returns where adjusted closes are stored").choices(["price", "total"]).default("price"))
    .option("--benchmark <symbol>", "benchmark for beta, correlation, capture and relative strength", "^GSPC")
    .addHelpText(
      "after",
      "\nExamples:\n  r2k report                                 # r2k-report-<date>.html\n  r2k report --format pdf --out rut.pdf\n  r2k report --format md --asof 2020-03-31    # as if on that date\n  r2k report --format json | jq .summary\n\nPDF needs Chromium (Debian: apt-get install chromium; or set R2K_CHROMIUM). See docs/reports.md.",
    )
    .action(async (opts: ReportOptions, cmd: Command) => {
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
          data = await loadReportData(store, { asof: opts.asof, from: opts.from, span: opts.span, basis: opts.basis, benchmark: opts.benchmark, now: currentTime(), funds: fundRoles() });
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
        if (out === "-") process.stdout.write(output);
        else writeFileSync(out, output);
        if (report.synthetic) io.err(paint(io, "yellow", `! ${DEMO_BANNER}`));
        if (out !== "-") {
          const charts = report.sections.reduce((n, s) => n + s.blocks.filter((b) => b.kind === "chart").length, 0);
          io.err(`wrote ${out} (${format}, as of ${report.asOf}, ${report.sections.length} sections, ${report.summary.sentences.length} summary sentences${format === "md" || format === "json" ? "" : `, ${charts} charts`})`);
        }
      });
    });
}
