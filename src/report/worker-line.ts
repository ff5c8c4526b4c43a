/*
 * A worker's messages (`worker_log` events) as short lines for people following a run: a tool
 * call as its name and most telling argument, a result only by what the call did not say (an
 * exit code, a failure), a provider retry as what it waits for.
 */

const obj = (x: unknown): Record<string, unknown> => (x && typeof x === "object" && !Array.isArray(x) ? (x as Record<string, unknown>) : {});
const firstLine = (s: string) => s.split("\n").find((l) => l.trim())?.trim() ?? "";

/** Argument names in the order they tell what a call is about. */
const TELLING = ["path", "file", "cmd", "command", "pattern", "query", "symbol", "name", "url", "summary"];
const PATCH_FILE = /^\*\*\* (?:Update|Add|Delete) File: (.+)$/gm;

/** What a call is about, in one short phrase: `src/a.ts`, `bun test`, the files a patch touches. */
function argumentText(args: Record<string, unknown>): string {
  if (typeof args.patch === "string") return [...args.patch.matchAll(PATCH_FILE)].map((m) => m[1]!.trim()).join(" ");
  const key = TELLING.find((k) => typeof args[k] === "string" && args[k] !== "") ?? Object.keys(args).find((k) => typeof args[k] === "string" && args[k] !== "");
  return key ? firstLine(args[key] as string) : "";
}

/** `edit_file src/a.ts` */
export function toolCallText(content: Record<string, unknown>): string {
  const tool = String(content.tool ?? "?");
  const what = argumentText(obj(content.args));
  return what ? `${tool} ${what}` : tool;
}

/** `run_tests → exit 1`, `edit_file → failed (not_found)`, `read_file → ok`. */
export function toolResultText(content: Record<string, unknown>): string {
  const tool = String(content.tool ?? "?");
  if (typeof content.exit_code === "number") return `${tool} → exit ${content.exit_code}`;
  if (content.status === "failed") return `${tool} → failed${typeof content.error_kind === "string" ? ` (${content.error_kind})` : ""}`;
  return `${tool} → ok`;
}

/** Whether a result tells more than its call did: an exit code or a failure. */
export function resultIsTelling(content: Record<string, unknown>): boolean {
  return typeof content.exit_code === "number" || content.status === "failed";
}

function delayText(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)}ms` : `${Math.round(ms / 1000)}s`;
}

/** `rate limited (429), retrying in 4s (attempt 2/3)` */
export function retryText(content: Record<string, unknown>): string {
  const status = typeof content.status === "number" ? content.status : null;
  const what = status === 429 ? "rate limited (429)" : status === null ? `connection failed (${firstLine(String(content.reason ?? "")) || "no response"})` : `provider error (HTTP ${status})`;
  const attempt = typeof content.attempt === "number" ? content.attempt + 1 : null;
  const of = typeof content.max_retries === "number" ? `/${content.max_retries + 1}` : "";
  return `${what}, retrying in ${delayText(Number(content.delay_ms ?? 0))}${attempt ? ` (attempt ${attempt}${of})` : ""}`;
}

/** One worker message as a line; `thought`, `output` and `done` show their first line. */
export function workerLogText(data: Record<string, unknown>): string {
  const type = String(data.log_type ?? "?");
  const content = obj(data.content);
  switch (type) {
    case "call":
      return toolCallText(content);
    case "result":
      return toolResultText(content);
    case "retry":
      return retryText(content);
    case "start":
      return `worker started: ${content.agent ?? "?"} (${content.model ?? "?"})`;
    case "tools": {
      const withheld = Array.isArray(content.withheld) ? (content.withheld as { name?: unknown; reason?: unknown }[]) : [];
      const offered = Array.isArray(content.offered) ? content.offered.length : 0;
      return `tools: ${offered} offered${withheld.length ? `; withheld: ${withheld.map((w) => `${String(w.name)} (${String(w.reason)})`).join("; ")}` : ""}`;
    }
    case "done":
      return `done: ${firstLine(String(content.summary ?? ""))}`;
    case "error":
      return `error (${content.kind ?? "?"}): ${firstLine(String(content.message ?? ""))}`;
    case "output":
      return `output: ${typeof data.content === "string" ? data.content : ""}`;
    case "thought":
      return `thought: ${firstLine(String(content.text ?? ""))}`;
    default:
      return `${type}: ${JSON.stringify(data.content)}`;
  }
}
