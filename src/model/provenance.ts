import { z } from "zod";

export const SourceKind = z.enum(["file", "url", "demo"]);
export type SourceKind = z.infer<typeof SourceKind>;

export { DEMO_SOURCE } from "./demo-source.ts";

/** The record every import (file, download or generated demo) leaves behind. */
export const ImportRecord = z.object({
  id: z.number().int(),
  sourceKind: SourceKind,
  /** File path or URL (never with credentials). */
  sourceRef: z.string(),
  format: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  rowsAdded: z.number().int().nonnegative(),
  rowsUpdated: z.number().int().nonnegative(),
  rowsSkipped: z.number().int().nonnegative(),
  importedAt: z.string(),
});
export type ImportRecord = z.infer<typeof ImportRecord>;
