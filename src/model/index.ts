export * from "./dates.ts";
export * from "./bar.ts";
export * from "./observation.ts";
export * from "./holding.ts";
export * from "./security.ts";
export * from "./series.ts";
export * from "./provenance.ts";
export * from "./errors.ts";
