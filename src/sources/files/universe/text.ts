/** Text handling shared by the universe, membership and prices readers. */
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { InputError, parseIsoDay } from "../../../model/index.ts";
import { splitCsvLine } from "../sniff.ts";

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** A valid YYYY-MM-DD in the file's name, else null (a universe CSV's as-of date). */
export function dateInName(file: string): string | null {
  const m = /(\d{4}-\d{2}-\d{2})/.exec(basename(file));
  return m && parseIsoDay(m[1]) !== null ? m[1] : null;
}

/** Plain or thousands-separated decimal; "" -> null; anything else -> NaN. */
export function parseNum(text: string): number | null {
  const t = text.trim();
  if (t === "") return null;
  const c = t.replace(/,/g, "");
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(c)) return NaN;
  return Number(c);
}

/** Column names of a header line, trimmed and lower-cased. */
export function headerOf(line: string): string[] {
  return splitCsvLine(line).map((h) => h.trim().toLowerCase());
}

/** A file's text without its BOM; unreadable, binary or empty files are InputErrors. */
export function readText(path: string): string {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new InputError(path, null, null, `cannot read the file: ${(err as Error).message.split("\n")[0]}`);
  }
  if (text.includes("\u0000")) throw new InputError(path, null, null, "this is a binary file, not a CSV text file");
  if (text.trim() === "") throw new InputError(path, null, null, "the file is empty");
  return stripBom(text);
}
