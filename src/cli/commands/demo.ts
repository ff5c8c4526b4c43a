import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { DEMO_KEY_ENV, demoFiles } from "../../demo/project.ts";
import { startDemoModel } from "../../demo/model.ts";
import { DgovError } from "../../errors.ts";
import { detectSandbox } from "../../exec/sandbox.ts";
import { gitOut, writeEnv } from "../../git/run.ts";
import { log } from "../../log.ts";
import { writeFileAtomic } from "../../write-file.ts";
import { defineCommand } from "../define.ts";
import { printText } from "../output.ts";
import { openProject } from "../project.ts";
import { EXIT, runPlan } from "../run-plan.ts";

const IDENTITY = writeEnv({ name: "dgov demo", email: "demo@dgov.local" });

/** A new git repository holding the demo project, committed. */
async function createRepo(dir: string, baseUrl: string): Promise<void> {
  const sandbox = await detectSandbox();
  if (!sandbox.ok) log.warn(`this machine has no sandbox (${sandbox.reason}); the demo runs without one. ${sandbox.hint}`);
  for (const [path, text] of Object.entries(demoFiles(baseUrl, process.execPath, sandbox.ok))) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileAtomic(join(dir, path), text);
  }
  await gitOut(["init", "--quiet", "--initial-branch=main"], dir, { env: IDENTITY });
  await gitOut(["add", "--all"], dir, { env: IDENTITY });
  await gitOut(["commit", "--quiet", "--no-verify", "-m", "initial"], dir, { env: IDENTITY });
}

export default defineCommand({
  args: {
    dir: { type: "positional", required: false, description: "Where to create the demo repository (default: a temporary folder, removed afterwards)" },
    keep: { type: "boolean", description: "Keep the temporary demo repository to look at" },
  },
  details:
    "Runs a real plan end to end, offline, with no API key: a small TypeScript repository, a plan of\n" +
    "three tasks (two in parallel, one depending on both), and dgov's own LLM worker talking to an\n" +
    "embedded scripted model on 127.0.0.1. Worktrees, tool calls, settlement and merges are real.",
  async run({ args, globals }) {
    const given = args.dir ? resolve(globals.cwd, args.dir) : null;
    if (given && existsSync(given) && readdirSync(given).length > 0) {
      throw new DgovError({ code: "E_EXISTS", message: `${given} is not empty`, hint: "Name a new or empty folder, or omit it to use a temporary one." });
    }
    const dir = given ?? mkdtempSync(join(tmpdir(), "dgov-demo-"));
    mkdirSync(dir, { recursive: true });
    const model = startDemoModel();
    // The demo model accepts any key; the worker still needs one to be set, as a real one would.
    process.env[DEMO_KEY_ENV] ??= "demo-key";
    try {
      await createRepo(dir, model.url);
      log.info(`demo repository: ${dir}`);
      const demoGlobals = { ...globals, cwd: dir };
      const project = await openProject(demoGlobals);
      const status = await runPlan(join(dir, ".dgov", "plans", "demo"), project, {}, demoGlobals);
      if (!globals.json) {
        const history = await gitOut(["log", "--oneline", "main"], dir);
        await printText(`\nHistory of main:\n${history.trimEnd()}\n\n${given || args.keep ? `The repository is at ${dir}` : "Run `dgov demo --keep` to keep the repository and look around."}`);
      }
      return EXIT[status];
    } finally {
      model.stop();
      if (!given && !args.keep) {
        rmSync(dir, { recursive: true, force: true });
        rmSync(join(dir, "..", `.dgov-worktrees-${dir.split("/").pop()}`), { recursive: true, force: true });
      }
    }
  },
});
