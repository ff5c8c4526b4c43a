/*
 * The planner's plan checks (spec §6.1), on the plan as the model sent it: the first problem
 * wins and is returned as text (the host adds `Error: `), so the planner can fix and re-emit.
 */

const SLUG = /^[A-Za-z0-9_-]+$/;
const CLAIMING = ["create", "edit", "touch"] as const;

type Task = Record<string, unknown>;

const isObject = (x: unknown): x is Task => typeof x === "object" && x !== null && !Array.isArray(x);
const blank = (x: unknown) => typeof x !== "string" || x.trim() === "";

function claimsAFile(task: Task): boolean {
  const files = isObject(task.files) ? task.files : {};
  return CLAIMING.some((kind) => Array.isArray(files[kind]) && (files[kind] as unknown[]).length > 0);
}

/** One task's own problem (slug, prompt, commit message, claims, depends_on shape). */
function taskProblem(task: unknown, i: number, seen: Set<string>): string | null {
  if (!isObject(task)) return `Task ${i} is not a dict.`;
  const slug = String(task.slug ?? "");
  if (!SLUG.test(slug)) return `Task ${i} has invalid slug '${slug}'. Must match [A-Za-z0-9_-]+.`;
  if (seen.has(slug)) return `Duplicate task slug '${slug}'.`;
  seen.add(slug);
  for (const field of ["prompt", "commit_message"]) if (blank(task[field])) return `Task '${slug}' has empty ${field}.`;
  if ((task.role ?? "worker") === "worker" && !claimsAFile(task)) return `Worker task '${slug}' must claim at least one file (create, edit, or touch).`;
  const deps = task.depends_on ?? [];
  if (!Array.isArray(deps) || deps.some((d) => typeof d !== "string")) return `Task '${slug}' has invalid depends_on. Must be a list.`;
  return null;
}

/** The first dependency cycle found by depth-first search, named by the task it returns to. */
function cycleProblem(deps: Map<string, string[]>): string | null {
  const done = new Set<string>();
  const active = new Set<string>();
  const visit = (slug: string): string | null => {
    if (active.has(slug)) return `Dependency cycle detected involving '${slug}'.`;
    if (done.has(slug)) return null;
    active.add(slug);
    for (const dep of deps.get(slug) ?? []) {
      const found = visit(dep);
      if (found) return found;
    }
    active.delete(slug);
    done.add(slug);
    return null;
  };
  for (const slug of deps.keys()) {
    const found = visit(slug);
    if (found) return found;
  }
  return null;
}

/** The first problem of a plan, or null when it can be written and compiled. */
export function planProblem(plan: { tasks?: unknown }): string | null {
  const tasks = plan.tasks;
  if (!Array.isArray(tasks) || tasks.length === 0) return "emit_plan requires at least one task.";
  const seen = new Set<string>();
  for (const [i, task] of tasks.entries()) {
    const problem = taskProblem(task, i, seen);
    if (problem) return problem;
  }
  const deps = new Map((tasks as Task[]).map((t) => [String(t.slug), (t.depends_on ?? []) as string[]]));
  for (const [slug, list] of deps) {
    const unknown = list.find((d) => !deps.has(d));
    if (unknown !== undefined) return `Task '${slug}' depends on unknown slug '${unknown}'.`;
  }
  return cycleProblem(deps);
}
