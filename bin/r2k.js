#!/usr/bin/env node
// The r2k command: runs the compiled CLI in dist/ (`npm run build` writes it; `npm ci` runs the
// build, and a packed r2k ships it). `npm run dev -- ARGS` runs the TypeScript sources instead.
import { existsSync } from "node:fs";
import module from "node:module";

// Node 22.1+ keeps the compiled code of r2k's modules between runs (in the system's temporary
// folder; NODE_DISABLE_COMPILE_CACHE=1 turns it off), as Python keeps .pyc files: a start then
// skips parsing and compiling what an earlier run already did. Node 20 has no such cache.
module.enableCompileCache?.();

const entry = new URL("../dist/cli/main.js", import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write("r2k: the compiled CLI (dist/cli/main.js) is missing: in a clone of r2k, run `npm ci` or `npm run build`\n");
  process.exit(1);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
