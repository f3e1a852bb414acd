/**
 * The analytics core: pure functions over day numbers and Float64Arrays (no I/O, no clock).
 * `snapshot` is the entry point the CLI and API use; the metric functions are exported for
 * direct use and tests. Conventions are documented in docs/analytics.md.
 */
export * from "./snapshot.ts";
export * from "./figure.ts";
export * from "../../model/dates.ts";
export * from "./align.ts";
export * from "./stats.ts";
export * from "./returns.ts";
export * from "./risk.ts";
export * from "./drawdown.ts";
export * from "./leadership.ts";
export * from "./leadlag.ts";
export * from "./rates.ts";
export * from "./composition.ts";
export * from "./valuation.ts";
export * from "./breadth.ts";
export * from "./tracking.ts";
export * from "./window.ts";
export * from "./measure.ts";
export * from "./staleness.ts";
