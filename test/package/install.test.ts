// SLOW (about a minute, more on a cold npm cache) and needs the npm registry: the package as a
// user gets it. `npm pack` makes the tarball from the current build (the test runner has rebuilt
// dist/ from the sources), `npm install ./r2k-x.y.z.tgz` installs it into an empty folder with
// its runtime dependencies from the registry, and the installed `r2k` runs there through npx:
// --help, `start --no-serve` (the synthetic demo market, offline), `serve` (health, the
// dashboard's page and script), and PDF output without playwright-core says what to install.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { indexSummary, statusReport } from "../../src/services/summary.ts";
import { Store } from "../../src/store/index.ts";
import { installTarball, packageSizes, packRepo, run, treeBytes, userEnv } from "../helpers/package.ts";
import { REPO_ROOT } from "../helpers/real-data.ts";

const VERSION = (JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { version: string }).version;

function tsSources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? tsSources(p) : n.endsWith(".ts") ? [p] : [];
  });
}

const MiB = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const money = (x: number) => x.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

test("npm pack, npm install into an empty folder, then npx r2k --help, start --no-serve and serve run there (slow: network)", { timeout: 1_200_000 }, async (t) => {
  const tmp = mkdtempSync(join(tmpdir(), "r2k-package-"));
  try {
    // The tarball: the compiled build, the command, the docs, README and LICENSE; nothing else.
    const packed = await packRepo(tmp);
    assert.equal(packed.tarball, join(tmp, `r2k-${VERSION}.tgz`));
    for (const must of ["package.json", "README.md", "LICENSE", "bin/r2k.js", "dist/cli/main.js", "dist/server/web-build.js", "dist/web/index.html", "docs/methodology.md", "docs/dashboard.md"]) {
      assert.ok(packed.files.includes(must), `the tarball holds ${must}`);
    }
    const stray = packed.files.filter((f) => !/^(dist|bin|docs)\//.test(f) && !["package.json", "README.md", "LICENSE"].includes(f));
    assert.deepEqual(stray, [], "nothing outside dist/, bin/, docs/, README, LICENSE and package.json");
    assert.deepEqual(packed.files.filter((f) => f.endsWith(".ts")), [], "no TypeScript sources");
    const compiled = packed.files.filter((f) => f.startsWith("dist/") && !f.startsWith("dist/web/") && f.endsWith(".js"));
    const sources = tsSources(join(REPO_ROOT, "src")).map((f) => `dist/${relative(join(REPO_ROOT, "src"), f).replace(/\.ts$/, ".js")}`).sort();
    assert.deepEqual(compiled.sort(), sources, "one compiled module per source file");
    assert.ok(packed.files.some((f) => /^dist\/web\/assets\/.+\.js$/.test(f)), "the dashboard's script is in the tarball");

    // An empty folder, as after `npm init -y`, and the tarball installed into it.
    const app = join(tmp, "app");
    mkdirSync(app);
    writeFileSync(join(app, "package.json"), JSON.stringify({ name: "r2k-install-check", private: true }));
    const installed = await installTarball(packed.tarball, app);
    assert.equal(installed.code, 0, `npm install exited ${installed.code}:\n${installed.stderr}`);
    const nm = join(app, "node_modules");
    assert.equal((JSON.parse(readFileSync(join(nm, "r2k", "package.json"), "utf8")) as { version: string }).version, VERSION);
    for (const dev of ["tsx", "vite", "typescript", "eslint", "fast-check"]) assert.ok(!existsSync(join(nm, dev)), `${dev} is a dev dependency and not installed`);
    assert.ok(existsSync(join(nm, "playwright-core")), "playwright-core is installed as an optional dependency");
    // The build's one-file copy of DuckDB's Node API is the installed version's, so it is the one loaded.
    const version = (path: string) => (JSON.parse(readFileSync(path, "utf8")) as { version: string }).version;
    assert.equal(version(join(nm, "r2k", "dist", "vendor", "duckdb-node-api.json")), version(join(nm, "@duckdb", "node-api", "package.json")));
    const sizes = packageSizes(nm);
    t.diagnostic(`tarball ${MiB(packed.size)}, unpacked ${MiB(packed.unpackedSize)}; installed node_modules ${MiB(treeBytes(nm))}; largest: ${sizes.slice(0, 5).map((s) => `${s.name} ${MiB(s.bytes)}`).join(", ")}`);

    const home = join(tmp, "home");
    const env = userEnv({ R2K_HOME: home, NO_COLOR: "1", R2K_OFFLINE: "1" });
    // `--no --`: the installed r2k or a failure, never a package of that name fetched from the registry.
    const npx = (args: string[]) => run("npx", ["--no", "--", ...args], { cwd: app, env, timeoutMs: 300_000 });

    const node = await npx(["node", "-p", "process.version"]);
    assert.equal(node.stdout.trim(), process.version, "the installed package runs on the Node under test");

    const help = await npx(["r2k", "--help"]);
    assert.equal(help.code, 0, help.stderr);
    assert.match(help.stdout, /^Usage: r2k \[options\] \[command\]/);
    for (const c of ["start", "serve", "import", "update", "compare", "report"]) assert.match(help.stdout, new RegExp(`^\\s+${c}\\b`, "m"), `--help lists ${c}`);

    // The main job, offline and without serving: the demo market in its own file, status and summary.
    const start = await npx(["r2k", "start", "--no-serve", "--offline"]);
    assert.equal(start.code, 0, `start exited ${start.code}:\n${start.stderr}`);
    const demoPath = join(home, "r2k.demo.duckdb");
    assert.ok(start.stderr.includes(`generating the synthetic demo market in its own file ${demoPath}`), start.stderr);
    assert.ok(start.stdout.includes(`store: ${demoPath} (SYNTHETIC demo store, `), start.stdout);
    // The figures printed are the ones the sources compute from the file the package wrote.
    const store = await Store.open(demoPath, { kind: "demo" });
    let status, latest;
    try {
      status = await statusReport(store);
      latest = await indexSummary(store);
    } finally {
      store.close();
    }
    const rut = status.series.find((s) => s.id === "^RUT");
    assert.ok(rut && rut.rows > 5000, "the demo market holds a long ^RUT history");
    assert.match(start.stdout, new RegExp(`\\^RUT\\s+index\\s+Russell 2000 \\(synthetic demo\\)\\s+${rut.rows.toLocaleString("en-US")}\\s+${rut.first}\\s+${rut.last}\\s+demo`));
    const rutClose = latest.find((r) => r.id === "^RUT");
    assert.ok(rutClose && rutClose.close > 0);
    assert.match(start.stdout, new RegExp(`\\^RUT\\s+Russell 2000 \\(synthetic demo\\)\\s+${rutClose.asOf}\\s+${money(rutClose.close)}\\s`));
    const summary = await npx(["r2k", "--demo", "summary", "--json"]);
    assert.equal(summary.code, 0, summary.stderr);
    assert.deepEqual((JSON.parse(summary.stdout) as { latest: unknown }).latest, JSON.parse(JSON.stringify(latest)));

    // The dashboard: the prebuilt bundle from dist/web and the API, on the demo store beside the empty one.
    const serve = spawn("npx", ["--no", "--", "r2k", "serve", "--port", "0"], { cwd: app, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    serve.stderr.on("data", (d) => (err += d));
    const exited = new Promise<number | null>((resolve) => serve.on("exit", (code) => resolve(code)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        serve.stdout.on("data", (d) => {
          out += d;
          const m = /r2k dashboard: (http:\/\/\S+)/.exec(out);
          if (m) resolve(m[1]);
        });
        void exited.then((code) => reject(new Error(`serve exited ${code} before serving:\n${out}\n${err}`)));
      });
      const health = await fetch(new URL("api/health", url));
      assert.equal(health.status, 200);
      const body = (await health.json()) as { status: string; demo: boolean; empty: boolean; series: number };
      assert.deepEqual({ status: body.status, demo: body.demo, empty: body.empty, series: body.series }, { status: "ok", demo: true, empty: false, series: status.series.length });
      const page = await fetch(url);
      assert.equal(page.status, 200);
      assert.match(page.headers.get("content-type") ?? "", /^text\/html/);
      const html = await page.text();
      assert.equal(html, readFileSync(join(nm, "r2k", "dist", "web", "index.html"), "utf8"), "index.html is the prebuilt one");
      const script = /<script type="module" crossorigin src="(\/assets\/[^"]+\.js)"/.exec(html);
      assert.ok(script, "index.html loads the bundled script");
      const js = await fetch(new URL(script[1].slice(1), url));
      assert.equal(js.status, 200);
      assert.match(js.headers.get("content-type") ?? "", /^text\/javascript/);
      assert.ok((await js.arrayBuffer()).byteLength > 100_000);
      // Written right after the URL, before the server answered anything.
      assert.ok(out.includes(`showing the SYNTHETIC demo market from ${demoPath} (the page says so)`), out);
      assert.doesNotMatch(err, /building the web bundle/, "the installed server builds nothing");
    } finally {
      process.kill(-serve.pid!, "SIGTERM");
      await exited;
    }

    // PDF output needs playwright-core (an optional dependency): without it, a clear message.
    rmSync(join(nm, "playwright-core"), { recursive: true, force: true });
    const pdf = await run("npx", ["--no", "--", "r2k", "--demo", "report", "--format", "pdf", "--out", join(tmp, "r.pdf")], { cwd: app, env: { ...env, R2K_CHROMIUM: process.execPath }, timeoutMs: 300_000 });
    assert.equal(pdf.code, 1, pdf.stderr);
    assert.match(pdf.stderr, /PDF output needs the playwright-core package \(npm install playwright-core\); --format html writes the same report without it/);
    assert.ok(!existsSync(join(tmp, "r.pdf")));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
