/**
 * Russell-style index engine: pure functions, no I/O. See docs/index-engine.md.
 */
export * from "./types.ts";
export * from "./rules.ts";
export * from "./rank.ts";
export * from "./bands.ts";
export * from "./weights.ts";
export * from "./recon.ts";
export * from "./level.ts";
export * from "./calendar.ts";
export * from "./ipo.ts";
