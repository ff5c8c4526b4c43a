import type { ResolvedConfig } from "../config/resolve.ts";
import { providerKeyEnvs } from "../config/resolve.ts";
import { exec } from "../exec/exec.ts";
import { scrubbedEnv } from "../exec/env.ts";
import { log } from "../log.ts";

/** What a notification says about a run: its plan, how it ended, and its counts. */
export interface RunNotice {
  plan: string;
  status: string;
  counts: Record<string, number>;
  duration_s: number;
}

/** A desktop notifier on this machine (`notify-send`, macOS's `osascript`), or null. */
function desktopCommand(title: string, body: string): string[] | null {
  if (Bun.which("notify-send")) return ["notify-send", "--app-name=dgov", title, body];
  if (process.platform === "darwin" && Bun.which("osascript")) {
    const quote = (s: string) => JSON.stringify(s);
    return ["osascript", "-e", `display notification ${quote(body)} with title ${quote(title)}`];
  }
  return null;
}

/**
 * Tells whoever asked (`[notify]`) that a run ended: `command` gets the run's summary as JSON
 * on stdin, in the project root, without the providers' keys in its environment; `desktop`
 * shows a notification where the machine has a notifier. A notifier that fails is a warning:
 * the run's outcome and exit code stay what they were.
 */
export async function notifyRunEnd(root: string, config: ResolvedConfig, notice: RunNotice, summary: unknown): Promise<void> {
  const { command, desktop, timeout_s } = config.notify;
  const env = scrubbedEnv(process.env, providerKeyEnvs(config));
  // dgov's exec, not tinyexec: the environment must be exactly the scrubbed one (tinyexec adds
  // the whole process environment back, keys included).
  const run = async (argv: string[], stdin?: string) => {
    const result = await exec(argv, { cwd: root, env, timeoutMs: timeout_s * 1000, ...(stdin === undefined ? {} : { stdin }) });
    if (result.code !== 0 || result.timedOut) {
      const why = result.timedOut ? `timed out after ${timeout_s}s` : `exited ${result.code}`;
      log.warn(`[notify] ${argv.join(" ")} ${why}${result.stderr.trim() ? `: ${result.stderr.trim().split("\n")[0]}` : ""}`);
    }
  };
  if (command.length) await run(command, `${JSON.stringify(summary)}\n`);
  if (!desktop) return;
  const counts = Object.entries(notice.counts).map(([state, n]) => `${n} ${state}`).join(", ");
  const argv = desktopCommand(`dgov: ${notice.plan} ${notice.status}`, `${counts} in ${notice.duration_s.toFixed(0)}s`);
  if (argv) await run(argv);
  else log.warn("[notify] desktop = true, but this machine has no notify-send (or osascript on macOS): no desktop notification");
}
