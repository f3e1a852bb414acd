/**
 * What a command handed over to the server that owns the store carries (POST /run, JSON), and
 * what comes back: one JSON object per line, output as it is written, the exit code last.
 */

/** A client's terminal stream: whether it is a terminal, and how wide. */
export interface Terminal {
  isTTY: boolean;
  columns?: number;
}

export interface Handover {
  argv: string[];
  /** The client's directory: relative paths of the command line are read from it. */
  cwd: string;
  /** The client's values of the variables r2k reads (FORWARDED_ENV). */
  env: Record<string, string>;
  stdout: Terminal;
  stderr: Terminal;
}

/** Output (text, or bytes as base64: a PDF report on standard output), then the exit code. */
export type Frame = { to: "out" | "err"; text: string } | { to: "out" | "err"; base64: string } | { exit: number };

/**
 * The variables a handed-over command takes from its client rather than from the server: r2k's
 * own, the FRED key, colour, and where the per-user directory is.
 */
export const FORWARDED_ENV = /^(R2K_\w+|FRED_API_KEY|NO_COLOR|XDG_DATA_HOME|LOCALAPPDATA)$/;

function terminal(v: unknown, name: string): Terminal {
  const t = v as Partial<Terminal> | null;
  if (!t || typeof t !== "object" || typeof t.isTTY !== "boolean") throw new Error(`${name}: expected { isTTY, columns? }`);
  if (t.columns !== undefined && !(Number.isInteger(t.columns) && t.columns > 0)) throw new Error(`${name}.columns: expected a positive integer`);
  return { isTTY: t.isTTY, columns: t.columns };
}

/** A request body as a Handover, or an Error saying which field is wrong. */
export function parseHandover(body: unknown): Handover {
  const b = body as Partial<Record<keyof Handover, unknown>> | null;
  if (!b || typeof b !== "object") throw new Error("expected a JSON object");
  if (!Array.isArray(b.argv) || !b.argv.every((a) => typeof a === "string")) throw new Error("argv: expected an array of strings");
  if (typeof b.cwd !== "string" || !b.cwd.startsWith("/") && !/^[A-Za-z]:[\\/]/.test(b.cwd)) throw new Error("cwd: expected an absolute path");
  const env = b.env as Record<string, unknown> | null;
  if (!env || typeof env !== "object" || !Object.values(env).every((v) => typeof v === "string")) throw new Error("env: expected an object of strings");
  return { argv: b.argv, cwd: b.cwd, env: env as Record<string, string>, stdout: terminal(b.stdout, "stdout"), stderr: terminal(b.stderr, "stderr") };
}

/** What a client sends for its own process. */
export function handoverOf(argv: string[], cwd: string, env: NodeJS.ProcessEnv, stdout: Terminal, stderr: Terminal): Handover {
  const forwarded: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (value !== undefined && FORWARDED_ENV.test(name)) forwarded[name] = value;
  return { argv, cwd, env: forwarded, stdout, stderr };
}
