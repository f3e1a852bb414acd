import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/**
 * A local HTTP server on 127.0.0.1 (random port) that replays recorded answers, so no test
 * touches the internet. Routes match the decoded path; each route answers with its replies
 * in turn (the last one repeats). A reply can hang (never answer), cut its body short, or be
 * computed from the request.
 */

export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Accept the request and never answer (a hung connection). */
  hang?: boolean;
  /** Announce the full Content-Length, send this many bytes, then drop the connection. */
  dropAfterBytes?: number;
  /** Wait before answering. */
  delayMs?: number;
}

export type Responder = Reply | ((url: URL, req: IncomingMessage) => Reply);

export interface LoggedRequest {
  path: string;
  url: URL;
  at: number;
  headers: IncomingMessage["headers"];
}

export class ReplayServer {
  private server: Server | null = null;
  private readonly routes: { match: string | RegExp; replies: Responder[]; used: number }[] = [];
  private readonly sockets = new Set<Socket>();
  readonly log: LoggedRequest[] = [];
  base = "";
  /** Requests being answered right now, and the most at once. */
  inFlight = 0;
  maxInFlight = 0;

  /** Adds (or replaces) the replies for a path; a RegExp matches any path it tests true on. */
  route(match: string | RegExp, ...replies: Responder[]): this {
    const i = this.routes.findIndex((r) => String(r.match) === String(match));
    const entry = { match, replies, used: 0 };
    if (i >= 0) this.routes[i] = entry;
    else this.routes.push(entry);
    return this;
  }

  requests(match: string | RegExp): LoggedRequest[] {
    return this.log.filter((r) => (typeof match === "string" ? r.path === match : match.test(r.path)));
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.on("connection", (s) => {
      this.sockets.add(s);
      s.on("close", () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    const { port } = this.server.address() as AddressInfo;
    this.base = `http://127.0.0.1:${port}`;
    return this;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", this.base);
    const path = decodeURIComponent(url.pathname);
    this.log.push({ path, url, at: Date.now(), headers: req.headers });
    const route = this.routes.find((r) => (typeof r.match === "string" ? r.match === path : r.match.test(path)));
    if (!route) {
      res.writeHead(404, { "content-type": "text/plain" }).end(`no route for ${path}`);
      return;
    }
    const responder = route.replies[Math.min(route.used, route.replies.length - 1)];
    route.used++;
    const reply = typeof responder === "function" ? responder(url, req) : responder;
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
      if (reply.hang) {
        await new Promise<void>((resolve) => req.socket.once("close", () => resolve()));
        return;
      }
      const body = typeof reply.body === "string" ? Buffer.from(reply.body) : (reply.body ?? Buffer.alloc(0));
      const headers = { "content-type": "application/json;charset=utf-8", ...reply.headers };
      if (reply.dropAfterBytes !== undefined) {
        res.writeHead(reply.status ?? 200, { ...headers, "content-length": String(body.length) });
        res.write(body.subarray(0, reply.dropAfterBytes));
        await new Promise((r) => setTimeout(r, 20));
        req.socket.destroy();
        return;
      }
      res.writeHead(reply.status ?? 200, headers).end(body);
    } finally {
      this.inFlight--;
    }
  }
}

/** A port on 127.0.0.1 where nothing listens (connection refused). */
export async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}
