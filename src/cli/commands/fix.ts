import { existsSync, mkdirSync, renameSync } from "node:fs";
import { join } from "node:path";
import { DgovError } from "../../errors.ts";
import { log } from "../../log.ts";
import { renderFixPlan, slugify } from "../../plan/fix-plan.ts";
import { NAME_PATTERN } from "../../plan/schema.ts";
import { writeFileAtomic } from "../../write-file.ts";
import { defineCommand } from "../define.ts";
import { printText } from "../output.ts";
import { openProject, type Project, projectPath } from "../project.ts";
import { EXIT, runPlan } from "../run-plan.ts";

const fixPlansDir = (root: string) => join(root, ".dgov", "runtime", "fix-plans");

function exists(error: string, hint: string): DgovError {
  return new DgovError({ code: "E_EXISTS", message: error, hint, exitCode: 1 });
}

/** The plan name: `--name` as given (must be new), else `fix-<slug>` with `-2`, `-3`, … as needed. */
function planName(root: string, prompt: string, explicit: string | undefined, display: (p: string) => string): string {
  const live = (n: string) => join(fixPlansDir(root), n);
  const archived = (n: string) => join(fixPlansDir(root), "archive", n);
  if (explicit !== undefined) {
    if (!NAME_PATTERN.test(explicit)) throw new DgovError({ code: "E_USAGE", message: `invalid plan name '${explicit}': names must match ^[A-Za-z0-9_-]+$` });
    const taken = [live(explicit), archived(explicit)].find(existsSync);
    if (taken) throw exists(`Plan '${explicit}' already exists at ${display(taken)}`, "Use --name to specify a different name.");
    return explicit;
  }
  const base = `fix-${slugify(prompt, "fix").replace(/^fix-?/, "")}`.replace(/-$/, "") || "fix";
  if (existsSync(live(base))) {
    throw exists(`unresolved fix plan already exists at ${display(live(base))}`, `Fix: resume it with \`dgov run ${display(live(base))} --continue\`, remove it, or pass --name.`);
  }
  let name = base;
  for (let n = 2; existsSync(live(name)) || existsSync(archived(name)); n++) name = `${base}-${n}`;
  return name;
}

/** Claimed paths, relative to the project root; a path outside the project is a usage error. */
function claimedFiles(project: Project, cwd: string, files: string[]): { path: string; exists: boolean }[] {
  return files.map((raw) => {
    const path = projectPath(project.root, cwd, raw);
    if (!path) throw new DgovError({ code: "E_USAGE", message: `--file ${raw} is outside the project at ${project.root}` });
    return { path, exists: existsSync(join(project.root, path)) };
  });
}

export default defineCommand({
  repeatable: ["file"],
  args: {
    prompt: { type: "positional", required: true, description: "What to fix, in words" },
    file: { type: "string", alias: "f", valueHint: "path", description: "A file the fix may change (repeat for several; required)" },
    name: { type: "string", valueHint: "name", description: "The plan's name (default: fix-<words of the prompt>)" },
    "commit-message": { type: "string", valueHint: "text", description: "The commit message (default: Apply requested fix)" },
  },
  details:
    "Writes a one-task plan under .dgov/runtime/fix-plans/<name>/ (existing files claimed for edit,\n" +
    "new ones for create) and runs it like `dgov run`. A complete run archives the plan; otherwise it\n" +
    "is kept, and `dgov run <dir> --continue` resumes it.",
  async run({ args, globals }) {
    const files = [args.file as string | string[] | undefined].flat().filter((f): f is string => typeof f === "string" && f.trim() !== "");
    if (files.length === 0) throw new DgovError({ code: "E_USAGE", message: "dgov fix needs at least one --file", hint: 'e.g. dgov fix "Handle empty input" -f src/parser.ts' });
    if (!args.prompt.trim()) throw new DgovError({ code: "E_USAGE", message: "the fix prompt is empty" });
    const project = await openProject(globals);
    const claimed = claimedFiles(project, globals.cwd, files);
    const name = planName(project.root, args.prompt, args.name, project.display);
    const dir = join(fixPlansDir(project.root), name);
    const plan = renderFixPlan({ name, prompt: args.prompt, files: claimed, config: project.loaded.config, ...(args["commit-message"] ? { commitMessage: args["commit-message"] } : {}) });
    for (const [file, text] of Object.entries(plan)) {
      mkdirSync(join(dir, file, ".."), { recursive: true });
      writeFileAtomic(join(dir, file), text);
    }
    log.info(`Created plan '${name}' at ${project.display(dir)}`);
    let status: Awaited<ReturnType<typeof runPlan>>;
    try {
      status = await runPlan(dir, project, {}, globals);
    } catch (error) {
      log.warn(`Retained unresolved fix plan at ${project.display(dir)}`);
      throw error;
    }
    if (status === "complete") {
      const to = join(fixPlansDir(project.root), "archive", name);
      mkdirSync(join(to, ".."), { recursive: true });
      renameSync(dir, to);
      if (!globals.json) await printText(`Archived fix plan '${name}' to ${project.display(to)}`);
    } else log.warn(`Retained unresolved fix plan at ${project.display(dir)} (\`dgov run ${project.display(dir)} --continue\` resumes it)`);
    return EXIT[status];
  },
});
