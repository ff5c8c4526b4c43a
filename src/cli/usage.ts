import { thousands } from "../text.ts";
import type { Usage } from "../store/plan-state.ts";

/** `12,345 tokens, $0.0123` — empty when nothing was used. */
export function formatUsage(u: Usage): string {
  const tokens = u.promptTokens + u.completionTokens;
  if (tokens === 0 && u.costUsd === null) return "";
  const cost = u.costUsd === null ? "" : `, $${u.costUsd.toFixed(4)}`;
  return `${thousands(tokens)} tokens${cost}`;
}

/** Usage as `--json` prints it. */
export function usageJson(u: Usage) {
  return { prompt_tokens: u.promptTokens, completion_tokens: u.completionTokens, cost_usd: u.costUsd };
}
