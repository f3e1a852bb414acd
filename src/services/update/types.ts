import type { R2kConfig } from "../../config/index.ts";
import type { FetchErrorKind } from "../../sources/live/errors.ts";
import type { HttpClient } from "../../sources/live/http.ts";

/** What `r2k update` is asked for and what it answers: the shapes the CLI, `npm start` and the server use. */

export type UpdateSource = "prices" | "fred" | "holdings" | "constituents" | "fundamentals";
export const UPDATE_ONLY = ["prices", "fred", "holdings", "fundamentals"] as const;
export type UpdateOnly = (typeof UPDATE_ONLY)[number];

export interface UpdateItem {
  source: UpdateSource;
  /** Symbol, FRED series id or fund ticker. */
  id: string;
  status: "updated" | "unchanged" | "failed";
  added: number;
  updated: number;
  firstDate: string | null;
  lastDate: string | null;
  importId: number | null;
  /** Where the data came from (never with an API key). */
  url: string | null;
  /** Why it failed, for the summary. */
  reason?: string;
  errorKind?: FetchErrorKind | "conflict";
  /** What else happened: splits, re-based history, revised values, dropped rows. */
  notes: string[];
}

export interface ConstituentsProgress {
  fund: string;
  asOf: string | null;
  total: number;
  done: number;
  failed: number;
  /** True when this run continued an earlier, unfinished one. */
  resumed: boolean;
  complete: boolean;
  /** Yahoo kept answering 429: the run stopped, the symbols left are for the next one. */
  stoppedByRateLimit: boolean;
  statePath: string;
}

export interface UpdateReport {
  items: UpdateItem[];
  /** Every request failed because no host could be reached: the machine is offline. */
  offline: boolean;
  /** Latest date of any stored price or observation. */
  storedUpTo: string | null;
  interrupted: boolean;
  constituents: ConstituentsProgress | null;
  usedFredApi: boolean;
}

export type UpdateEvent =
  | { type: "plan"; source: UpdateSource; total: number }
  | { type: "item"; item: UpdateItem }
  | { type: "retry"; url: string; attempt: number; waitMs: number; reason: string }
  | { type: "note"; message: string };

export interface UpdateOptions {
  config?: R2kConfig;
  /** Restrict the run to one kind of source. */
  only?: UpdateOnly;
  /** Extra Yahoo symbols for this run (`--symbol`). */
  symbols?: string[];
  /** Also fetch the daily history of every constituent of config.constituents.fund (one fund or several). */
  constituents?: boolean;
  /** Accept source values that differ from stored rows of another origin (e.g. a file from another vendor). */
  replace?: boolean;
  /** Environment for FRED_API_KEY (default process.env). */
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  http?: HttpClient;
  now?: () => Date;
  /** Where `--constituents` records its progress (default: next to the store file). */
  statePath?: string;
  onEvent?: (e: UpdateEvent) => void;
}
