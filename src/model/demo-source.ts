/**
 * The `source` of every row of the synthetic demo market. The store keeps such rows in their
 * own file (a demo store) and refuses them anywhere else. A module of its own (no schemas), so
 * that opening a store does not load the validation library.
 */
export const DEMO_SOURCE = "demo";
