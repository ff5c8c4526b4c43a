/**
 * A real terminal for end-to-end tests: a command run in a tmux pane on a server of its own
 * (its own socket in a temp folder, no user config), read back with capture-pane. The pane stays after the
 * command exits so its last screen can still be read.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface TmuxPane {
  name: string;
  /** The pane's text (history included, wrapped lines joined); with `escapes` its colour escapes too. */
  capture(opts?: { escapes?: boolean }): string;
  /** The command's exit status once it ended, null while it runs. */
  exitStatus(): number | null;
  /** Polls the screen until `test` holds; throws with the last screen after the deadline. */
  until(test: (screen: string) => boolean, timeoutMs?: number): Promise<string>;
  /** Kills the server (and the command with it). */
  kill(): void;
}

let sessions = 0;

function tmux(socket: string, ...args: string[]): string {
  const proc = Bun.spawnSync(["tmux", "-S", socket, ...args], { stdout: "pipe", stderr: "pipe" });
  if (proc.exitCode !== 0) throw new Error(`tmux ${args.join(" ")}: ${proc.stderr.toString()}`);
  return proc.stdout.toString();
}

/**
 * Starts `argv` in a new pane `width` columns wide, in `cwd`, with exactly `env` added to a
 * minimal environment (PATH, HOME, TERM=screen; no NO_COLOR).
 */
export function startPane(argv: string[], opts: { cwd: string; env?: Record<string, string>; width?: number; height?: number }): TmuxPane {
  const name = `dgov-test-${process.pid}-${++sessions}-${Math.random().toString(36).slice(2, 8)}`;
  const dir = mkdtempSync(join(tmpdir(), "dgov-tmux-"));
  const config = join(dir, "tmux.conf");
  // The server's socket lives in the pane's own folder: killing it leaves nothing behind.
  const socket = join(dir, "socket");
  writeFileSync(config, "set -g remain-on-exit on\nset -g history-limit 10000\nset -g status off\n");
  const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? dir, TERM: "screen", ...opts.env };
  // The exit status goes to a file: tmux learns it only from SIGCHLD, which the test runner's
  // signal mask (inherited by the tmux server) can hold back.
  const status = join(dir, "status");
  const wrapped = ["sh", "-c", `"$@"; echo $? > ${status}`, "sh", ...argv];
  const command = ["env", "-i", ...Object.entries(env).map(([k, v]) => `${k}=${v}`), ...wrapped].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(" ");
  tmux(socket, "-f", config, "new-session", "-d", "-s", name, "-x", String(opts.width ?? 100), "-y", String(opts.height ?? 30), "-c", opts.cwd, command);
  const pane: TmuxPane = {
    name,
    capture: ({ escapes = false } = {}) => tmux(socket, "capture-pane", "-p", "-J", "-S", "-", ...(escapes ? ["-e"] : []), "-t", name),
    exitStatus() {
      const text = existsSync(status) ? readFileSync(status, "utf8") : "";
      return text.endsWith("\n") ? Number(text) : null;
    },
    async until(test, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const screen = pane.capture();
        if (test(screen)) return screen;
        if (Date.now() > deadline) throw new Error(`timed out waiting for the pane; it shows:\n${screen}`);
        await Bun.sleep(50);
      }
    },
    kill() {
      Bun.spawnSync(["tmux", "-S", socket, "kill-server"], { stdout: "ignore", stderr: "ignore" });
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return pane;
}
