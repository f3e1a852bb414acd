/**
 * The package as a user gets it: `npm pack` of the repository's current build and `npm install`
 * of the tarball into an empty folder (its runtime dependencies come from the npm registry).
 * Used by test/package/install.test.ts and `npm run bench -- package`.
 */
import { execFile } from "node:child_process";
import { lstatSync, readdirSync } from "node:fs";
import { delimiter, dirname, join } from "node:path";
import { REPO_ROOT } from "./real-data.ts";

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The environment of a user's shell: npm's own variables (set when the tests run under `npm test`,
 * e.g. npm_config_local_prefix) removed, and the Node running the tests first on PATH, so `npm`,
 * `npx` and the installed `r2k` run on it.
 */
export function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k)) env[k] = v;
  env.PATH = [dirname(process.execPath), env.PATH].filter(Boolean).join(delimiter);
  return { ...env, ...extra };
}

/** Runs a command to its end; never rejects (the exit code says how it went). */
export function run(cmd: string, args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<Run> {
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd: opts.cwd, env: opts.env ?? userEnv(), timeout: opts.timeoutMs ?? 600_000, maxBuffer: 64 * 1024 * 1024, encoding: "utf8" }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === "number" ? err.code : 1) : 0;
      resolve({ code, stdout, stderr: err && typeof err.code !== "number" ? `${stderr}\n${err.message}` : stderr });
    });
  });
}

export interface Packed {
  /** Absolute path of the tarball. */
  tarball: string;
  /** Bytes of the tarball, and of the files in it. */
  size: number;
  unpackedSize: number;
  /** Paths inside the package, sorted. */
  files: string[];
}

/**
 * `npm pack` of the repository into `dest`. Scripts are not run: `prepare` would rebuild dist/
 * under the other tests' feet (the test runner has already built it from the current sources).
 */
export async function packRepo(dest: string): Promise<Packed> {
  const r = await run("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", dest], { cwd: REPO_ROOT, timeoutMs: 120_000 });
  if (r.code !== 0) throw new Error(`npm pack exited ${r.code}:\n${r.stderr}`);
  const [info] = JSON.parse(r.stdout) as { filename: string; size: number; unpackedSize: number; files: { path: string }[] }[];
  return { tarball: join(dest, info.filename), size: info.size, unpackedSize: info.unpackedSize, files: info.files.map((f) => f.path).sort() };
}

/** `npm install TARBALL` in `dir` (an empty folder): the package and its runtime dependencies. */
export async function installTarball(tarball: string, dir: string): Promise<Run> {
  return run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", tarball], { cwd: dir, timeoutMs: 900_000 });
}

/** Bytes of every file under `dir` (symbolic links counted as themselves, not followed). */
export function treeBytes(dir: string): number {
  let total = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const st = lstatSync(path);
    total += st.isDirectory() ? treeBytes(path) : st.size;
  }
  return total;
}

/** The installed packages under `nodeModules` (scoped ones as @scope/name), largest first. */
export function packageSizes(nodeModules: string): { name: string; bytes: number }[] {
  const out: { name: string; bytes: number }[] = [];
  for (const name of readdirSync(nodeModules)) {
    if (name.startsWith(".")) continue;
    const path = join(nodeModules, name);
    if (!lstatSync(path).isDirectory()) continue;
    if (name.startsWith("@")) {
      for (const sub of readdirSync(path)) out.push({ name: `${name}/${sub}`, bytes: treeBytes(join(path, sub)) });
    } else out.push({ name, bytes: treeBytes(path) });
  }
  return out.sort((a, b) => b.bytes - a.bytes);
}
