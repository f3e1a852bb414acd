import { test } from "node:test";
import assert from "node:assert/strict";
import { reconcileObservations } from "../../src/core/reconcile-observations.ts";

const obs = (date: string, value: number) => ({ seriesId: "DGS10", date, value });
const row = (date: string, value: number, source = "fred") => ({ date, value, source });

test("nothing stored: every fetched value is new, nothing revised", () => {
  assert.deepEqual(reconcileObservations([], [obs("2024-01-02", 3.95)], "fred"), { revisions: [], foreignSources: [] });
});

test("the same figure written differently is no revision; a changed decimal is", () => {
  // 3.95 vs 3.9500000001: relative difference 2.5e-11 < 1e-9, the same figure.
  // 4.05 vs 4.06: a revision (relative difference 0.0025).
  const stored = [row("2024-01-02", 3.95), row("2024-01-03", 4.05), row("2024-01-04", 4.1)];
  const fetched = [obs("2024-01-02", 3.9500000001), obs("2024-01-03", 4.06), obs("2024-01-05", 4.2)];
  const r = reconcileObservations(stored, fetched, "fred");
  assert.deepEqual(
    r.revisions.map((x) => [x.fetched.date, x.stored.value, x.fetched.value]),
    [["2024-01-03", 4.05, 4.06]],
  );
  assert.deepEqual(r.foreignSources, []);
});

test("revised values of other origins are named once each, in order of first appearance", () => {
  const stored = [row("2024-01-02", 1, "generic"), row("2024-01-03", 2, "fred"), row("2024-01-04", 3, "generic"), row("2024-01-05", 4, "stooq")];
  const fetched = [obs("2024-01-02", 1.5), obs("2024-01-03", 2.5), obs("2024-01-04", 3.5), obs("2024-01-05", 4.5)];
  const r = reconcileObservations(stored, fetched, "fred");
  assert.equal(r.revisions.length, 4);
  assert.deepEqual(r.foreignSources, ["generic", "stooq"]);
});

test("a zero stored and fetched is the same; zero against a value is a revision", () => {
  const r = reconcileObservations([row("2024-01-02", 0), row("2024-01-03", 0)], [obs("2024-01-02", 0), obs("2024-01-03", 0.25)], "fred");
  assert.deepEqual(r.revisions.map((x) => x.fetched.date), ["2024-01-03"]);
});
