/**
 * The web bundle, served from memory. At start every file of the built bundle is read into a
 * map keyed by its URL path; a request is answered only when its path is a key of that map, so
 * no request path ever reaches the file system (no directory traversal, no symlink escape).
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { extname, join, relative, sep } from "node:path";
import { gzipSync } from "node:zlib";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".webmanifest": "application/manifest+json",
};

interface Asset {
  body: Buffer;
  gzip: Buffer | null;
  type: string;
  etag: string;
  immutable: boolean;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    const st = statSync(path);
    return st.isDirectory() ? walk(path) : st.isFile() ? [path] : [];
  });
}

/** Reads a built bundle into memory: URL path -> asset. */
export function loadAssets(dir: string): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  for (const file of walk(dir)) {
    const type = TYPES[extname(file).toLowerCase()];
    if (!type) continue;
    const url = "/" + relative(dir, file).split(sep).join("/");
    const body = readFileSync(file);
    const compressible = !type.startsWith("image/png") && body.length > 512;
    assets.set(url, {
      body,
      gzip: compressible ? gzipSync(body, { level: 9 }) : null,
      type,
      etag: `"${createHash("sha1").update(body).digest("base64url").slice(0, 20)}"`,
      // Vite names built assets by content hash: they never change under the same name.
      immutable: url.startsWith("/assets/"),
    });
  }
  return assets;
}

export function registerStatic(app: FastifyInstance, assets: Map<string, Asset>): void {
  const serve = (request: FastifyRequest, reply: FastifyReply, a: Asset) => {
    reply
      .header("etag", a.etag)
      .header("cache-control", a.immutable ? "public, max-age=31536000, immutable" : "no-cache")
      .header("vary", "accept-encoding");
    if (request.headers["if-none-match"] === a.etag) return reply.code(304).send();
    reply.type(a.type);
    const ae = request.headers["accept-encoding"];
    if (a.gzip && typeof ae === "string" && /\bgzip\b/.test(ae)) return reply.header("content-encoding", "gzip").send(a.gzip);
    return reply.send(a.body);
  };
  const index = assets.get("/index.html");
  if (index) app.get("/", (request, reply) => serve(request, reply, index));
  for (const [url, a] of assets) {
    if (url === "/index.html") continue;
    app.get(url, (request, reply) => serve(request, reply, a));
  }
}
