/**
 * The demo market's default random seed, in a module of its own so that `r2k demo --help` can
 * show it without loading the generator.
 */
export const DEFAULT_SEED = 42;
