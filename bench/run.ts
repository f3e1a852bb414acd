/**
 * `npm run bench -- NAME...` runs the named benchmarks (all when none is named). Each prints
 * its figures and ratios against a baseline measured in the same run; results are recorded
 * in docs/benchmarks.md.
 */
import { benchAnalytics } from "./analytics.ts";
import { benchCli } from "./cli.ts";
import { benchFolder } from "./folder.ts";
import { benchFundamentals } from "./fundamentals.ts";
import { benchImport } from "./import.ts";
import { benchIndex } from "./index-engine.ts";
import { benchPackage } from "./package.ts";
import { benchServer } from "./server.ts";
import { benchStart } from "./start.ts";

const BENCHES: Record<string, () => Promise<void>> = {
  import: benchImport,
  folder: benchFolder,
  analytics: benchAnalytics,
  index: benchIndex,
  server: benchServer,
  package: benchPackage,
  cli: benchCli,
  start: benchStart,
  fundamentals: benchFundamentals,
};

const names = process.argv.slice(2).filter((a) => !a.startsWith("-"));
const unknown = names.filter((n) => !BENCHES[n]);
if (unknown.length) {
  console.error(`unknown benchmark(s): ${unknown.join(", ")}; available: ${Object.keys(BENCHES).join(", ")}`);
  process.exit(2);
}
for (const name of names.length ? names : Object.keys(BENCHES)) {
  console.log(`\n== ${name} (${new Date().toISOString().slice(0, 10)}, node ${process.version}) ==`);
  await BENCHES[name]();
}
