import { existsSync, readdirSync, statfsSync } from "node:fs";
// The probes are one-shot programs run as the user would run them (their whole environment),
// outside any sandbox and run's bookkeeping: tinyexec's job.
import { dirname, join } from "node:path";
import { errorMessage } from "../../errors.ts";
import { x } from "tinyexec";
import { worktreesDir } from "../../git/worktree.ts";
import { providerSpecOf } from "../../runner/backends/llm.ts";
import { resolveConfinement } from "../../runner/confinement.ts";
import { toolsForRole } from "../../worker/tools.ts";
import { defineCommand } from "../define.ts";
import { printJson, printText } from "../output.ts";
import { openProject, type Project } from "../project.ts";

/** One finding: what was checked, and how it stands. `fail` makes the exit code 1. */
interface Check {
  area: string;
  name: string;
  status: "ok" | "warn" | "fail";
  detail: string;
}

const COMMAND_KEYS = ["test_cmd", "lint_cmd", "lint_fix_cmd", "format_cmd", "format_check_cmd", "type_check_cmd", "setup_cmd", "coverage_cmd"] as const;

/** The program a command line starts (past `VAR=value` words and `uv run`), and the module of `python -m <module>`. */
function programOf(line: string): { program: string; module: string | null } | null {
  const words = line.trim().split(/\s+/).filter((w) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(w));
  const start = words[0] === "uv" && words[1] === "run" ? 2 : 0;
  const program = words[start];
  if (!program) return null;
  const module = /^python[0-9.]*$/.test(program.split("/").pop()!) && words[start + 1] === "-m" ? (words[start + 2] ?? null) : null;
  return { program, module };
}

async function commandChecks(project: Project): Promise<Check[]> {
  const p = project.loaded.config.project;
  const checks: Check[] = [];
  for (const key of COMMAND_KEYS) {
    const line = String((p as Record<string, unknown>)[key] ?? "").trim();
    if (!line) continue;
    const start = programOf(line);
    if (!start) continue;
    const found = start.program.includes("/") ? (existsSync(join(project.root, start.program)) || existsSync(start.program) ? start.program : null) : Bun.which(start.program);
    if (!found) {
      checks.push({ area: "commands", name: key, status: "fail", detail: `${start.program} is not installed (not on PATH): \`${line}\` cannot run. Install it, or change [project] ${key}.` });
      continue;
    }
    if (start.module) {
      const probe = await x(found, ["-c", `import importlib.util, sys; sys.exit(0 if importlib.util.find_spec(${JSON.stringify(start.module)}) else 1)`], { timeout: 10_000, nodeOptions: { cwd: project.root } });
      if (probe.exitCode !== 0) {
        checks.push({ area: "commands", name: key, status: "fail", detail: `${start.program} has no module ${start.module}: \`${line}\` cannot run. Install it (e.g. pip install ${start.module}), or change [project] ${key}.` });
        continue;
      }
    }
    checks.push({ area: "commands", name: key, status: "ok", detail: `${line} (${found})` });
  }
  return checks;
}

/**
 * The selected provider's default model answering one tiny request (a few tokens), through the
 * client the worker uses: what proves the model id, the key and the API all fit.
 */
async function modelCheck(project: Project, name: string, key: string): Promise<Check | null> {
  const config = project.loaded.config;
  const agent = config.project.default_agent || config.providers[name]!.default_agent;
  if (!agent) return { area: "providers", name: `${name} model`, status: "warn", detail: `no default_agent: each task must name its model (agent = "…")` };
  const model = config.agents[agent] ?? agent;
  const { createChatClient } = await import("../../worker/client.ts");
  const client = createChatClient({ ...providerSpecOf(name, config.providers[name]!, 30), stream: false, max_retries: 0 }, key);
  try {
    const reply = await client.complete({ model, messages: [{ role: "user", content: "Reply with the single word OK." }], tools: [], toolChoice: "auto" }, AbortSignal.timeout(30_000));
    return { area: "providers", name: `${name} model`, status: "ok", detail: `${model} answers${reply.usage ? ` (${reply.usage.prompt_tokens + reply.usage.completion_tokens} tokens)` : ""}` };
  } catch (error) {
    return { area: "providers", name: `${name} model`, status: "fail", detail: `${model} did not answer: ${errorMessage(error)}` };
  }
}

/**
 * Each provider the project names: its key in the environment, and (online) whether its
 * endpoint answers and, for the selected one, its default model.
 */
async function providerChecks(project: Project, offline: boolean): Promise<Check[]> {
  const checks: Check[] = [];
  for (const [name, p] of Object.entries(project.loaded.config.providers)) {
    const key = process.env[p.api_key_env]?.trim();
    checks.push({ area: "providers", name: `${name} key`, status: key ? "ok" : "fail", detail: key ? `${p.api_key_env} is set` : `${p.api_key_env} is not set in the environment: LLM tasks on ${name} cannot start. Export it.` });
    if (offline) continue;
    const url = `${p.base_url.replace(/\/+$/, "")}/models`;
    try {
      const response = await fetch(url, { headers: key ? { authorization: `Bearer ${key}` } : {}, signal: AbortSignal.timeout(5_000) });
      // Any HTTP answer means the endpoint is there; 401/403 say the key is refused.
      const refused = response.status === 401 || response.status === 403;
      checks.push({ area: "providers", name: `${name} endpoint`, status: refused ? "fail" : "ok", detail: refused ? `${p.base_url} refuses the key (HTTP ${response.status})` : `${p.base_url} answers (HTTP ${response.status})` });
      const model = !refused && key && name === project.loaded.config.project.provider ? await modelCheck(project, name, key) : null;
      if (model) checks.push(model);
    } catch (error) {
      checks.push({ area: "providers", name: `${name} endpoint`, status: "fail", detail: `${p.base_url} is unreachable: ${errorMessage(error)}. Check base_url and the network (or pass --offline).` });
    }
  }
  return checks;
}

async function machineChecks(project: Project): Promise<Check[]> {
  const { loaded } = project;
  const checks: Check[] = [
    { area: "config", name: "project", status: "ok", detail: loaded.doc ? loaded.path : `${loaded.path} does not exist: dgov's defaults (\`dgov init\` writes one)` },
    { area: "config", name: "user", status: "ok", detail: loaded.user.doc ? `${loaded.user.path} (under the project's)` : `${loaded.user.path} does not exist (optional: providers and defaults of yours)` },
  ];
  const git = await Promise.resolve(x("git", ["--version"], { timeout: 10_000, nodeOptions: { cwd: project.root } })).catch(() => null);
  checks.push(git?.exitCode === 0 ? { area: "machine", name: "git", status: "ok", detail: git.stdout.trim() } : { area: "machine", name: "git", status: "fail", detail: "git is not installed: dgov needs it" });
  checks.push({ area: "machine", name: "runtime", status: "ok", detail: `Bun ${Bun.version} (built into dgov)` });
  try {
    const { confinement, warning } = await resolveConfinement(project.root, project.loaded.config, { llm: false });
    const kind = confinement.sandbox?.kind;
    checks.push({ area: "machine", name: "sandbox", status: kind ? "ok" : "warn", detail: kind ? `${kind} (${confinement.sandbox!.program}); network ${JSON.stringify(confinement.network)}` : (warning ?? "off") });
  } catch (error) {
    checks.push({ area: "machine", name: "sandbox", status: "fail", detail: errorMessage(error) });
  }
  const dir = worktreesDir(project.root);
  const at = existsSync(dir) ? dir : dirname(dir);
  try {
    const fs = statfsSync(at);
    const free = (fs.bavail * fs.bsize) / 1024 ** 3;
    checks.push({ area: "machine", name: "worktrees", status: free < 1 ? "warn" : "ok", detail: `${dir}: ${free.toFixed(1)} GiB free${free < 1 ? " (a task worktree is a checkout of the project: make room)" : ""}` });
  } catch (error) {
    checks.push({ area: "machine", name: "worktrees", status: "fail", detail: `${dir}: ${errorMessage(error)}` });
  }
  const dgov = join(project.root, ".dgov");
  const leftovers = existsSync(dgov) ? readdirSync(dgov).filter((n) => n.startsWith("state.db.dgov-py")) : [];
  if (leftovers.length) checks.push({ area: "machine", name: "dgov-py", status: "warn", detail: `dgov-py's history was moved aside as .dgov/${leftovers.join(", .dgov/")} (readable; delete it when no longer needed)` });
  return checks;
}

/** The worker tools that cannot work here, and why (the worker does not offer them). */
function toolChecks(project: Project): Check[] {
  const { withheld } = toolsForRole(project.registry, "worker", { config: project.loaded.config, path: process.env.PATH ?? "" });
  return withheld.map((w) => ({ area: "worker tools", name: w.name, status: "warn" as const, detail: `not offered: ${w.reason}` }));
}

const MARK = { ok: "✓", warn: "!", fail: "✗" } as const;

export default defineCommand({
  args: {
    offline: { type: "boolean", description: "Do not contact the providers (keys are still checked)" },
  },
  details:
    "Checks what dgov needs on this machine and in this project: the config files read, git, the\n" +
    "sandbox, every configured command (is its program installed?), each provider (key set, endpoint\n" +
    "answering; the selected one's default model answering a tiny request unless --offline), the worktree\n" +
    "folder and its free disk, dgov-py leftovers, and which worker tools are withheld here and why.\n" +
    "Exit 1 when something would make a run fail.",
  async run({ args, globals }) {
    const project = await openProject(globals);
    const checks = [...(await machineChecks(project)), ...(await commandChecks(project)), ...(await providerChecks(project, Boolean(args.offline))), ...toolChecks(project)];
    const failed = checks.filter((c) => c.status === "fail").length;
    if (globals.json) await printJson({ ok: failed === 0, checks });
    else {
      const lines = checks.map((c) => `${MARK[c.status]} ${c.area}: ${c.name} — ${c.detail}`);
      lines.push("", failed ? `${failed} problem(s): a run would fail on them.` : "Nothing in the way of a run.");
      await printText(lines.join("\n"));
    }
    return failed ? 1 : 0;
  },
});
