export * from "./store.ts";
export * from "./kind.ts";
export * from "./paths.ts";
export * from "./staging.ts";
export * from "./merge.ts";
export * from "./write.ts";
export * from "./read.ts";
export * from "./universe-read.ts";
