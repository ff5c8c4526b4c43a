import { ProviderError } from "./client.ts";
import { LoopFailure } from "./loop.ts";
import type { WorkerSpec } from "./spec.ts";

/**
 * A provider failure as the runner should see it: a kind, whether another attempt could
 * help, and a message naming the provider, its URL and what to check.
 */
export function providerFailure(error: unknown, spec: WorkerSpec): LoopFailure {
  const p = spec.provider;
  const e = error instanceof ProviderError ? error : new ProviderError(String((error as Error)?.message ?? error), null, null);
  const retries = (e as { retries?: number }).retries ?? 0;
  const where = `provider '${p.name}' at ${p.base_url}`;
  const after = retries ? ` after ${retries} ${retries === 1 ? "retry" : "retries"}` : "";
  if (e.message.includes("Fireworks adaptive serverless TPM")) return new LoopFailure("quota", `API Failure: ${e.message}`, false);
  if (e.status === 401 || e.status === 403) {
    return new LoopFailure("auth", `API Failure: ${where} rejected the API key (HTTP ${e.status}: ${e.message}). Check the key in $${p.api_key_env}.`, false);
  }
  if (e.status === 404) {
    return new LoopFailure("config", `API Failure: ${where} answered HTTP 404 for model '${spec.model}' (${e.message}). Check [providers.${p.name}] base_url and the task's agent.`, false);
  }
  if (e.status === 429) return new LoopFailure("quota", `API Failure: ${where} kept rate-limiting (HTTP 429${after}): ${e.message}`, true);
  if (e.status !== null && e.status < 500 && ![408, 409].includes(e.status)) {
    return new LoopFailure("api", `API Failure: ${where} refused the request (HTTP ${e.status}): ${e.message}`, false);
  }
  const what = e.status === null ? "connection failed" : `HTTP ${e.status}`;
  return new LoopFailure("api", `API Failure: ${where}: ${what}${after}: ${e.message}`, true);
}
