import { describe, expect, test } from "bun:test";
import { type ChatRequest, ProviderError } from "../../src/worker/client.ts";
import {
  type RetryHooks,
  type RetryPolicy,
  backoffMs,
  estimatePromptTokens,
  fireworksLimitError,
  isRetryable,
  retryAfterMs,
  withRetries,
} from "../../src/worker/retry.ts";

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);
const policy: RetryPolicy = { maxRetries: 3, baseMs: 1000, maxMs: 8000 };
const request: ChatRequest = { model: "m", messages: [{ role: "user", content: "hello" }], tools: [], toolChoice: "auto" };

const err = (status: number | null, headers: Record<string, string> | null = null, message = `HTTP ${status}`) =>
  new ProviderError(message, status, headers ? new Headers(headers) : null);

/** Hooks that never wait: sleeps and retries are recorded; random() is fixed. */
function fakeHooks(random = 0.5) {
  const sleeps: number[] = [];
  const retries: { status: number | null; attempt: number; delayMs: number }[] = [];
  const hooks: RetryHooks = {
    onRetry: ({ status, attempt, delayMs }) => void retries.push({ status, attempt, delayMs }),
    sleep: async (ms) => void sleeps.push(ms),
    random: () => random,
    now: () => NOW,
  };
  return { hooks, sleeps, retries };
}

/** An attempt that throws the scripted errors in turn, then returns "ok". */
function scripted(...errors: ProviderError[]) {
  let calls = 0;
  const attempt = async () => {
    const e = errors[calls++];
    if (e) throw e;
    return "ok";
  };
  return { attempt, calls: () => calls };
}

describe("retryAfterMs", () => {
  test("reads retry-after-ms, seconds, fractional seconds and HTTP dates", () => {
    expect(retryAfterMs(new Headers({ "retry-after-ms": "250", "retry-after": "99" }), NOW)).toBe(250);
    expect(retryAfterMs(new Headers({ "retry-after": "15" }), NOW)).toBe(15_000);
    expect(retryAfterMs(new Headers({ "retry-after": "15.5" }), NOW)).toBe(15_500);
    expect(retryAfterMs(new Headers({ "retry-after": new Date(NOW + 30_000).toUTCString() }), NOW)).toBe(30_000);
    expect(retryAfterMs(new Headers({ "retry-after": new Date(NOW - 30_000).toUTCString() }), NOW)).toBe(0);
    // the RFC 850 form, and asctime with a zone (2026-01-01 was a Thursday)
    expect(retryAfterMs(new Headers({ "retry-after": "Thursday, 01-Jan-26 12:00:05 GMT" }), NOW)).toBe(5_000);
    expect(retryAfterMs(new Headers({ "retry-after": "Thu Jan  1 12:00:07 2026 GMT" }), NOW)).toBe(7_000);
  });

  test("garbage and missing headers give null", () => {
    for (const junk of ["soon, maybe", "abc 2", "-5", "1e3", "Sun, 99 Foo 2026"]) expect(retryAfterMs(new Headers({ "retry-after": junk }), NOW)).toBeNull();
    expect(retryAfterMs(new Headers({ "retry-after": "" }), NOW)).toBeNull();
    expect(retryAfterMs(new Headers({}), NOW)).toBeNull();
    expect(retryAfterMs(null, NOW)).toBeNull();
  });
});

describe("backoffMs", () => {
  test("doubles from baseMs and is capped at maxMs (random 0.5 = no jitter)", () => {
    const mid = () => 0.5;
    expect([0, 1, 2, 3, 4, 10].map((a) => backoffMs(a, policy, mid))).toEqual([1000, 2000, 4000, 8000, 8000, 8000]);
  });

  test("jitter is ±20 % of the capped delay", () => {
    expect(backoffMs(1, policy, () => 0)).toBe(1600);
    expect(backoffMs(1, policy, () => 1)).toBe(2400);
    expect(backoffMs(5, policy, () => 0)).toBe(6400);
    expect(backoffMs(5, policy, () => 1)).toBe(9600);
  });
});

describe("isRetryable", () => {
  test.each([
    [429, true],
    [408, true],
    [409, true],
    [500, true],
    [503, true],
    [400, false],
    [401, false],
    [403, false],
    [404, false],
    [422, false],
  ])("HTTP %p → %p", (status, expected) => {
    expect(isRetryable(err(status))).toBe(expected);
  });

  test("connection errors are retried unless the request was aborted", () => {
    expect(isRetryable(err(null, null, "Connection error."))).toBe(true);
    expect(isRetryable(err(null, null, "Request was aborted."))).toBe(false);
  });
});

describe("withRetries", () => {
  test("succeeds after two 429s: two sleeps, retries 2", async () => {
    const { hooks, sleeps, retries } = fakeHooks();
    const { attempt, calls } = scripted(err(429), err(429));
    expect(await withRetries(attempt, request, policy, hooks)).toEqual({ value: "ok", retries: 2 });
    expect(calls()).toBe(3);
    expect(sleeps).toEqual([1000, 2000]);
    expect(retries).toEqual([
      { status: 429, attempt: 1, delayMs: 1000 },
      { status: 429, attempt: 2, delayMs: 2000 },
    ]);
  });

  test("an endpoint that always answers 429 ends after maxRetries with the last error", async () => {
    const { hooks, sleeps } = fakeHooks();
    const errors = [1, 2, 3, 4, 5, 6].map((n) => err(429, null, `limited ${n}`));
    const { attempt, calls } = scripted(...errors);
    const thrown = await withRetries(attempt, request, policy, hooks).catch((e) => e);
    expect(thrown).toBeInstanceOf(ProviderError);
    expect(thrown.message).toBe("limited 4");
    expect(thrown.status).toBe(429);
    expect(thrown.retries).toBe(3);
    expect(calls()).toBe(4);
    expect(sleeps).toEqual([1000, 2000, 4000]);
  });

  test("Retry-After replaces the backoff, is capped at maxMs, and consumes an attempt (B8)", async () => {
    const { hooks, sleeps } = fakeHooks();
    const always = Array.from({ length: 10 }, () => err(429, { "retry-after": "3600" }));
    const { attempt, calls } = scripted(...always);
    const thrown = await withRetries(attempt, request, policy, hooks).catch((e) => e);
    expect(thrown.retries).toBe(3);
    expect(calls()).toBe(4);
    expect(sleeps).toEqual([8000, 8000, 8000]);

    const short = fakeHooks();
    await withRetries(scripted(err(429, { "retry-after": "2.5" })).attempt, request, policy, short.hooks);
    expect(short.sleeps).toEqual([2500]);
  });

  test("5xx is retried (the reference never retried it); 401 is not", async () => {
    const ok = fakeHooks();
    expect(await withRetries(scripted(err(500)).attempt, request, policy, ok.hooks)).toEqual({ value: "ok", retries: 1 });
    expect(ok.sleeps).toEqual([1000]);

    const denied = fakeHooks();
    const { attempt, calls } = scripted(err(401, null, "Incorrect API key provided"));
    const thrown = await withRetries(attempt, request, policy, denied.hooks).catch((e) => e);
    expect(thrown.status).toBe(401);
    expect(thrown.retries).toBe(0);
    expect(calls()).toBe(1);
    expect(denied.sleeps).toEqual([]);
  });

  test("non-ProviderError throws become connection errors and are retried", async () => {
    const { hooks, sleeps } = fakeHooks();
    let n = 0;
    const attempt = async () => {
      if (n++ === 0) throw new Error("socket hang up");
      return 7;
    };
    expect(await withRetries(attempt, request, policy, hooks)).toEqual({ value: 7, retries: 1 });
    expect(sleeps).toEqual([1000]);
  });

  test("an aborted signal stops retrying", async () => {
    const { hooks, sleeps } = fakeHooks();
    const controller = new AbortController();
    controller.abort();
    const thrown = await withRetries(scripted(err(503)).attempt, request, policy, hooks, controller.signal).catch((e) => e);
    expect(thrown.status).toBe(503);
    expect(thrown.retries).toBe(0);
    expect(sleeps).toEqual([]);
  });
});

describe("Fireworks prompt limit", () => {
  const big: ChatRequest = { ...request, messages: [{ role: "system", content: "x".repeat(4000) }, { role: "user", content: "y".repeat(400) }] };

  test("estimatePromptTokens counts content, tool calls and tools at 4 characters a token", () => {
    expect(estimatePromptTokens(big)).toBe(Math.ceil(2 / 4) + 1000 + 100);
    const toolCalls = [{ id: "c1", type: "function" as const, function: { name: "read_file", arguments: '{"path":"a"}' } }];
    const withCall: ChatRequest = {
      model: "m",
      messages: [{ role: "user", content: "abcde" }, { role: "assistant", content: null, tool_calls: toolCalls }, { role: "tool", tool_call_id: "c1", content: "1234" }],
      tools: [{ type: "function", function: { name: "done", description: "d", parameters: {} } }],
      toolChoice: "auto",
    };
    const expected = Math.ceil(JSON.stringify(withCall.tools).length / 4) + 2 + Math.ceil(JSON.stringify(toolCalls).length / 4) + 1;
    expect(estimatePromptTokens(withCall)).toBe(expected);
  });

  test("a 429 advertising a prompt limit below the estimate fails at once", async () => {
    const { hooks, sleeps } = fakeHooks();
    const { attempt, calls } = scripted(err(429, { "x-ratelimit-limit-tokens-prompt": "500", "retry-after": "1" }));
    const thrown = await withRetries(attempt, big, policy, hooks).catch((e) => e);
    expect(thrown).toBeInstanceOf(ProviderError);
    expect(thrown.status).toBe(429);
    expect(thrown.message).toContain("Fireworks adaptive serverless TPM");
    expect(thrown.message).toContain("Estimated prompt tokens: 1101, observed limit: 500.");
    expect(thrown.message).toContain("Suggested actions:");
    expect(calls()).toBe(1);
    expect(sleeps).toEqual([]);
  });

  test("a limit above the estimate, or a non-429, is handled normally", async () => {
    expect(fireworksLimitError(err(429, { "x-ratelimit-limit-tokens-prompt": "5000" }), big)).toBeNull();
    expect(fireworksLimitError(err(500, { "x-ratelimit-limit-tokens-prompt": "5" }), big)).toBeNull();
    expect(fireworksLimitError(err(429, { "x-ratelimit-limit-tokens-prompt": "n/a" }), big)).toBeNull();
    const { hooks, sleeps } = fakeHooks();
    const result = await withRetries(scripted(err(429, { "x-ratelimit-limit-tokens-prompt": "5000" })).attempt, big, policy, hooks);
    expect(result.retries).toBe(1);
    expect(sleeps).toEqual([1000]);
  });
});
