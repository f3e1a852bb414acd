/**
 * Where the dashboard listens unless told otherwise. A module of its own, so that `r2k serve
 * --help` can show them without loading the server.
 */
export const DEFAULT_HOST = "127.0.0.1";
export const DEFAULT_PORT = 8377;
