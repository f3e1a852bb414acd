// What the compiled build (dist/) is made from, hashed: the TypeScript sources, the dashboard's
// sources, the compiler settings, the locked dependency versions and the build recipe. `npm run
// build` writes the hash into dist/.source-hash; the test runner rebuilds when it differs, so
// tests that spawn bin/r2k.js never run an older build than the sources.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("../", import.meta.url));
export const BUILD_INPUTS = ["src", "web", "tsconfig.json", "tsconfig.build.json", "package-lock.json", "scripts/build.mjs", "scripts/build-hash.mjs"];
export const STAMP = join("dist", ".source-hash");

function files(path) {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .filter((name) => name !== "node_modules" && name !== "dist" && !name.startsWith("."))
    .flatMap((name) => files(join(path, name)));
}

/** Hash of every build input under `root` (paths relative to it, with their bytes). */
export function sourceHash(root = REPO_ROOT) {
  const h = createHash("sha256");
  const all = BUILD_INPUTS.flatMap((p) => files(join(root, p)))
    .map((f) => [relative(root, f).split(sep).join("/"), f])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [name, f] of all) h.update(name).update("\0").update(readFileSync(f)).update("\0");
  return h.digest("hex").slice(0, 16);
}

/** The hash dist/ was built from, or null when there is no complete build. */
export function builtHash(root = REPO_ROOT) {
  const stamp = join(root, STAMP);
  return existsSync(stamp) ? readFileSync(stamp, "utf8").trim() : null;
}

/**
 * Builds dist/ (scripts/build.mjs, output shown) when it was not built from the current sources,
 * saying `why` first. True when dist/ then matches the sources.
 */
export function buildIfStale(why) {
  const want = sourceHash();
  if (builtHash() === want) return true;
  console.log(why);
  const built = spawnSync(process.execPath, [join(REPO_ROOT, "scripts/build.mjs")], { stdio: "inherit", cwd: REPO_ROOT });
  return built.status === 0 && builtHash() === want;
}
