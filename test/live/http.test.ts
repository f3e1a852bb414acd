import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { FetchError, redactText, redactUrl } from "../../src/sources/live/errors.ts";
import { HttpClient, parseRetryAfter } from "../../src/sources/live/http.ts";
import { exchangeDate } from "../../src/sources/live/yahoo.ts";
import { TestClock, sequence } from "./clock.ts";
import { closedPort, ReplayServer } from "./server.ts";

const fast = { timeoutMs: 3000, retries: 2, backoffMs: 5, maxBackoffMs: 20, maxRetryAfterMs: 2000, rateLimitPauseMs: 100, maxConsecutive429: 3 };

describe("HTTP layer", () => {
  let server: ReplayServer;
  before(async () => {
    server = await new ReplayServer().start();
  });
  after(async () => server.close());

  test("per-host concurrency limit", async () => {
    // A fetch that answers only when released: the test sees exactly what is in flight.
    const held: (() => void)[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    let started = 0;
    const fetch = (async () => {
      started++;
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      await new Promise<void>((resolve) => held.push(resolve));
      inFlight--;
      return new Response("ok");
    }) as typeof globalThis.fetch;
    const settle = () => new Promise((resolve) => setImmediate(resolve));
    const http = new HttpClient({ ...fast, perHost: { concurrency: 2, minIntervalMs: 0 } }, { fetch });
    const all = Promise.all(Array.from({ length: 6 }, () => http.get("http://fund.example/slow")));
    await settle();
    assert.deepEqual([started, inFlight], [2, 2], "two requests start, four wait for a slot");
    held.shift()!();
    await settle();
    assert.deepEqual([started, inFlight], [3, 2], "one answer lets one waiting request start");
    while (held.length) {
      held.shift()!();
      await settle();
    }
    await all;
    assert.deepEqual([started, maxInFlight, http.requests], [6, 2, 6]);
  });

  test("per-host spacing: request starts exactly the minimum interval apart", async () => {
    const clock = new TestClock();
    const fetch = (async () => new Response("ok")) as typeof globalThis.fetch;
    const spaced = new HttpClient({ ...fast, perHost: { concurrency: 4, minIntervalMs: 40 } }, { ...clock.deps(), fetch });
    const t0 = clock.now();
    await Promise.all(Array.from({ length: 4 }, () => spaced.get("http://fund.example/quick")));
    assert.deepEqual(clock.requestTimes().map((t) => t - t0), [0, 40, 80, 120]);
    // Requests woken together start in turn: a later one goes back to wait for its own slot.
    assert.ok(clock.waits.every((w) => w === 40), `waits asked for: ${clock.waits.join(", ")}`);
    // Another host is not held back by this one's spacing.
    await spaced.get("http://other.example/quick");
    assert.equal(clock.requestTimes().at(-1), t0 + 120);
  });

  test("a Retry-After beyond the limit fails at once; 4xx is not retried", async () => {
    server.route("/limited", { status: 429, headers: { "retry-after": "3600" }, body: "Too Many Requests" });
    server.route("/gone", { status: 410, body: "Gone" });
    server.log.length = 0;
    const http = new HttpClient(fast);
    await assert.rejects(http.get(`${server.base}/limited`), (e: FetchError) => e.kind === "rate-limited" && /retry after 3600 s/.test(e.message));
    await assert.rejects(http.get(`${server.base}/gone`), (e: FetchError) => e.kind === "http" && e.status === 410);
    assert.equal(server.log.length, 2);
  });

  test("429 without Retry-After: the whole host pauses, twice as long after each, and the run stops asking after 3 in a row", async () => {
    server.route("/busy", { status: 429, headers: { "content-type": "text/plain" }, body: "Too Many Requests" });
    server.route("/other", { status: 200, body: "ok" });
    server.log.length = 0;
    const clock = new TestClock();
    const http = new HttpClient(fast, clock.deps(sequence(0, 0.999)));
    // rateLimitPauseMs 100: pauses of 100 then 200 ms; the third 429 in a row stops the host.
    await assert.rejects(http.get(`${server.base}/busy`), (e: FetchError) => e.kind === "rate-limited" && /429 Too Many Requests 3 times in a row.*stopped asking it for this run/.test(e.message));
    assert.equal(server.requests("/busy").length, 3);
    assert.deepEqual(clock.retryWaits(), [100, 200]);
    assert.deepEqual(clock.waits, [100, 200], "the host's pause is waited in its queue, nothing more");
    const [a, b, c] = clock.requestTimes();
    assert.deepEqual([b - a, c - b], [100, 200]);
    // The rest of the run asks that host nothing more (the rest is left for the next run).
    await assert.rejects(http.get(`${server.base}/other`), (e: FetchError) => e.kind === "rate-limited");
    assert.equal(server.requests("/other").length, 0);
    assert.equal(http.downReason(new URL(server.base).host)?.kind, "rate-limited");
  });

  test("a burst of 429s to requests already in flight counts once; a success resets the count", async () => {
    const clock = new TestClock();
    let calls = 0;
    // Four requests in flight together all answer 429; every later one succeeds.
    const fetch = (async () => (++calls <= 4 ? new Response("Too Many Requests", { status: 429 }) : new Response("ok"))) as typeof globalThis.fetch;
    const http = new HttpClient({ ...fast, perHost: { concurrency: 4, minIntervalMs: 0 } }, { ...clock.deps(), fetch });
    const answers = await Promise.all(Array.from({ length: 4 }, (_, i) => http.get(`http://busy.example/${i}`)));
    assert.deepEqual(answers.map((r) => r.text), ["ok", "ok", "ok", "ok"]);
    assert.equal(http.downReason("busy.example"), null);
    // One pause of 100 ms for the burst, waited by each retry in the host's queue.
    assert.ok(clock.waits.every((w) => w <= 100), `waits: ${clock.waits.join(", ")}`);
  });

  test("the configured User-Agent reaches the wire, whatever the caller's headers say", async () => {
    server.route("/ua", { status: 200, body: "ok" });
    server.log.length = 0;
    const http = new HttpClient({ ...fast, userAgent: "r2k-test/1.0 (someone@example.com)" });
    await http.get(`${server.base}/ua`, { headers: { "User-Agent": "yahoo-finance2/3", "x-other": "kept" } });
    const sent = server.requests("/ua")[0].headers;
    assert.equal(sent["user-agent"], "r2k-test/1.0 (someone@example.com)");
    assert.equal(sent["x-other"], "kept");
  });

  test("Retry-After on 429/503 is waited exactly: seconds, or an HTTP date against the client's clock", async () => {
    const clock = new TestClock();
    server.route("/later", { status: 429, headers: { "retry-after": "2" }, body: "slow down" }, { status: 200, body: "ok" });
    const date = new Date(clock.now() + 2000 + 3000).toUTCString(); // read after the first wait
    server.route("/maintenance", { status: 503, headers: { "retry-after": date }, body: "down" }, { status: 200, body: "ok" });
    const http = new HttpClient({ ...fast, maxRetryAfterMs: 5000 }, clock.deps());
    assert.equal((await http.get(`${server.base}/later`)).text, "ok");
    assert.equal((await http.get(`${server.base}/maintenance`)).text, "ok");
    assert.deepEqual(clock.retryWaits(), [2000, 3000]);
    // The pause holds the whole host: the second attempt waits in the host's queue, not in a backoff.
    assert.deepEqual(clock.waits, [2000, 3000]);
    const [a, b, c, d] = clock.requestTimes();
    assert.deepEqual([b - a, c - b, d - c], [2000, 0, 3000]);
  });

  test("connection refused: offline after one quick retry, then the host fails fast", async () => {
    const base = `http://127.0.0.1:${await closedPort()}`;
    const clock = new TestClock();
    const http = new HttpClient(fast, clock.deps());
    await assert.rejects(http.get(`${base}/a`), (e: FetchError) => e.kind === "offline" && /connection refused/.test(e.message));
    // One retry after the first backoff (cap 5 ms, jitter 0.5: 2.5 + 1.25 -> 4 ms), then the host is down.
    assert.deepEqual([http.requests, clock.waits], [2, [4]]);
    await assert.rejects(http.get(`${base}/b`), (e: FetchError) => e.kind === "offline");
    assert.deepEqual([http.requests, clock.waits], [2, [4]], "no request and no wait once the host is known to be down");
    assert.equal(http.allHostsDown, true);
  });

  test("an interrupted run stops waiting at once", async () => {
    server.route("/hang", { hang: true });
    const controller = new AbortController();
    const http = new HttpClient({ ...fast, timeoutMs: 5000 });
    setTimeout(() => controller.abort(), 50);
    await assert.rejects(http.get(`${server.base}/hang`, { signal: controller.signal }), (e: FetchError) => e.kind === "aborted");
  });

  test("Retry-After forms, URL and text redaction, exchange dates", () => {
    assert.equal(parseRetryAfter("2"), 2000);
    assert.equal(parseRetryAfter("Wed, 21 Oct 2015 07:28:10 GMT", Date.parse("Wed, 21 Oct 2015 07:28:00 GMT")), 10_000);
    assert.equal(parseRetryAfter("soon"), null);
    const url = "https://api.stlouisfed.org/fred/series/observations?series_id=DFF&api_key=abc123abc123&file_type=json";
    assert.equal(redactUrl(url), "https://api.stlouisfed.org/fred/series/observations?series_id=DFF&api_key=***&file_type=json");
    assert.equal(redactUrl(url, "remove"), "https://api.stlouisfed.org/fred/series/observations?series_id=DFF&file_type=json");
    assert.equal(redactText("bad key abc123abc123 given", ["abc123abc123"]), "bad key *** given");
    // Session opens: 14:30 UTC in winter and 13:30 UTC in summer are both the same New York date.
    assert.equal(exchangeDate(new Date(1732199400 * 1000), "America/New_York"), "2024-11-21");
    assert.equal(exchangeDate(new Date(Date.UTC(2024, 6, 1, 13, 30)), "America/New_York"), "2024-07-01");
    // A late-evening UTC stamp is still the same day in New York, the next day in Tokyo.
    assert.equal(exchangeDate(new Date(Date.UTC(2024, 6, 1, 23, 0)), "America/New_York"), "2024-07-01");
    assert.equal(exchangeDate(new Date(Date.UTC(2024, 6, 1, 23, 0)), "Asia/Tokyo"), "2024-07-02");
  });
});
