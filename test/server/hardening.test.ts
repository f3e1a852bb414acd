// Rate limit, static serving without traversal, an empty store, binding, and `r2k serve`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildApp, startServer } from "../../src/server/index.ts";
import { tempStore } from "../helpers/store.ts";

test("rate limit: 429 with a message past the limit, 404s counted too", async () => {
  const t = await tempStore();
  const { app } = await buildApp({ store: t.store, rateLimit: { max: 5, timeWindowMs: 60_000 } });
  try {
    const codes: number[] = [];
    for (let i = 0; i < 7; i++) codes.push((await app.inject({ method: "GET", url: i % 2 ? "/api/health" : "/nope" })).statusCode);
    assert.deepEqual(codes.slice(0, 5), [404, 200, 404, 200, 404]);
    const r = await app.inject({ method: "GET", url: "/api/health" });
    assert.equal(r.statusCode, 429);
    assert.match(r.json().message, /rate limit/);
    assert.ok(r.headers["retry-after"]);
    assert.equal(r.headers["x-content-type-options"], "nosniff");
  } finally {
    await app.close();
    t.cleanup();
  }
});

test("static files: only the bundle's own files, from memory; no traversal", async () => {
  const t = await tempStore();
  const web = join(t.dir, "web");
  mkdirSync(join(web, "assets"), { recursive: true });
  writeFileSync(join(web, "index.html"), "<!doctype html><title>r2k</title>");
  writeFileSync(join(web, "assets", "app-abc123.js"), "console.log(1);".repeat(100));
  writeFileSync(join(t.dir, "secret.txt"), "top secret");
  const { app } = await buildApp({ store: t.store, webDir: web, rateLimit: false });
  try {
    const index = await app.inject({ method: "GET", url: "/" });
    assert.equal(index.statusCode, 200);
    assert.match(index.headers["content-type"] as string, /text\/html/);
    assert.equal(index.headers["cache-control"], "no-cache");
    assert.match(index.headers["content-security-policy"] as string, /default-src 'self'/);
    const js = await app.inject({ method: "GET", url: "/assets/app-abc123.js", headers: { "accept-encoding": "gzip" } });
    assert.equal(js.statusCode, 200);
    assert.equal(js.headers["content-encoding"], "gzip");
    assert.match(js.headers["cache-control"] as string, /immutable/);
    const again = await app.inject({ method: "GET", url: "/assets/app-abc123.js", headers: { "if-none-match": js.headers.etag as string } });
    assert.equal(again.statusCode, 304);
    for (const url of [
      "/../secret.txt",
      "/assets/../../secret.txt",
      "/assets/..%2f..%2fsecret.txt",
      "/%2e%2e/secret.txt",
      "/assets/%2e%2e/%2e%2e/secret.txt",
      "/..\\secret.txt",
      "/assets/app-abc123.js/../../secret.txt",
      "/secret.txt",
      "/index.html/..",
      "//etc/passwd",
    ]) {
      const r = await app.inject({ method: "GET", url });
      assert.ok(r.statusCode === 404 || r.statusCode === 400 || (r.statusCode === 200 && !r.body.includes("top secret")), `${url}: ${r.statusCode}`);
      assert.doesNotMatch(r.body, /top secret/, url);
    }
  } finally {
    await app.close();
    t.cleanup();
  }
});

test("an empty store: every endpoint answers, and says nothing is stored", async () => {
  const t = await tempStore();
  const { app } = await buildApp({ store: t.store, rateLimit: false });
  try {
    const h = (await app.inject({ method: "GET", url: "/api/health" })).json();
    assert.equal(h.empty, true);
    assert.equal(h.demo, false);
    for (const url of ["/api/series", "/api/comparison", "/api/returns", "/api/rolling", "/api/drawdowns", "/api/case-studies", "/api/leadership", "/api/lead-lag", "/api/rates", "/api/composition", "/api/valuation", "/api/breadth", "/api/tracking", "/api/risk", "/api/snapshot"]) {
      const r = await app.inject({ method: "GET", url });
      assert.ok(r.statusCode === 200 || r.statusCode === 400, `${url}: ${r.statusCode} ${r.body.slice(0, 200)}`);
    }
    const l = (await app.inject({ method: "GET", url: "/api/leadership" })).json();
    assert.equal(l.leadership.available, false);
    assert.match(l.leadership.reason, /\^RUT/);
    const c = (await app.inject({ method: "GET", url: "/api/composition" })).json();
    assert.equal(c.composition.available, false);
  } finally {
    await app.close();
    t.cleanup();
  }
});

test("startServer binds 127.0.0.1 by default and closes cleanly", async () => {
  const t = await tempStore();
  try {
    const s = await startServer({ store: t.store, port: 0, web: false });
    assert.match(s.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    const r = await fetch(`${s.url}api/health`);
    assert.equal(r.status, 200);
    assert.equal(r.headers.get("x-frame-options"), "DENY");
    await s.close();
    await assert.rejects(fetch(`${s.url}api/health`));
  } finally {
    t.cleanup();
  }
});

test("r2k serve prints the URL, serves the dashboard and stops on SIGTERM", { timeout: 120_000 }, async () => {
  const t = await tempStore();
  t.store.close();
  const child = spawn(process.execPath, ["bin/r2k.js", "--db", t.path, "serve", "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
  try {
    let out = "";
    let err = "";
    child.stderr.on("data", (d) => (err += String(d)));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL printed; stderr: ${err}`)), 100_000);
      child.stdout.on("data", (d) => {
        out += String(d);
        const m = /r2k dashboard: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
      child.on("exit", (code) => reject(new Error(`exited ${code}: ${err}`)));
    });
    const page = await fetch(url);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<script type="module"/);
    const health = (await (await fetch(`${url}api/health`)).json()) as { empty: boolean };
    assert.equal(health.empty, true);
    const code = await new Promise<number | null>((resolve) => {
      child.on("exit", (c) => resolve(c));
      child.kill("SIGTERM");
    });
    assert.equal(code, 0, err);
  } finally {
    if (child.exitCode === null) child.kill("SIGKILL");
    t.cleanup();
  }
});

test("r2k serve rejects a bad port or refresh interval with exit code 2", async () => {
  for (const args of [["--port", "http"], ["--port", "70000"], ["--refresh", "soon"]]) {
    const child = spawn(process.execPath, ["bin/r2k.js", "--db", "/nonexistent/r2k.duckdb", "serve", ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let err = "";
    child.stderr.on("data", (d) => (err += String(d)));
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    assert.equal(code, 2, `${args.join(" ")}: ${err}`);
    assert.match(err, /--port|--refresh/);
  }
});
