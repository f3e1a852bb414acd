/**
 * The program's commands: each file here defines one command (name, arguments, options, help)
 * and nothing else, so that building the program for `r2k --help` or for one command loads no
 * store, server or analytics. Its action imports the work from `src/cli/commands/<name>.ts`
 * when the command runs, so each command loads only what it uses.
 */
import type { Command } from "commander";
import { registerAnalyze } from "./analyze.ts";
import { registerCheck } from "./check.ts";
import { registerDemo } from "./demo.ts";
import { registerImport } from "./import.ts";
import { registerIndexBuild } from "./index-build.ts";
import { registerRecon } from "./recon.ts";
import { registerReport } from "./report.ts";
import { registerServe } from "./serve.ts";
import { registerStart } from "./start.ts";
import { registerStatus } from "./status.ts";
import { registerUpdate } from "./update.ts";
import { registerValuation } from "./valuation.ts";

/** Defines one command (or a group of them) on the program. */
export type RegisterCommand = (program: Command) => void;

export const COMMANDS: RegisterCommand[] = [
  registerStart,
  registerDemo,
  registerImport,
  registerStatus,
  registerAnalyze,
  registerValuation,
  registerRecon,
  registerIndexBuild,
  registerUpdate,
  registerServe,
  registerReport,
  registerCheck,
];
