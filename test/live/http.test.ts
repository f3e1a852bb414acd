import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { FetchError, redactText, redactUrl } from "../../src/sources/live/errors.ts";
import { HttpClient, parseRetryAfter } from "../../src/sources/live/http.ts";
import { exchangeDate } from "../../src/sources/live/yahoo.ts";
import { closedPort, ReplayServer } from "./server.ts";

const fast = { timeoutMs: 3000, retries: 2, backoffMs: 5, maxBackoffMs: 20, maxRetryAfterMs: 2000 };

describe("HTTP layer", () => {
  let server: ReplayServer;
  before(async () => {
    server = await new ReplayServer().start();
  });
  after(async () => server.close());

  test("per-host concurrency limit and spacing", async () => {
    server.route("/slow", { status: 200, body: "ok", delayMs: 60 });
    // A long timeout: a request timed out and retried would still be "in flight" at the server.
    const http = new HttpClient({ ...fast, timeoutMs: 10_000, perHost: { concurrency: 2, minIntervalMs: 0 } });
    await Promise.all(Array.from({ length: 6 }, () => http.get(`${server.base}/slow`)));
    assert.equal(server.maxInFlight, 2);
    const spaced = new HttpClient({ ...fast, timeoutMs: 10_000, perHost: { concurrency: 4, minIntervalMs: 40 } });
    server.log.length = 0;
    server.route("/quick", { status: 200, body: "ok" });
    await Promise.all(Array.from({ length: 4 }, () => spaced.get(`${server.base}/quick`)));
    const at = server.requests("/quick").map((r) => r.at);
    // Starts are 40 ms apart at the client; arrival times jitter a little with connection setup.
    assert.ok(at[3] - at[0] >= 100, `4 requests over ${at[3] - at[0]} ms`);
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

  test("429 without Retry-After backs off and gives up with the status", async () => {
    server.route("/busy", { status: 429, headers: { "content-type": "text/plain" }, body: "Too Many Requests" });
    server.log.length = 0;
    const events: number[] = [];
    const http = new HttpClient(fast, { onEvent: (e) => e.type === "retry" && events.push(e.waitMs) });
    await assert.rejects(http.get(`${server.base}/busy`), (e: FetchError) => e.kind === "rate-limited" && /after 3 attempt/.test(e.message));
    assert.equal(server.requests("/busy").length, 3);
    assert.equal(events.length, 2);
    assert.ok(events[0] >= 2 && events[0] <= 5 && events[1] >= 5 && events[1] <= 10, `backoff ${events}`);
  });

  test("connection refused: offline after one quick retry, then the host fails fast", async () => {
    const base = `http://127.0.0.1:${await closedPort()}`;
    const http = new HttpClient(fast);
    await assert.rejects(http.get(`${base}/a`), (e: FetchError) => e.kind === "offline" && /connection refused/.test(e.message));
    const t = Date.now();
    await assert.rejects(http.get(`${base}/b`), (e: FetchError) => e.kind === "offline");
    assert.ok(Date.now() - t < 50);
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
