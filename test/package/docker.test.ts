// The container recipe (Dockerfile, docs/self-hosting.md) builds where a Docker daemon is
// reachable (it pulls node:24-bookworm-slim); elsewhere the test is skipped and says why.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const daemon = spawnSync("docker", ["info"], { encoding: "utf8", timeout: 20_000 });
const skip = daemon.status === 0 ? false : "no Docker daemon reachable here (docker info failed): the Dockerfile is built only where one is";

test("the Dockerfile runs r2k itself (not npx), as a non-root user, with the store in a volume", () => {
  const text = readFileSync(`${ROOT}Dockerfile`, "utf8");
  assert.match(text, /^CMD \["node", "bin\/r2k\.js", "start", "--host", "0\.0\.0\.0", "--port", "8080"\]$/m);
  assert.match(text, /^USER node$/m);
  assert.match(text, /^ENV R2K_HOME=\/data/m);
  assert.match(text, /^VOLUME \/data$/m);
});

test("docker build succeeds", { skip, timeout: 900_000 }, () => {
  const r = spawnSync("docker", ["build", "-t", "r2k-test-build", ROOT], { encoding: "utf8", timeout: 900_000 });
  assert.equal(r.status, 0, r.stderr.slice(-2000));
});
