import { DgovError } from "../../errors.ts";
import { selfCommand } from "../../exec/self.ts";
import { log } from "../../log.ts";
import { openStore } from "../../store/db.ts";
import { liveRuns, runsOf } from "../../store/runtime.ts";
import { startUi } from "../../ui/server.ts";
import { defineCommand } from "../define.ts";
import { printJson } from "../output.ts";
import { projectRoot } from "../project.ts";
import { onInterrupt } from "../signals.ts";

/**
 * The dashboard's actions, each the CLI's own: `dgov run <plan> --continue --only <task>`
 * (retry), `dgov plan abandon <plan>` (abandon), and the interrupt Ctrl-C sends a run (stop).
 */
function actions(root: string) {
  return async (name: string, body: Record<string, unknown>): Promise<{ ok: boolean; message: string }> => {
    const plan = typeof body.plan === "string" ? body.plan : "";
    const task = typeof body.task === "string" ? body.task : "";
    if (!plan) return { ok: false, message: "which plan? (plan is missing)" };
    if (name === "stop") {
      const store = openStore(root);
      try {
        const run = liveRuns(store).find((r) => r.plan === plan);
        if (!run) return { ok: false, message: `no run of '${plan}' is going on` };
        process.kill(run.pid, "SIGINT");
        return { ok: true, message: `asked run ${run.id} to stop (as Ctrl-C does)` };
      } finally {
        store.close();
      }
    }
    const argv = name === "abandon" ? ["plan", "abandon", plan] : name === "retry" && task ? ["run", plan, "--continue", "--only", task] : null;
    if (!argv) return { ok: false, message: `unknown action '${name}' (retry needs a task)` };
    // A retry is a run: it goes on in its own process; an abandon answers here.
    if (name === "retry") return startRun(root, plan, argv);
    const proc = Bun.spawn([...selfCommand(), "-C", root, ...argv], { stdout: "ignore", stderr: "pipe", stdin: "ignore" });
    const [err, code] = [await new Response(proc.stderr).text(), await proc.exited];
    return { ok: code === 0, message: code === 0 ? `dgov ${argv.join(" ")}: done` : err.trim() };
  };
}

/**
 * Starts `dgov <argv>` (a run) in its own process and answers once it has claimed its run in the
 * store (the page then follows it) or has ended without one (its error is the answer).
 */
async function startRun(root: string, plan: string, argv: string[]): Promise<{ ok: boolean; message: string }> {
  const runs = () => {
    const store = openStore(root);
    try {
      return runsOf(store, plan).length;
    } finally {
      store.close();
    }
  };
  const before = runs();
  const proc = Bun.spawn([...selfCommand(), "-C", root, ...argv], { stdout: "ignore", stderr: "pipe", stdin: "ignore" });
  // Its stderr is drained as it goes (a full pipe would stall it), keeping the end for an error.
  let tail = "";
  const decoder = new TextDecoder();
  void (async () => {
    for await (const chunk of proc.stderr) tail = (tail + decoder.decode(chunk)).slice(-4000);
  })();
  let exited: number | null = null;
  void proc.exited.then((code) => (exited = code));
  for (let waited = 0; waited < 30_000; waited += 100) {
    if (runs() > before) return { ok: true, message: `started: dgov ${argv.join(" ")} (pid ${proc.pid})` };
    if (exited !== null) return { ok: exited === 0, message: exited === 0 ? `dgov ${argv.join(" ")}: nothing to run` : tail.trim() || `dgov ${argv.join(" ")} exited ${exited}` };
    await Bun.sleep(100);
  }
  return { ok: true, message: `dgov ${argv.join(" ")} is starting (pid ${proc.pid})` };
}

export default defineCommand({
  args: {
    port: { type: "string", valueHint: "n", default: "7373", description: "The port to serve on (0: any free one)" },
    host: { type: "string", valueHint: "addr", default: "127.0.0.1", description: "The address to bind; anything but the loopback makes every request need the session token" },
    open: { type: "boolean", description: "Open the page in the browser" },
    "allow-actions": { type: "boolean", description: "Let the page retry a failed task, abandon a plan, stop a run (each needs the session token)" },
  },
  details:
    "Serves a live dashboard of this project's plans and runs from the binary itself: the DAG of each\n" +
    "plan's tasks coloured by state, each task's attempts, settlement timeline with gate findings,\n" +
    "transcript and diff, updated as the event log grows. Read-only unless --allow-actions. The URL\n" +
    "printed carries a per-session token; Ctrl-C stops the server.",
  async run({ args, globals }) {
    const root = await projectRoot(globals.cwd);
    const port = Number(args.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new DgovError({ code: "E_USAGE", message: `--port must be a port number (0-65535), got '${args.port}'` });
    const token = Buffer.from(crypto.getRandomValues(new Uint8Array(24))).toString("hex");
    let server: ReturnType<typeof startUi>;
    try {
      server = startUi({ root, host: args.host, port, token, allowActions: Boolean(args["allow-actions"]), act: actions(root) });
    } catch (error) {
      throw new DgovError({ code: "E_USAGE", message: `cannot serve on ${args.host}:${port}: ${(error as Error).message}`, hint: "Pick another --port (0 takes any free one)." });
    }
    const url = `${server.url}?token=${token}`;
    if (globals.json) await printJson({ url, port: server.port, host: args.host, token, actions: Boolean(args["allow-actions"]) });
    else log.info(`dgov ui: ${url}  (Ctrl-C stops it)`);
    if (args.open) {
      const opener = process.platform === "darwin" ? "open" : "xdg-open";
      if (Bun.which(opener)) Bun.spawn([opener, url], { stdout: "ignore", stderr: "ignore" });
      else log.warn(`--open: ${opener} is not installed; open ${url} yourself`);
    }
    // Until Ctrl-C (or SIGTERM): then the server stops and the command ends.
    await new Promise<void>((resolve) => onInterrupt({ first: resolve, second: () => {} }));
    await server.stop();
    return 0;
  },
});
