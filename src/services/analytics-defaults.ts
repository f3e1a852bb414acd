/**
 * What a comparison shows unless told otherwise, in a module of its own so that the CLI's help
 * and option defaults can name them without loading the analytics.
 */

/** The series a comparison shows by default: the Russell 2000, the S&P 500 and the Nasdaq Composite, those stored. */
export const DEFAULT_COMPARED = ["^RUT", "^GSPC", "^IXIC"];
export const DEFAULT_BENCHMARK = "^GSPC";
