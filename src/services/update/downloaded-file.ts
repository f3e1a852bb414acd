import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { FetchError } from "../../sources/live/errors.ts";
import type { FileImportResult } from "../import.ts";
import type { UpdateContext } from "./context.ts";
import type { UpdateItem, UpdateSource } from "./types.ts";

/**
 * Downloads in a file format (FRED's CSV, iShares holdings) go through the same importer as
 * files the user imports: saved to the run's temp folder, imported, and the result told about
 * the URL, never the temp copy.
 */

/** Saves a downloaded body under `name` in the run's temp folder; returns its path. */
export function saveDownload(ctx: UpdateContext, name: string, body: string | Uint8Array): string {
  const file = join(ctx.tempDir(), name);
  writeFileSync(file, body);
  return file;
}

/** An importer message about the temp copy, told about the URL instead. */
export function fileMessage(r: FileImportResult, file: string, url: string): string {
  return (r.error?.message ?? "").split(file).join(url);
}

/** The item of an imported download. */
export function fileItem(ctx: UpdateContext, source: UpdateSource, id: string, r: FileImportResult, file: string, url: string, notes: string[]): UpdateItem {
  if (r.error) {
    const message = fileMessage(r, file, url).replace(/\(use --replace[^)]*\)/, "(`r2k update --replace` takes the source's values)");
    return {
      ...ctx.failed(source, id, new FetchError("invalid", message), url),
      errorKind: r.error.kind === "conflict" ? "conflict" : "invalid",
    };
  }
  return {
    source,
    id,
    status: r.status === "imported" ? "updated" : "unchanged",
    added: r.added,
    updated: r.updated,
    firstDate: r.firstDate,
    lastDate: r.lastDate,
    importId: r.importId,
    url,
    notes,
  };
}
