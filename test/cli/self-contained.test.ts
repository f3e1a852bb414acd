// The product is self-contained: nothing a user sees (sources whose text reaches help, labels or
// errors, the dashboard, the docs, the README, the CLI's --help) refers to the development-only
// folder beside the repository or to the documents kept there. Each hit names its file and line.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import type { Command } from "commander";
import { buildProgram } from "../../src/cli/main.ts";
import { REPO_ROOT } from "../helpers/real-data.ts";

/** References to the folder beside the repository, and the names of the documents kept there. */
const FORBIDDEN: { pattern: RegExp; what: string }[] = [
  { pattern: /\.\.\/shared\b/, what: "../shared" },
  { pattern: /\bshared\/docs\b/, what: "shared/docs" },
  { pattern: /\bshared\/data\b/, what: "shared/data" },
  { pattern: /\b(russell-methodology|data-sources|reference-figures|style-anchors|anchors)\.md\b/, what: "a document that exists only beside the repository" },
];

/** What a user sees: every text file under these (build output and dependencies excluded). */
const SCANNED = ["src", "web", "docs", "README.md", "bin"];
const SKIPPED_DIRS = new Set(["node_modules", "dist", ".vite"]);
const TEXT = /\.(ts|tsx|js|mjs|cjs|json|md|html|css|svg|txt)$/;

function filesUnder(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path).flatMap((name) => (SKIPPED_DIRS.has(name) ? [] : filesUnder(join(path, name))));
}

/** "file:line: what (text)" for every forbidden reference in `text`. */
function findReferences(label: string, text: string): string[] {
  const hits: string[] = [];
  text.split("\n").forEach((line, i) => {
    for (const f of FORBIDDEN) {
      if (f.pattern.test(line)) hits.push(`${label}:${i + 1}: ${f.what} (${line.trim().slice(0, 160)})`);
    }
  });
  return hits;
}

test("the scanner finds each kind of reference, with file and line", () => {
  const text = "ok\nsee ../shared/data/prices\nfrom shared/docs data-sources 6.1\nsee anchors.md\nshared with the report";
  assert.deepEqual(
    findReferences("x.ts", text).map((h) => h.split(" (")[0]),
    ["x.ts:2: ../shared", "x.ts:2: shared/data", "x.ts:3: shared/docs", "x.ts:4: a document that exists only beside the repository"],
  );
});

test("src, web, docs, README and bin never refer to the folder beside the repository", () => {
  const files = SCANNED.flatMap((p) => filesUnder(join(REPO_ROOT, p))).filter((f) => TEXT.test(f));
  assert.ok(files.length > 100, `scanned only ${files.length} files`);
  for (const must of ["web/index.html", "README.md", "bin/r2k.js", "docs/methodology.md", "docs/data-formats.md", "docs/cycles.md"]) {
    assert.ok(files.includes(join(REPO_ROOT, must)), `${must} is scanned`);
  }
  const hits = files.flatMap((f) => findReferences(relative(REPO_ROOT, f), readFileSync(f, "utf8")));
  assert.deepEqual(hits, [], `references to the development-only folder:\n${hits.join("\n")}`);
});

/** Every command path of the CLI (["import"], ["index", "build"], ...), from the program itself. */
function commandPaths(cmd: Command, prefix: string[] = []): string[][] {
  return cmd.commands.flatMap((c) => {
    const path = [...prefix, c.name()];
    return [path, ...commandPaths(c, path)];
  });
}

function runHelp(args: string[], home: string): Promise<{ args: string[]; code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(REPO_ROOT, "bin/r2k.js"), ...args, "--help"],
      { cwd: REPO_ROOT, env: { ...process.env, R2K_HOME: home, NO_COLOR: "1" }, timeout: 60_000 },
      (err, stdout, stderr) => resolve({ args, code: err ? (typeof err.code === "number" ? err.code : 1) : 0, output: `${stdout}${stderr}` }),
    );
  });
}

test("r2k --help and every subcommand's --help never refer to the folder beside the repository", async () => {
  const paths = [[], ...commandPaths(buildProgram())];
  assert.ok(paths.some((p) => p.join(" ") === "index build"), "nested commands are included");
  assert.ok(paths.length >= 12, `only ${paths.length} command paths`);
  const home = mkdtempSync(join(tmpdir(), "r2k-help-"));
  try {
    const results: Awaited<ReturnType<typeof runHelp>>[] = [];
    // A few at a time: each run starts its own Node process.
    for (let i = 0; i < paths.length; i += 4) results.push(...(await Promise.all(paths.slice(i, i + 4).map((p) => runHelp(p, home)))));
    const hits: string[] = [];
    for (const r of results) {
      const label = `r2k ${[...r.args, "--help"].join(" ")}`;
      assert.equal(r.code, 0, `${label} exited with ${r.code}: ${r.output.slice(0, 300)}`);
      assert.match(r.output, /Usage: r2k/, `${label} printed its usage`);
      hits.push(...findReferences(label, r.output));
    }
    assert.deepEqual(hits, [], `help text refers to the development-only folder:\n${hits.join("\n")}`);
    // The top-level help lists every top-level command the program has.
    const top = results[0].output;
    for (const c of buildProgram().commands) assert.match(top, new RegExp(`^\\s+${c.name()}\\b`, "m"), `r2k --help lists ${c.name()}`);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});
