/**
 * How a delimited price or observation file maps onto the canonical Bar and Observation fields:
 * what a file source decides (src/sources/files/detect.ts) and the store's bulk reader executes
 * (src/store/delimited.ts).
 */

export const BAR_FIELDS = ["date", "open", "high", "low", "close", "adjClose", "volume"] as const;
export type BarField = (typeof BAR_FIELDS)[number];

export interface BarPlan {
  kind: "bars";
  /** The file's symbol, or the default for rows of a long-format file whose symbol cell is empty. */
  symbol: string;
  /** Column holding each row's symbol in a long-format (many symbols) file. */
  symbolColumn?: number;
  /** File column index of each canonical field (date and close required). */
  map: Partial<Record<BarField, number>>;
}

export interface ObservationPlan {
  kind: "observations";
  dateColumn: number;
  series: { column: number; id: string }[];
}

export interface DelimitedPlan {
  columns: string[];
  /** Lines before the first data row (the header). */
  headerLines: number;
  /** Cell texts meaning "no value" (Yahoo `null`, FRED `.` and empty). */
  missing: string[];
  target: BarPlan | ObservationPlan;
}

export interface StagedFile {
  /** Relation shaped like the stage table holding the accepted rows, for the merge. */
  relation: string;
  rows: number;
  /** Rows without any value (Yahoo null rows, FRED missing observations). */
  skipped: number;
}

