import type { Command } from "commander";
import { registerAnalyze } from "./analyze.ts";
import { registerDemo } from "./demo.ts";
import { registerImport } from "./import.ts";
import { registerIndexBuild } from "./index-build.ts";
import { registerRecon } from "./recon.ts";
import { registerReport } from "./report.ts";
import { registerServe } from "./serve.ts";
import { registerStart } from "./start.ts";
import { registerStatus } from "./status.ts";
import { registerUpdate } from "./update.ts";

/** Each command lives in its own file and registers itself on the program. */
export type RegisterCommand = (program: Command) => void;

export const COMMANDS: RegisterCommand[] = [
  registerStart,
  registerDemo,
  registerImport,
  registerStatus,
  registerAnalyze,
  registerRecon,
  registerIndexBuild,
  registerUpdate,
  registerServe,
  registerReport,
];
