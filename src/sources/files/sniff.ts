import { createReadStream, openSync, readSync, closeSync, statSync } from "node:fs";
import { createHash } from "node:crypto";
import { InputError } from "../../model/index.ts";

/** Bytes read to recognise a file: enough for an iShares header block and a few rows. */
const HEAD_BYTES = 64 * 1024;

export interface FileHead {
  path: string;
  size: number;
  /** Decoded text of the first HEAD_BYTES (BOM removed), for header detection. */
  text: string;
  /** Complete lines of `text` (the last, possibly cut, line dropped unless the file ended). */
  lines: string[];
  hadBom: boolean;
}

/**
 * Reads the start of a file and rejects what cannot be a CSV at all: empty files and
 * binary content (NUL bytes or invalid UTF-8).
 */
export function readHead(path: string): FileHead {
  const size = statSync(path).size;
  if (size === 0) throw new InputError(path, null, null, "the file is empty");
  const fd = openSync(path, "r");
  const buf = Buffer.alloc(Math.min(HEAD_BYTES, size));
  try {
    readSync(fd, buf, 0, buf.length, 0);
  } finally {
    closeSync(fd);
  }
  if (buf.includes(0)) throw new InputError(path, null, null, "this is a binary file, not a CSV text file");
  if (buf.length < size && !buf.includes(0x0a)) {
    throw new InputError(path, 1, null, `no line break in the first ${HEAD_BYTES / 1024} KiB: the first line alone is longer than a CSV header or row can be (not a CSV file?)`);
  }
  let text: string;
  try {
    // Cut at the last newline first so a multi-byte character split by HEAD_BYTES is not an error.
    const cut = buf.length < size ? buf.subarray(0, buf.lastIndexOf(0x0a) + 1 || buf.length) : buf;
    text = new TextDecoder("utf-8", { fatal: true }).decode(cut);
  } catch {
    throw new InputError(path, null, null, "the file is not UTF-8 text (binary or another encoding)");
  }
  const hadBom = text.charCodeAt(0) === 0xfeff;
  if (hadBom) text = text.slice(1);
  const lines = text.split(/\r?\n/);
  if (buf.length < size || text.endsWith("\n")) lines.pop();
  if (lines.every((l) => l.trim() === "")) throw new InputError(path, null, null, "the file holds no text (only blank lines)");
  return { path, size, text, lines, hadBom };
}

/** Splits one CSV line, honouring double quotes ("" inside quotes is a quote). */
export function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"') {
        if (line[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      out.push(field);
      field = "";
    } else field += ch;
  }
  out.push(field);
  return out;
}

export async function sha256File(path: string, onBytes?: (n: number) => void): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    hash.update(chunk as Buffer);
    onBytes?.((chunk as Buffer).length);
  }
  return hash.digest("hex");
}

/**
 * The physical (1-based) line of the n-th data row (0-based) after the header line,
 * counting blank lines the CSV reader skips. Used only to point at a bad row precisely.
 */
export async function physicalLineOfRow(
  path: string,
  rowIndex: number,
  headerLines = 1,
): Promise<{ line: number; text: string }> {
  let line = 0;
  let row = -1;
  let rest = "";
  for await (const chunk of createReadStream(path, { encoding: "utf8", highWaterMark: 1 << 20 })) {
    const parts = (rest + (chunk as string)).split("\n");
    rest = parts.pop() ?? "";
    for (const p of parts) {
      line++;
      if (line <= headerLines) continue;
      if (p.trim() !== "") row++;
      if (row === rowIndex) return { line, text: p };
    }
  }
  return { line: line + 1, text: rest };
}
