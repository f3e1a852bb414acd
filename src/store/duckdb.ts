/**
 * DuckDB's Node API, loaded once for the whole store: every file of src/store takes its classes
 * from here, so that values made by one (a DuckDBDateValue) are the same classes the connection
 * checks against.
 *
 * The package is 124 CommonJS files; resolving, reading and compiling them one by one took ~45 ms
 * of every command that opens a store. The build (scripts/build.mjs) bundles it into one file,
 * dist/vendor/duckdb-node-api.cjs (~12 ms), which is loaded instead when it was built from the
 * installed version and resolves the same native bindings; otherwise (the TypeScript sources, a
 * different installed version) the package itself is.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import type * as DuckDB from "@duckdb/node-api";
import type * as DuckDBBindings from "@duckdb/node-bindings";

const requireHere = createRequire(import.meta.url);

/** Where the build puts the single-file copy, beside the compiled store. */
export const VENDOR_DIR = new URL("../vendor/", import.meta.url);

/** The single-file copy in `vendorDir` when it is usable (see above), else the installed package. */
export function loadDuckDB(vendorDir: URL = VENDOR_DIR): typeof DuckDB {
  const bundle = fileURLToPath(new URL("duckdb-node-api.cjs", vendorDir));
  try {
    const built = JSON.parse(readFileSync(new URL("duckdb-node-api.json", vendorDir), "utf8")) as { version?: unknown };
    const installed = (requireHere("@duckdb/node-api/package.json") as { version: string }).version;
    const bindingsOfPackage = createRequire(requireHere.resolve("@duckdb/node-api")).resolve("@duckdb/node-bindings");
    if (built.version === installed && createRequire(bundle).resolve("@duckdb/node-bindings") === bindingsOfPackage) {
      return requireHere(bundle) as typeof DuckDB;
    }
  } catch {
    // No single-file copy here: the sources run, or the build did not make one.
  }
  return requireHere("@duckdb/node-api") as typeof DuckDB;
}

export const duckdb = loadDuckDB();

/**
 * The C API's bindings, resolved from node-api itself: the raw handles node-api hands out (a
 * chunk's `chunk`) belong to its own copy, whatever version it depends on.
 */
export const bindings = createRequire(requireHere.resolve("@duckdb/node-api"))("@duckdb/node-bindings") as typeof DuckDBBindings;
