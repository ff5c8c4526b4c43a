import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline/promises";
import { DgovError } from "../../errors.ts";
import { log } from "../../log.ts";
import { compileTree } from "../../plan/compile.ts";
import { type EmittedPlan, planSlug, writeEmittedPlan } from "../../plan/emitted.ts";
import { runPlanner } from "../../runner/planner.ts";
import type { WorkerMessage } from "../../worker/protocol.ts";
import { writeFileAtomic } from "../../write-file.ts";
import { defineCommand } from "../define.ts";
import { columns, printJson, printText } from "../output.ts";
import { compileContext, openProject, plansDir } from "../project.ts";
import { EXIT, runPlan } from "../run-plan.ts";

/** A plan name no plan has (live or archived: deploy records are keyed by name). */
function freshName(root: string, wanted: string): string {
  const taken = (n: string) => existsSync(join(plansDir(root), n)) || existsSync(join(plansDir(root), "archive", n));
  if (!taken(wanted)) return wanted;
  for (let i = 2; ; i++) if (!taken(`${wanted}-${i}`)) return `${wanted}-${i}`;
}

/** One question at the terminal, on stderr (stdout stays data). */
async function askAtTerminal(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await rl.question(`\n[planner] ${question}\n  Your answer: `);
  } finally {
    rl.close();
  }
}

const plannerLog = log.withTag("planner");

/** The planner's progress, one short line each, on stderr. */
function progress(m: WorkerMessage): void {
  if (m.type === "call") plannerLog.info(`${m.tool}${m.tool === "emit_plan" ? "" : ` ${JSON.stringify(m.args).slice(0, 100)}`}`);
  else if (m.type === "result" && m.tool === "emit_plan" && m.status === "failed") plannerLog.warn(`the plan it emitted was refused:\n${(m.output ?? "").replace(/^Error: /, "")}`);
  else if (m.type === "retry") plannerLog.warn(`provider ${m.status ?? "error"}: retrying in ${(m.delay_ms / 1000).toFixed(1)}s (retry ${m.attempt})`);
}

export default defineCommand({
  args: {
    goal: { type: "positional", required: true, description: "What the plan should achieve, in words" },
    name: { type: "string", valueHint: "name", description: "The plan's name (default: the planner's, else from the goal)" },
    model: { type: "string", valueHint: "agent", description: "Model or agent alias (default: the provider's default_agent)" },
    provider: { type: "string", valueHint: "name", description: "[providers.<name>] to use (default: [project] provider)" },
    auto: { type: "boolean", description: "Never ask questions (the default when not on a terminal)" },
    run: { type: "boolean", description: "Run the plan once it is written" },
  },
  details:
    "A planner agent explores the repository in a read-only sandbox, may ask you questions (on a\n" +
    "terminal, without --auto), and emits a plan; dgov compiles it, sending compile errors back to the\n" +
    "planner, and writes it under .dgov/plans/<name>/ only once it compiles. Exit 1 when no plan compiled.",
  async run({ args, globals }) {
    const project = await openProject(globals);
    if (!args.goal.trim()) throw new DgovError({ code: "E_USAGE", message: "the goal is empty", hint: 'Say what the plan should achieve: dgov plan create "add a mul() function with tests"' });
    const interactive = !args.auto && !globals.json && process.stdin.isTTY === true && process.stderr.isTTY === true;
    plannerLog.info(`mode: ${interactive ? "interactive" : "autonomous"}`);
    const outcome = await runPlanner({
      root: project.root, config: project.loaded.config, goal: args.goal,
      ...(args.provider ? { provider: args.provider } : {}), ...(args.model ? { model: args.model } : {}),
      ...(interactive ? { ask: askAtTerminal } : {}), onMessage: progress,
    });
    if (!outcome.ok) {
      throw new DgovError({
        code: "E_PLANNER", message: `no plan: ${outcome.error}`, exitCode: 1,
        details: outcome.rejections.length ? ["the last plan was refused with:", ...(outcome.rejections.at(-1) ?? "").split("\n")] : [],
        hint: "Nothing was written. Make the goal more specific, or write the plan by hand (dgov init-plan).",
      });
    }
    const name = freshName(project.root, planSlug(args.name || outcome.plan.name || args.goal));
    const dir = join(plansDir(project.root), name);
    writeEmittedPlan(dir, outcome.plan, name);
    let compiled: ReturnType<typeof compileTree>;
    try {
      compiled = compileTree(dir, compileContext(project, false));
      writeFileAtomic(compiled.output, compiled.text);
    } catch (error) {
      // What the planner's own check accepted must compile here too; if not, nothing stays.
      rmSync(dir, { recursive: true, force: true });
      throw error;
    }
    const created = createdJson(name, project.display(dir), outcome.plan, compiled, outcome);
    if (args.run) {
      if (!globals.json) await printText(createdText(created));
      const status = await runPlan(dir, project, { jsonExtra: { created } }, globals);
      return EXIT[status];
    }
    if (globals.json) await printJson(created);
    else await printText(`${createdText(created)}\n\nTo run it: dgov run ${name}`);
    return 0;
  },
});

function createdJson(name: string, dir: string, plan: EmittedPlan, compiled: ReturnType<typeof compileTree>, o: { model: string; provider: string; tokens: number }) {
  return {
    plan: name, dir, summary: plan.summary,
    tasks: compiled.plan.units.map((u) => ({ id: u.id, summary: u.summary, role: u.role, files: u.files, depends_on: u.dependsOn })),
    edges: compiled.edges,
    planner: { provider: o.provider, model: o.model, tokens: o.tokens },
  };
}

function createdText(c: ReturnType<typeof createdJson>): string {
  const claims = (f: Record<string, string[]>) => ["create", "edit", "touch", "delete", "read"].filter((k) => f[k]?.length).map((k) => `${k}: ${f[k]!.join(", ")}`).join("  ");
  const rows = c.tasks.map((t) => [`  ${t.id}`, t.role === "worker" ? t.summary : `${t.summary} (${t.role})`, claims(t.files as unknown as Record<string, string[]>), t.depends_on.length ? `after ${t.depends_on.join(", ")}` : ""]);
  return [`Plan '${c.plan}' written to ${c.dir}/ (${c.tasks.length} task${c.tasks.length === 1 ? "" : "s"}): ${c.summary}`, columns(rows)].join("\n");
}
