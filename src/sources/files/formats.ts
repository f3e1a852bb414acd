/**
 * The file formats `r2k import --format` accepts, in a module of their own so that the command's
 * help can list them without loading the readers.
 */
export const FILE_FORMATS = ["yahoo", "yfinance", "eodhd", "stooq", "bars", "fred", "ishares", "generic"] as const;
export type FileFormat = (typeof FILE_FORMATS)[number];
