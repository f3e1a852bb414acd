/**
 * Reports: `loadReportData` (store -> measurement over the window), `buildReport` (document:
 * findings, sections, notes), renderers for HTML, PDF, Markdown and JSON, and the measured comparison table
 * shared with `r2k summary`.
 */
export * from "./types.ts";
export { loadReportData, ReportInputError, type ReportData, type ReportRequest } from "./load.ts";
export { buildReport, SYNTHETIC_NOTICE, type BuildOptions } from "./build.ts";
export { buildFacts, percentileRank, type Facts, type Metric } from "./facts.ts";
export { evaluate, RULES, CAVEAT, MAX_SENTENCES, type NarrativeRule, type Condition } from "./narrative.ts";
export { comparisonTable, comparisonBlock, renderComparisonText, loadComparison, type ComparisonTable, type TextStyle } from "./comparison.ts";
export { renderHtml } from "./html.ts";
export { renderMarkdown } from "./markdown.ts";
export { renderJson, reportJson } from "./json.ts";
export { htmlToPdf, findChromium, ChromiumMissingError } from "./pdf.ts";
