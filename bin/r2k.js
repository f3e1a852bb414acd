#!/usr/bin/env node
// The r2k command: runs the compiled CLI in dist/ (`npm run build` writes it; `npm ci` runs the
// build, and a packed r2k ships it). `npm run dev -- ARGS` runs the TypeScript sources instead.
import { existsSync } from "node:fs";

const entry = new URL("../dist/cli/main.js", import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write("r2k: the compiled CLI (dist/cli/main.js) is missing: in a clone of r2k, run `npm ci` or `npm run build`\n");
  process.exit(1);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
