import type { ResolvedConfig } from "../config/resolve.ts";
import type { KernelEvent } from "../kernel/types.ts";
import type { Observer } from "./context.ts";

/** 429s from one provider within this window, this many times, halve its workers. */
const WINDOW_MS = 60_000;
const BURST = 3;
/** Each quiet interval without a 429 gives a lowered provider one worker back. */
const RECOVER_MS = 60_000;

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as Timer),
};

export interface MeterInit {
  config: ResolvedConfig;
  maxParallel: number;
  post(event: KernelEvent): Promise<void>;
  record(event: string, task: string | null, data: Record<string, unknown>): void;
  /** A budget reached stops the running workers too (`--budget-mode hard`, the default); soft: only nothing new starts. */
  hardBudgets: boolean;
  clock?: Clock;
}

export interface Meter extends Observer {
  totals(): { tokens: number; costUsd: number };
  /** Stops recovery timers (the run ended). */
  dispose(): void;
}

/** USD for a request's tokens at the provider's prices, or null when they are not set. */
export function costOf(config: ResolvedConfig, provider: string, prompt: number, completion: number): number | null {
  const p = config.providers[provider];
  if (!p || p.price_in === null || p.price_out === null) return null;
  return (prompt * p.price_in + completion * p.price_out) / 1_000_000;
}

/**
 * The run's meter: token usage and cost (recorded as `llm_usage` events, checked against
 * `max_tokens` / `max_cost`), and adaptive concurrency — repeated 429s from a provider halve
 * the workers it may have, and quiet periods give them back one at a time.
 */
export function createMeter(init: MeterInit): Meter {
  const clock = init.clock ?? realClock;
  const totals = { tokens: 0, costUsd: 0 };
  let halted = false;
  const recent = new Map<string, number[]>();
  const limits = new Map<string, number>();
  const timers = new Map<string, unknown>();
  const halt = (reason: string) => {
    if (halted) return;
    halted = true;
    void init.post({ type: "run_halted", reason, ...(init.hardBudgets ? { stop: true } : {}) });
  };
  const recover = (provider: string) => {
    timers.set(
      provider,
      clock.setTimeout(() => {
        const next = (limits.get(provider) ?? init.maxParallel) + 1;
        if (next >= init.maxParallel) {
          limits.delete(provider);
          timers.delete(provider);
          void init.post({ type: "pool_limited", pool: provider, limit: null });
          return;
        }
        limits.set(provider, next);
        void init.post({ type: "pool_limited", pool: provider, limit: next });
        recover(provider);
      }, RECOVER_MS),
    );
  };
  return {
    usage(task, provider, tokens) {
      const cost = costOf(init.config, provider, tokens.prompt, tokens.completion);
      totals.tokens += tokens.prompt + tokens.completion;
      totals.costUsd += cost ?? 0;
      init.record("llm_usage", task, { provider, prompt_tokens: tokens.prompt, completion_tokens: tokens.completion, cost_usd: cost, ...tokens.details });
      const { max_tokens, max_cost } = init.config.project;
      if (max_tokens !== null && totals.tokens >= max_tokens) halt(`max_tokens reached: ${totals.tokens} tokens used (limit ${max_tokens})`);
      if (max_cost !== null && totals.costUsd >= max_cost) halt(`max_cost reached: $${totals.costUsd.toFixed(4)} spent (limit $${max_cost})`);
    },
    rateLimited(provider) {
      const now = clock.now();
      const hits = (recent.get(provider) ?? []).filter((t) => now - t < WINDOW_MS);
      hits.push(now);
      recent.set(provider, hits);
      if (timers.has(provider)) clock.clearTimeout(timers.get(provider));
      const current = limits.get(provider) ?? init.maxParallel;
      if (hits.length >= BURST && current > 1) {
        const lowered = Math.max(1, Math.floor(current / 2));
        limits.set(provider, lowered);
        recent.set(provider, []);
        init.record("provider_throttled", null, { provider, limit: lowered, rate_limits: hits.length });
        void init.post({ type: "pool_limited", pool: provider, limit: lowered });
      }
      if (limits.has(provider)) recover(provider);
    },
    totals: () => ({ ...totals }),
    dispose() {
      for (const t of timers.values()) clock.clearTimeout(t);
      timers.clear();
    },
  };
}
