/**
 * The server's side of the handover: a loopback HTTP listener, apart from the dashboard's (which
 * may be bound to other machines), where another r2k command on this machine hands over its
 * command line. The command runs here, on the store the server holds, with the client's
 * directory, environment and terminal, and its output and exit code are streamed back as lines
 * of JSON (protocol.ts). Only a caller that read the owner file's token is served.
 */
import { timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import type { Runtime } from "../runtime.ts";
import type { StoreHost } from "./host.ts";
import { FORWARDED_ENV, parseHandover, type Frame, type Handover } from "./protocol.ts";

/** Runs a command line in a runtime and gives its exit code (the CLI's main). */
export type RunCommand = NonNullable<Runtime["run"]>;

export interface HandoverChannel {
  port: number;
  /** Stops taking commands; the client of a command still running is told it stops, and this waits for it to end. */
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;

function tokenMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(header ?? "");
  const expected = Buffer.from(`Bearer ${token}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

async function readBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** The server's environment with the client's own values of what r2k reads from it. */
function clientEnv(sent: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env)) if (FORWARDED_ENV.test(name)) delete env[name];
  for (const [name, value] of Object.entries(sent)) if (FORWARDED_ENV.test(name)) env[name] = value;
  return env;
}

/** A stream of the client's terminal: what is written goes back as frames. */
function clientStream(to: "out" | "err", terminal: { isTTY: boolean; columns?: number }, send: (f: Frame) => void): Runtime["stdout"] {
  const stream = new Writable({
    decodeStrings: false,
    write(chunk: string | Buffer, _encoding, done) {
      send(typeof chunk === "string" ? { to, text: chunk } : { to, base64: chunk.toString("base64") });
      done();
    },
  });
  return Object.assign(stream, { isTTY: terminal.isTTY, columns: terminal.columns });
}

export async function openHandoverChannel(opts: { token: string; host: StoreHost; run: RunCommand }): Promise<HandoverChannel> {
  const running = new Set<{ done: Promise<void>; clientGone: AbortController }>();
  let closing = false;

  const serve = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== "POST" || req.url !== "/run") {
      res.writeHead(404).end();
      return;
    }
    if (!tokenMatches(req.headers.authorization, opts.token)) {
      res.writeHead(401).end();
      return;
    }
    if (closing) {
      res.writeHead(503).end();
      return;
    }
    const body = await readBody(req);
    let handover: Handover;
    try {
      if (body === null) throw new Error("the request is larger than 1 MB");
      handover = parseHandover(JSON.parse(body));
    } catch (err) {
      res.writeHead(400, { "content-type": "text/plain" }).end((err as Error).message);
      return;
    }
    res.writeHead(200, { "content-type": "application/x-ndjson" });
    const clientGone = new AbortController();
    res.on("close", () => {
      if (!res.writableFinished) clientGone.abort();
    });
    const send = (f: Frame) => {
      if (!res.destroyed) res.write(`${JSON.stringify(f)}\n`);
    };
    const runtime: Runtime = {
      stdout: clientStream("out", handover.stdout, send),
      stderr: clientStream("err", handover.stderr, send),
      cwd: handover.cwd,
      env: clientEnv(handover.env),
      host: opts.host,
      signal: clientGone.signal,
    };
    const entry = { done: Promise.resolve(), clientGone };
    entry.done = opts.run(handover.argv, runtime).then(
      (code) => {
        send({ exit: code });
        res.end();
      },
      (err: unknown) => {
        send({ to: "err", text: `r2k: ${(err as Error).message}\n` });
        send({ exit: 1 });
        res.end();
      },
    );
    running.add(entry);
    await entry.done;
    running.delete(entry);
  };

  const server = createServer((req, res) => {
    serve(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    async close() {
      closing = true;
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      // Updates stop at the next item; imports end their transaction (nothing stops one midway).
      for (const r of running) r.clientGone.abort();
      await Promise.all([...running].map((r) => r.done));
      server.closeAllConnections();
      await stopped;
    },
  };
}
