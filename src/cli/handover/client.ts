/**
 * The client's side of the handover: a command whose store a running server owns is sent to
 * that server (channel.ts), and its output and exit code come back as if it had run here.
 */
import { request } from "node:http";
import type { StoreOwner } from "../../store/owner.ts";
import { EXIT } from "../exit.ts";
import type { Runtime } from "../runtime.ts";
import { handoverOf, type Frame } from "./protocol.ts";

/**
 * Runs `argv` in the server that owns the store and gives its exit code; null when the server
 * cannot be reached (it has just stopped: the command may then open the store itself).
 */
export function runInServer(owner: StoreOwner, argv: string[], rt: Runtime): Promise<number | null> {
  const body = JSON.stringify(
    handoverOf(argv, rt.cwd, rt.env, { isTTY: Boolean(rt.stdout.isTTY), columns: rt.stdout.columns }, { isTTY: Boolean(rt.stderr.isTTY), columns: rt.stderr.columns }),
  );
  return new Promise((resolve) => {
    let exit: number | null = null;
    let answered = false;
    const failed = (why: string) => {
      rt.stderr.write(`r2k: the r2k server at ${owner.url} (process ${owner.pid}), which owns ${owner.store}, ${why}\n`);
      resolve(EXIT.failure);
    };
    const req = request(
      {
        host: "127.0.0.1",
        port: owner.port,
        method: "POST",
        path: "/run",
        headers: { authorization: `Bearer ${owner.token}`, "content-type": "application/json", "content-length": Buffer.byteLength(body) },
      },
      (res) => {
        answered = true;
        if (res.statusCode === 503) {
          res.resume();
          resolve(null); // stopping: by the time this returns, the store is free
          return;
        }
        if (res.statusCode !== 200) {
          res.resume();
          failed(`refused the command (HTTP ${res.statusCode})`);
          return;
        }
        res.setEncoding("utf8");
        let pending = "";
        const take = (line: string) => {
          if (!line) return;
          const f = JSON.parse(line) as Frame;
          if ("exit" in f) exit = f.exit;
          else {
            const stream = f.to === "out" ? rt.stdout : rt.stderr;
            stream.write("text" in f ? f.text : Buffer.from(f.base64, "base64"));
          }
        };
        res.on("data", (chunk: string) => {
          pending += chunk;
          let nl: number;
          while ((nl = pending.indexOf("\n")) >= 0) {
            take(pending.slice(0, nl));
            pending = pending.slice(nl + 1);
          }
        });
        res.on("end", () => {
          take(pending);
          if (exit === null) failed("stopped before the command ended");
          else resolve(exit);
        });
        res.on("error", () => failed("stopped before the command ended"));
      },
    );
    req.on("error", (err: NodeJS.ErrnoException) => {
      if (!answered && (err.code === "ECONNREFUSED" || err.code === "ECONNRESET")) resolve(null);
      else if (!answered) failed(`could not be reached (${err.message})`);
    });
    req.end(body);
  });
}
