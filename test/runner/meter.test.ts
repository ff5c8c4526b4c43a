import { describe, expect, test } from "bun:test";
import { resolveConfig } from "../../src/config/resolve.ts";
import type { KernelEvent } from "../../src/kernel/types.ts";
import { type Clock, costOf, createMeter } from "../../src/runner/meter.ts";

/** A clock whose time moves only when the test says; due timers fire in order. */
function fakeClock() {
  let now = 0;
  let seq = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  const clock: Clock = {
    now: () => now,
    setTimeout(fn, ms) {
      timers.set(++seq, { at: now + ms, fn });
      return seq;
    },
    clearTimeout: (handle) => void timers.delete(handle as number),
  };
  function advance(ms: number) {
    const end = now + ms;
    for (;;) {
      const due = [...timers].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0];
      if (!due) break;
      timers.delete(due[0]);
      now = due[1].at;
      due[1].fn();
    }
    now = end;
  }
  return { clock, advance, pending: () => timers.size };
}

const provider = { base_url: "http://x/v1", api_key_env: "K" };

function setup(project: { max_tokens?: number; max_cost?: number } = {}, maxParallel = 8, prices = { price_in: 1, price_out: 2 }, hardBudgets = false) {
  const config = resolveConfig({ providers: { p: { ...provider, ...prices }, q: provider }, project });
  const posted: KernelEvent[] = [];
  const recorded: { event: string; task: string | null; data: Record<string, unknown> }[] = [];
  const time = fakeClock();
  const meter = createMeter({
    config,
    maxParallel,
    post: async (e) => void posted.push(e),
    record: (event, task, data) => void recorded.push({ event, task, data }),
    hardBudgets,
    clock: time.clock,
  });
  const limits = () => posted.filter((e) => e.type === "pool_limited").map((e) => (e.type === "pool_limited" ? [e.pool, e.limit] : null));
  return { meter, posted, recorded, limits, ...time };
}

describe("usage and budgets", () => {
  test("each usage is recorded as llm_usage with its cost at the provider's prices", () => {
    const { meter, recorded, posted } = setup();
    meter.usage("core/a.t1", "p", { prompt: 1_000_000, completion: 500_000 });
    meter.usage("core/a.t2", "q", { prompt: 10, completion: 5 });
    expect(recorded).toEqual([
      { event: "llm_usage", task: "core/a.t1", data: { provider: "p", prompt_tokens: 1_000_000, completion_tokens: 500_000, cost_usd: 2 } },
      { event: "llm_usage", task: "core/a.t2", data: { provider: "q", prompt_tokens: 10, completion_tokens: 5, cost_usd: null } },
    ]);
    expect(meter.totals()).toEqual({ tokens: 1_500_015, costUsd: 2 });
    expect(posted).toEqual([]);
  });

  test("costOf: USD per million tokens, null without prices or provider", () => {
    const config = resolveConfig({ providers: { p: { ...provider, price_in: 0.5, price_out: 4 }, q: { ...provider, price_in: 1 } } });
    expect(costOf(config, "p", 2_000_000, 250_000)).toBe(2);
    expect(costOf(config, "q", 1, 1)).toBeNull();
    expect(costOf(config, "missing", 1, 1)).toBeNull();
  });

  test("max_tokens reached → exactly one run_halted", () => {
    const { meter, posted } = setup({ max_tokens: 100 });
    meter.usage("t", "q", { prompt: 40, completion: 20 });
    expect(posted).toEqual([]);
    meter.usage("t", "q", { prompt: 30, completion: 10 });
    meter.usage("t", "q", { prompt: 30, completion: 10 });
    expect(posted).toEqual([{ type: "run_halted", reason: "max_tokens reached: 100 tokens used (limit 100)" }]);
  });

  test("max_cost reached → exactly one run_halted", () => {
    const { meter, posted } = setup({ max_cost: 3 });
    meter.usage("t", "p", { prompt: 1_000_000, completion: 500_000 });
    expect(posted).toEqual([]);
    meter.usage("t", "p", { prompt: 1_000_000, completion: 0 });
    meter.usage("t", "p", { prompt: 1_000_000, completion: 0 });
    expect(posted).toEqual([{ type: "run_halted", reason: "max_cost reached: $3.0000 spent (limit $3)" }]);
  });

  test("a hard budget's halt says the running workers stop too", () => {
    const { meter, posted } = setup({ max_tokens: 100 }, 8, undefined, true);
    meter.usage("core/a.t1", "p", { prompt: 90, completion: 10 });
    expect(posted).toEqual([{ type: "run_halted", reason: "max_tokens reached: 100 tokens used (limit 100)", stop: true }]);
  });
});

describe("adaptive concurrency", () => {
  test("fewer than 3 rate limits within 60 s change nothing", () => {
    const { meter, posted, advance, pending } = setup();
    meter.rateLimited("p");
    advance(30_000);
    meter.rateLimited("p");
    advance(31_000);
    meter.rateLimited("p");
    expect(posted).toEqual([]);
    expect(pending()).toBe(0);
  });

  test("3 within 60 s halve the pool; further bursts halve again, never below 1", () => {
    const { meter, limits, recorded, advance } = setup();
    for (let i = 0; i < 3; i++) meter.rateLimited("p"), advance(1000);
    expect(limits()).toEqual([["p", 4]]);
    expect(recorded).toEqual([{ event: "provider_throttled", task: null, data: { provider: "p", limit: 4, rate_limits: 3 } }]);
    for (let i = 0; i < 3; i++) meter.rateLimited("p"), advance(1000);
    for (let i = 0; i < 3; i++) meter.rateLimited("p"), advance(1000);
    for (let i = 0; i < 3; i++) meter.rateLimited("p"), advance(1000);
    expect(limits()).toEqual([
      ["p", 4],
      ["p", 2],
      ["p", 1],
    ]);
  });

  test("odd pools round down, min 1; providers are limited separately", () => {
    const { meter, limits } = setup({}, 3);
    for (let i = 0; i < 3; i++) meter.rateLimited("p");
    for (let i = 0; i < 2; i++) meter.rateLimited("q");
    expect(limits()).toEqual([["p", 1]]);
    const single = setup({}, 1);
    for (let i = 0; i < 5; i++) single.meter.rateLimited("p");
    expect(single.posted).toEqual([]);
  });

  test("each quiet 60 s gives one worker back until the limit is lifted", () => {
    const { meter, limits, advance, pending } = setup();
    for (let i = 0; i < 3; i++) meter.rateLimited("p");
    expect(limits()).toEqual([["p", 4]]);
    advance(59_999);
    expect(limits()).toEqual([["p", 4]]);
    advance(1);
    expect(limits()).toEqual([["p", 4], ["p", 5]]);
    advance(180_000);
    expect(limits()).toEqual([["p", 4], ["p", 5], ["p", 6], ["p", 7], ["p", null]]);
    expect(pending()).toBe(0);
    advance(600_000);
    expect(limits().length).toBe(5);
  });

  test("a rate limit during recovery restarts the quiet period", () => {
    const { meter, limits, advance } = setup();
    for (let i = 0; i < 3; i++) meter.rateLimited("p");
    advance(50_000);
    meter.rateLimited("p");
    advance(50_000);
    expect(limits()).toEqual([["p", 4]]);
    advance(10_000);
    expect(limits()).toEqual([["p", 4], ["p", 5]]);
  });

  test("dispose cancels recovery timers", () => {
    const { meter, limits, advance, pending } = setup();
    for (let i = 0; i < 3; i++) meter.rateLimited("p");
    expect(pending()).toBe(1);
    meter.dispose();
    expect(pending()).toBe(0);
    advance(600_000);
    expect(limits()).toEqual([["p", 4]]);
  });
});
