/**
 * `npm run bench -- server`: the dashboard server on the demo market, on loopback only.
 * - autocannon (in a child process, so the load generator does not share the server's event
 *   loop) against the comparison endpoint and a series endpoint, cached results:
 *   requests/s, p50 and p99 latency. Targets: >= 2,000 req/s and p99 < 20 ms on 2 cores.
 * - the web bundle: gzipped JS and CSS size.
 * - time to first chart in Chromium (/usr/bin/chromium), cold (server caches empty) and warm.
 * Request loops are bounded (fixed durations) and every target is 127.0.0.1.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { loadDemo } from "../src/services/demo.ts";
import { ensureWebBundle, startServer } from "../src/server/index.ts";
import { GENERATOR_VERSION } from "../src/sources/demo/index.ts";
import { Store } from "../src/store/index.ts";

const OUT = new URL("./out/", import.meta.url).pathname;
const CHROMIUM = "/usr/bin/chromium";
const DURATION_S = 8;
const CONNECTIONS = 16;

/** The demo store, rebuilt whenever the generator's sources change. */
async function demoStore(): Promise<string> {
  mkdirSync(OUT, { recursive: true });
  const dir = new URL("../src/sources/demo/", import.meta.url).pathname;
  const h = createHash("sha256").update(`v${GENERATOR_VERSION} demo store`);
  for (const f of readdirSync(dir).sort()) h.update(f).update(readFileSync(join(dir, f)));
  const path = join(OUT, `server-demo-${h.digest("hex").slice(0, 12)}.duckdb`);
  if (existsSync(path)) return path;
  const tmp = `${path}.tmp`;
  rmSync(tmp, { force: true });
  const store = await Store.open(tmp, { kind: "demo" });
  try {
    await loadDemo(store, { endDate: "2025-06-30" });
  } finally {
    store.close();
  }
  rmSync(`${tmp}.wal`, { force: true });
  renameSync(tmp, path);
  return path;
}

interface LoadResult {
  name: string;
  /** Held to the targets (the comparison and a series endpoint). */
  target: boolean;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  bytesPerRequest: number;
}

function autocannon(name: string, target: boolean, url: string, headers: string[] = []): Promise<LoadResult> {
  const bin = new URL("../node_modules/autocannon/autocannon.js", import.meta.url).pathname;
  const args = [bin, "-c", String(CONNECTIONS), "-d", String(DURATION_S), "-j", ...headers.flatMap((h) => ["-H", h]), url];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += String(d)));
    child.stderr.on("data", (d) => (err += String(d)));
    child.on("exit", (code) => {
      if (code !== 0) return reject(new Error(`autocannon exited ${code}: ${err}`));
      const r = JSON.parse(out) as {
        requests: { average: number };
        latency: { p50: number; p99: number };
        non2xx: number;
        errors: number;
        throughput: { total: number };
        requests_total?: number;
        "2xx": number;
      };
      const total = r["2xx"] + r.non2xx;
      resolve({
        name,
        target,
        requestsPerSecond: r.requests.average,
        p50: r.latency.p50,
        p99: r.latency.p99,
        non2xx: r.non2xx,
        errors: r.errors,
        bytesPerRequest: total ? Math.round(r.throughput.total / total) : 0,
      });
    });
  });
}

function bundleSizes(dir: string): { js: number; jsGzip: number; css: number; cssGzip: number } {
  const assets = join(dir, "assets");
  let js = 0;
  let jsGzip = 0;
  let css = 0;
  let cssGzip = 0;
  for (const f of readdirSync(assets)) {
    const body = readFileSync(join(assets, f));
    const gz = gzipSync(body, { level: 9 }).length;
    if (f.endsWith(".js")) {
      js += body.length;
      jsGzip += gz;
    } else if (f.endsWith(".css")) {
      css += body.length;
      cssGzip += gz;
    }
  }
  return { js, jsGzip, css, cssGzip };
}

async function firstChart(url: string): Promise<{ firstChartMs: number; allChartsMs: number }> {
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const t0 = Date.now();
    await page.goto(url);
    await page.waitForSelector("body[data-ready='1']", { timeout: 60_000 });
    const allChartsMs = Date.now() - t0;
    // Recorded by the page itself on its first chart (ms since navigation start).
    const firstChartMs = Number(await page.evaluate("document.documentElement.dataset.firstChart"));
    await context.close();
    return { firstChartMs, allChartsMs };
  } finally {
    await browser.close();
  }
}

export async function benchServer(): Promise<void> {
  const dbPath = await demoStore();
  const bundle = await ensureWebBundle();
  const server = await startServer({ dbPath, port: 0, rateLimit: { max: 100_000_000, timeWindowMs: 60_000 } });
  try {
    const comparison = `${server.url}api/comparison`;
    const series = `${server.url}api/series/%5ERUT/bars?from=2020-01-01`;
    const chart = `${server.url}api/drawdowns?from=2010-01-01`;

    let browserTimes: { cold: Awaited<ReturnType<typeof firstChart>>; warm: Awaited<ReturnType<typeof firstChart>> } | null = null;
    if (existsSync(CHROMIUM)) {
      server.ctx.invalidate();
      const cold = await firstChart(server.url);
      const warm = await firstChart(server.url);
      browserTimes = { cold, warm };
    }

    for (const u of [comparison, series, chart]) await fetch(u).then((r) => r.arrayBuffer()); // warm the cache
    const results: LoadResult[] = [];
    results.push(await autocannon("GET /api/comparison (cached)", true, comparison));
    results.push(await autocannon("GET /api/comparison (cached, gzip)", true, comparison, ["accept-encoding=gzip"]));
    results.push(await autocannon("GET /api/series/^RUT/bars?from=2020-01-01 (cached)", true, series));
    results.push(await autocannon("GET /api/drawdowns?from=2010-01-01 (cached; 3 chart series)", false, chart));

    console.log(`loopback, ${CONNECTIONS} connections, ${DURATION_S} s each, rate limiter on (limit raised), demo market`);
    console.log("endpoint | req/s | p50 ms | p99 ms | bytes/req | non-2xx | errors");
    for (const r of results) {
      console.log(`${r.name}${r.target ? " *" : ""} | ${Math.round(r.requestsPerSecond)} | ${r.p50} | ${r.p99} | ${r.bytesPerRequest} | ${r.non2xx} | ${r.errors}`);
    }
    const ok = results.filter((r) => r.target).every((r) => r.requestsPerSecond >= 2000 && r.p99 < 20 && r.non2xx === 0 && r.errors === 0);
    console.log(`targets for the * rows (>= 2,000 req/s, p99 < 20 ms, no errors): ${ok ? "met" : "NOT met"}`);

    const b = bundleSizes(bundle.dir);
    console.log(`web bundle: JS ${(b.js / 1024).toFixed(0)} KiB (${(b.jsGzip / 1024).toFixed(0)} KiB gzipped), CSS ${(b.css / 1024).toFixed(1)} KiB (${(b.cssGzip / 1024).toFixed(1)} KiB gzipped)`);
    if (browserTimes) {
      console.log(
        `chromium, time to first chart: ${browserTimes.cold.firstChartMs} ms cold (server caches empty), ${browserTimes.warm.firstChartMs} ms warm; ` +
          `all ten sections drawn: ${browserTimes.cold.allChartsMs} ms cold, ${browserTimes.warm.allChartsMs} ms warm`,
      );
    } else console.log(`chromium: ${CHROMIUM} absent, time to first chart not measured`);
  } finally {
    await server.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchServer();
