import { type ChatRequest, ProviderError } from "./client.ts";

/*
 * Bounded retries of one provider request (spec workers-llm §5.3, fixing B8): 429, 408, 409,
 * 5xx and connection errors are retried with exponential backoff and ±20 % jitter; a
 * Retry-After (seconds or an HTTP date) replaces the backoff but is capped, and every retry
 * consumes an attempt, so an endpoint that always answers 429 ends.
 */

export interface RetryPolicy {
  maxRetries: number;
  baseMs: number;
  maxMs: number;
}

export interface RetryHooks {
  onRetry(info: { status: number | null; attempt: number; delayMs: number; reason: string }): void;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  random(): number;
  now(): number;
}

const RETRYABLE_STATUS = new Set([408, 409, 429]);

export function isRetryable(error: ProviderError): boolean {
  if (error.status === null) return !/abort/i.test(error.message);
  return RETRYABLE_STATUS.has(error.status) || error.status >= 500;
}

const HTTP_DATE = /^(mon|tue|wed|thu|fri|sat|sun)[a-z]*,? /i;

/** Retry-After as milliseconds: `retry-after-ms`, seconds (`"15.5"`) or an HTTP date. */
export function retryAfterMs(headers: Headers | null, now: number): number | null {
  if (!headers) return null;
  const ms = Number.parseFloat(headers.get("retry-after-ms") ?? "");
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const raw = headers.get("retry-after")?.trim();
  if (!raw) return null;
  if (/^\d+(\.\d+)?$/.test(raw)) return Number.parseFloat(raw) * 1000;
  // Every HTTP-date form starts with a day name; Date.parse alone reads junk such as "-5"
  // or "abc 2" as a past date, which would mean "retry at once".
  if (!HTTP_DATE.test(raw)) return null;
  const date = Date.parse(raw);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

export function backoffMs(attempt: number, policy: RetryPolicy, random: () => number): number {
  const base = Math.min(policy.maxMs, policy.baseMs * 2 ** attempt);
  return Math.max(0, base + (random() * 2 - 1) * 0.2 * base);
}

const estimate = (text: string) => Math.ceil(text.length / 4);

/** Prompt tokens of a request, estimated as dgov-py does (4 characters a token). */
export function estimatePromptTokens(request: ChatRequest): number {
  let total = estimate(JSON.stringify(request.tools));
  for (const m of request.messages) {
    if (m.content) total += estimate(String(m.content));
    if (m.role === "assistant" && m.tool_calls?.length) total += estimate(JSON.stringify(m.tool_calls));
  }
  return total;
}

/**
 * Fireworks' adaptive serverless limit: a request larger than the advertised per-request
 * prompt limit can never succeed, so it fails at once with the marker the runner keys on.
 */
export function fireworksLimitError(error: ProviderError, request: ChatRequest): ProviderError | null {
  const limit = Number.parseInt(error.headers?.get("x-ratelimit-limit-tokens-prompt") ?? "", 10);
  if (error.status !== 429 || !Number.isFinite(limit)) return null;
  const estimated = estimatePromptTokens(request);
  if (estimated <= limit) return null;
  return new ProviderError(
    `Fireworks adaptive serverless TPM: prompt token limit exceeded. Estimated prompt tokens: ${estimated}, observed limit: ${limit}. Suggested actions: shrink prompt/tool schema, reduce concurrency, use 'dgov run --continue' after cooldown, switch model/provider, or use an on-demand deployment.`,
    429,
    error.headers,
  );
}

/** Runs `attempt` until it succeeds, fails for good, or the retries are used up. */
export async function withRetries<T>(
  attempt: () => Promise<T>,
  request: ChatRequest,
  policy: RetryPolicy,
  hooks: RetryHooks,
  signal?: AbortSignal,
): Promise<{ value: T; retries: number }> {
  for (let retries = 0; ; retries++) {
    try {
      return { value: await attempt(), retries };
    } catch (caught) {
      const error = caught instanceof ProviderError ? caught : new ProviderError(String(caught), null, null);
      const fatal = fireworksLimitError(error, request);
      if (fatal) throw fatal;
      if (signal?.aborted || !isRetryable(error) || retries >= policy.maxRetries) throw Object.assign(error, { retries });
      const after = retryAfterMs(error.headers, hooks.now());
      const delayMs = after === null ? backoffMs(retries, policy, hooks.random) : Math.min(after, policy.maxMs);
      hooks.onRetry({ status: error.status, attempt: retries + 1, delayMs, reason: error.message });
      await hooks.sleep(delayMs, signal);
    }
  }
}
