/**
 * The layers of docs/architecture.md, checked on the code: every relative import in src/ and
 * web/src is read, and an import between layers the picture does not allow, or an import
 * cycle between files, fails here. Lint covers the finer rules (no SQL outside the store, no
 * I/O in the core); this covers the direction of the whole graph.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** Which layers each layer may import (besides itself). Faces at the top, the model at the bottom. */
const ALLOWED: Record<string, readonly string[]> = {
  model: [],
  core: ["model"],
  store: ["model"],
  // The file importer hands large CSV files to DuckDB's own reader (store/delimited.ts).
  sources: ["model", "store"],
  config: ["model", "sources", "store"],
  services: ["model", "core", "store", "sources", "config"],
  views: ["model", "core"],
  report: ["model", "core", "store", "services", "views", "config"],
  server: ["model", "core", "store", "services", "views", "config"],
  cli: ["model", "core", "store", "sources", "services", "views", "config", "report", "server"],
  // The dashboard runs in the browser: shared pure views, and only types from the server.
  web: ["views", "server:types"],
};

interface Edge {
  from: string;
  to: string;
  typeOnly: boolean;
  /** `await import("./x.ts")`: loaded when the code runs, not with the importing file. */
  dynamic: boolean;
}

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...tsFiles(path));
    else if (path.endsWith(".ts")) out.push(path);
  }
  return out;
}

/** The layer of a file: its folder under src/ (src/config/ is "config"), or "web". */
function layerOf(path: string): string {
  const rel = relative(ROOT, path).split("/");
  if (rel[0] === "web") return "web";
  if (rel[0] !== "src") throw new Error(`outside the layers: ${path}`);
  return rel.length === 2 ? rel[1]!.replace(/\.ts$/, "") : rel[1]!;
}

function importsOf(file: string): Edge[] {
  const text = readFileSync(file, "utf8");
  const edges: Edge[] = [];
  // import/export ... from "./x.ts", including multi-line import lists; comments cannot match
  // because a specifier starting with "." must follow `from`.
  const re = /(?:^|\n)\s*(?:import|export)\s+(type\s+)?(?:[^;"']*?\sfrom\s+)?["'](\.{1,2}\/[^"']+)["']/g;
  for (const m of text.matchAll(re)) {
    edges.push({ from: file, to: resolve(dirname(file), m[2]!), typeOnly: m[1] !== undefined, dynamic: false });
  }
  for (const m of text.matchAll(/\bimport\(\s*["'](\.{1,2}\/[^"']+)["']\s*\)/g)) {
    edges.push({ from: file, to: resolve(dirname(file), m[1]!), typeOnly: false, dynamic: true });
  }
  return edges;
}

/** The packages a file imports when it is loaded (static, not type-only): "commander", "@duckdb/node-api". */
function packagesOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const re = /(?:^|\n)\s*(?:import|export)\s+(?!type\s)(?:[^;"']*?\sfrom\s+)?["']([^."'][^"']*)["']/g;
  return [...text.matchAll(re)].map((m) => m[1]!).filter((p) => !p.startsWith("node:"));
}

const files = [...tsFiles(join(ROOT, "src")), ...tsFiles(join(ROOT, "web", "src"))];
const edges = files.flatMap(importsOf);

test("the import graph is read (sanity: the core imports the model, the CLI the services)", () => {
  const pairs = new Set(edges.map((e) => `${layerOf(e.from)}>${layerOf(e.to)}`));
  assert.ok(files.length > 100, `${files.length} files`);
  assert.ok(pairs.has("core>model") && pairs.has("cli>services") && pairs.has("web>views"));
});

test("every import between layers goes the way docs/architecture.md draws", () => {
  const wrong = edges
    .filter((e) => {
      const [a, b] = [layerOf(e.from), layerOf(e.to)];
      if (a === b) return false;
      const allowed = ALLOWED[a];
      assert.ok(allowed, `no layer rule for ${a}`);
      return !(allowed.includes(b) || (e.typeOnly && allowed.includes(`${b}:types`)));
    })
    .map((e) => `${relative(ROOT, e.from)} -> ${relative(ROOT, e.to)}`);
  assert.deepEqual(wrong, []);
});

test("no import cycle between files (type-only imports aside)", () => {
  const graph = new Map<string, string[]>(files.map((f) => [f, []]));
  for (const e of edges) if (!e.typeOnly && graph.has(e.to)) graph.get(e.from)!.push(e.to);
  // Tarjan's strongly connected components: a component of more than one file is a cycle.
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v)!) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(relative(ROOT, w));
      } while (w !== v);
      if (component.length > 1) cycles.push(component.sort());
    }
  };
  for (const f of files) if (!index.has(f)) visit(f);
  assert.deepEqual(cycles, []);
});

/**
 * The files loaded with `entry` (its static imports that are not type-only, transitively; with
 * `dynamic`, what its `import()` calls load too) and the packages they import.
 */
function loadedWith(entry: string, opts: { dynamic?: boolean } = {}): { files: Set<string>; packages: string[] } {
  const files = new Set<string>();
  const visit = (file: string): void => {
    if (files.has(file)) return;
    files.add(file);
    for (const e of edges) if (e.from === file && !e.typeOnly && (opts.dynamic || !e.dynamic)) visit(e.to);
  };
  visit(join(ROOT, entry));
  return { files, packages: [...new Set([...files].flatMap(packagesOf))].sort() };
}

test("building the program (r2k --help) loads only the commands' definitions: no store, server or analytics", () => {
  const { files: loaded, packages } = loadedWith("src/cli/main.ts");
  assert.ok([...loaded].some((f) => f.endsWith("/definitions/analyze.ts")), "the definitions are loaded");
  assert.deepEqual(packages, ["commander"]);
  // Outside src/cli only constants: files that import nothing when loaded.
  const heavy = [...loaded]
    .filter((f) => layerOf(f) !== "cli" && edges.some((e) => e.from === f && !e.typeOnly))
    .map((f) => relative(ROOT, f));
  assert.deepEqual(heavy, []);
  // Each command's work is loaded by its action, when it runs.
  const actions = edges.filter((e) => e.dynamic && dirname(e.from) === join(ROOT, "src", "cli", "definitions"));
  assert.ok(actions.some((e) => e.to.endsWith("/commands/analyze.ts")), "compare's action imports its command");
});

test("each command loads what it uses: status no validation library, write path or analytics; compare no report, server or write path", () => {
  const named = (files: Set<string>, pattern: RegExp) => [...files].map((f) => relative(ROOT, f)).filter((f) => pattern.test(f));
  // The store's write paths come with store/index.ts; readers import the store's modules one by one.
  const writePaths = /^src\/store\/(index|write|merge|delimited)\.ts$/;
  const status = loadedWith("src/cli/commands/status.ts");
  assert.ok(named(status.files, /^src\/store\/read\.ts$/).length === 1, "status reads the store");
  assert.deepEqual(status.packages, []); // DuckDB comes with store.ts and cli-table3 with the first table (createRequire)
  assert.deepEqual(named(status.files, writePaths), []);
  assert.deepEqual(named(status.files, /^src\/(report|server)\/|^src\/views\/charts\.ts$|^src\/core\/analytics\/index\.ts$/), []);

  // compare loads the analytics while the store is read (a dynamic import in measureStore), and
  // the configuration's schema only when there is a config file.
  const compareStart = loadedWith("src/cli/commands/analyze.ts");
  assert.deepEqual(compareStart.packages, []);
  assert.deepEqual(named(compareStart.files, /^src\/core\/analytics\/snapshot\.ts$|^src\/config\/index\.ts$/), []);
  const compare = loadedWith("src/cli/commands/analyze.ts", { dynamic: true });
  assert.ok(named(compare.files, /^src\/core\/analytics\/snapshot\.ts$/).length === 1, "compare measures");
  assert.deepEqual(named(compare.files, writePaths), []);
  assert.deepEqual(named(compare.files, /^src\/(report|server)\/|^src\/views\/charts\.ts$/), []);
  // The measurement itself loads no package: the model's schemas (zod, ~40 ms to load) stay out
  // of the analytics, which take plain typed records.
  assert.deepEqual(loadedWith("src/core/analytics/snapshot.ts").packages, []);
});

test("no CLI command imports another (what two commands share lives in src/cli)", () => {
  const commands = join(ROOT, "src", "cli", "commands");
  const wrong = edges
    .filter((e) => dirname(e.from) === commands && dirname(e.to) === commands && !e.from.endsWith("/index.ts"))
    .map((e) => `${relative(ROOT, e.from)} -> ${relative(ROOT, e.to)}`);
  assert.deepEqual(wrong, []);
});

test("DuckDB's Node API is loaded in one place (src/store/duckdb.ts): one copy of its classes for every store file", () => {
  const loaders = files
    .filter((f) => {
      const text = readFileSync(f, "utf8");
      return packagesOf(f).some((p) => p.startsWith("@duckdb/")) || /require\w*\(\s*["']@duckdb\/node-api["']\s*\)/.test(text);
    })
    .map((f) => relative(ROOT, f));
  assert.deepEqual(loaders, ["src/store/duckdb.ts"]);
});
