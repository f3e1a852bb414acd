#!/usr/bin/env node
// `npm run dev -- ARGS`: the r2k command run from the TypeScript sources through tsx, with no
// build step; `serve` then builds the dashboard from web/ on demand (cached per source change).
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
