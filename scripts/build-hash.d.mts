// Types of scripts/build-hash.mjs, for the tests and benchmarks that import it.
export const REPO_ROOT: string;
export const BUILD_INPUTS: string[];
export const STAMP: string;
export function sourceHash(root?: string): string;
export function builtHash(root?: string): string | null;
export function buildIfStale(why: string): boolean;
