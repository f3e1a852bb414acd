import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { InputError } from "../../src/model/index.ts";
import {
  parsePricesCsv,
  readPreviousFile,
  readPricesFile,
  readUniverseFile,
} from "../../src/sources/files/universe/index.ts";

const FIX = new URL("./fixtures/", import.meta.url).pathname;

function rejects(file: string, line: number | null, field: string | null, reason: RegExp): void {
  assert.throws(
    () => readUniverseFile(FIX + file),
    (err: unknown) => {
      assert.ok(err instanceof InputError, `expected InputError, got ${String(err)}`);
      assert.equal(err.file, FIX + file);
      assert.equal(err.line, line);
      assert.equal(err.field, field);
      assert.match(err.reason, reason);
      return true;
    },
  );
}

describe("universe CSV", () => {
  test("parses required and optional columns, quoted cells, lower-case country", () => {
    const u = readUniverseFile(FIX + "universe-small.csv");
    assert.equal(u.format, "universe-csv");
    assert.equal(u.securities.length, 6);
    assert.deepEqual(u.lines, [2, 3, 4, 5, 6, 7]);
    const [a, b, , , e, f] = u.securities;
    assert.equal(a.id, "AAA");
    assert.equal(a.earnings, 12e9);
    assert.equal(a.bookValue, 50e9);
    assert.equal(b.country, "US");
    assert.equal(b.earnings, -5e6);
    assert.equal(b.bookValue, null);
    assert.equal(e.securityType, "ETF");
    assert.equal(f.name, "Phi, Incorporated");
    assert.equal(f.price, 50);
    assert.equal(u.asOf, null);
  });

  test("bad universes: clear errors with file, line and field", () => {
    rejects("bad-missing-shares-column.csv", 1, "shares_outstanding", /lacks the column/);
    rejects("bad-missing-shares.csv", 2, "shares_outstanding", /missing/);
    rejects("bad-negative-price.csv", 3, "price", /negative price -1.5/);
    rejects("bad-duplicate-ticker.csv", 4, "ticker", /duplicate ticker "A" \(first on line 2\)/);
    rejects("bad-country.csv", 2, "country", /ISO 3166 alpha-2/);
    rejects("bad-float-above-shares.csv", 2, "float_shares", /exceeds shares_outstanding/);
    rejects("bad-unknown-column.csv", 1, "float_pct", /unknown column/);
    rejects("bad-price-text.csv", 2, "price", /not a number/);
    rejects("bad-no-rows.csv", 2, null, /no rows/);
    rejects("members.csv", 1, null, /not a universe file/);
  });
});

describe("previous memberships and prices", () => {
  test("ticker,index CSV", () => {
    const p = readPreviousFile(FIX + "members.csv");
    assert.equal(p.kind, "membership");
    if (p.kind !== "membership") return;
    assert.deepEqual([...p.prior], [
      ["AAA", "1000"],
      ["BBB", "2000"],
      ["CCC", "2000"],
      ["ZZZ", "1000"],
    ]);
  });

  test("a universe file as previous membership is ranked by the caller", () => {
    const p = readPreviousFile(FIX + "universe-small.csv");
    assert.equal(p.kind, "universe");
  });

  test("long prices to a matrix, dividends, only the tickers asked for", () => {
    const m = readPricesFile(FIX + "prices.csv", new Set(["BBB", "AAA", "NOPE"]));
    assert.deepEqual(m.ids, ["BBB", "AAA"]);
    assert.deepEqual(m.missing, ["NOPE"]);
    assert.equal(m.dates.length, 3);
    assert.deepEqual(Array.from(m.close), [200, 320, 190, 330, 200, 330]);
    assert.deepEqual(Array.from(m.dividends!), [0, 0, 1.5, 0, 0, 0]);
    const all = readPricesFile(FIX + "prices.csv");
    assert.deepEqual(all.ids, ["AAA", "BBB", "CCC"]);
    assert.ok(Number.isNaN(all.close[2])); // CCC on the first date
  });

  test("bad prices", () => {
    const head = "date,ticker,close\n";
    assert.throws(() => parsePricesCsv(head + "2024-02-30,A,1\n", "p.csv"), /p.csv:2 \(field "date"\)/);
    assert.throws(() => parsePricesCsv(head + "2024-02-01,A,0\n", "p.csv"), /must be positive/);
    assert.throws(
      () => parsePricesCsv(head + "2024-02-01,A,1\n2024-02-01,A,2\n", "p.csv"),
      /p.csv:3 \(field "close"\): A on 2024-02-01 also appears on line 2/,
    );
    assert.throws(() => parsePricesCsv("day,ticker,close\n", "p.csv"), /field "date"/);
  });

});
