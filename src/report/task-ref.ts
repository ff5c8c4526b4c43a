import { DgovError } from "../errors.ts";
import type { Store } from "../store/db.ts";
import { nearest } from "../suggest.ts";

/*
 * A task named on the command line: its full compiled id (`t/m.slug`) or a short form — the
 * slug, or a suffix ending at a `/` or `.` (`m.slug`) — across every plan with history.
 */

export interface TaskRef {
  plan: string;
  task: string;
}

/** Every (plan, task) with history — events of its own, or a place in a run (a skipped task has no event) — sorted. */
export function taskRefs(store: Store, plan?: string): TaskRef[] {
  const where = plan === undefined ? "plan IS NOT NULL" : "plan = ?";
  const params = plan === undefined ? [] : [plan];
  const seen = new Map<string, TaskRef>();
  const add = (ref: TaskRef) => seen.set(`${ref.plan}\0${ref.task}`, ref);
  for (const row of store.db.query(`SELECT DISTINCT plan, task FROM events WHERE ${where} AND task IS NOT NULL`).all(...params) as TaskRef[]) add(row);
  for (const row of store.db.query(`SELECT plan, data FROM events WHERE ${where} AND event = 'run_start'`).all(...params) as { plan: string; data: string }[]) {
    const tasks = (JSON.parse(row.data) as { tasks?: { id?: unknown }[] }).tasks ?? [];
    for (const t of tasks) if (typeof t.id === "string") add({ plan: row.plan, task: t.id });
  }
  return [...seen.values()].sort((a, b) => (a.plan === b.plan ? (a.task < b.task ? -1 : 1) : a.plan < b.plan ? -1 : 1));
}

const slugOf = (id: string) => id.slice(id.lastIndexOf(".") + 1);
const endsAt = (id: string, arg: string) => id.endsWith(arg) && ["/", "."].includes(id[id.length - arg.length - 1] ?? "");

/** The refs `arg` names: exact ids first, then slugs, then suffixes (the first tier that matches). */
function matches(refs: readonly TaskRef[], arg: string): TaskRef[] {
  const tiers = [(r: TaskRef) => r.task === arg, (r: TaskRef) => slugOf(r.task) === arg, (r: TaskRef) => endsAt(r.task, arg)];
  for (const tier of tiers) {
    const found = refs.filter(tier);
    if (found.length) return found;
  }
  return [];
}

const named = (r: TaskRef) => `${r.task} (plan ${r.plan})`;

/** The one task `arg` names; ambiguous or unknown names are a usage error naming the candidates. */
export function resolveTask(refs: readonly TaskRef[], arg: string, plan?: string): TaskRef {
  const scope = plan === undefined ? refs : refs.filter((r) => r.plan === plan);
  if (plan !== undefined && scope.length === 0) {
    const plans = [...new Set(refs.map((r) => r.plan))];
    const guess = nearest(plan, plans);
    throw new DgovError({
      code: "E_NOT_FOUND",
      message: `no plan '${plan}' with history${guess ? `; did you mean '${guess}'?` : ""}`,
      hint: plans.length ? `Plans with history: ${plans.join(", ")}` : "Nothing has run yet: `dgov run <plan>` starts a run.",
    });
  }
  const found = matches(scope, arg);
  if (found.length === 1) return found[0]!;
  if (found.length > 1) {
    throw new DgovError({
      code: "E_AMBIGUOUS",
      message: `task '${arg}' is ambiguous: it names ${found.length} tasks`,
      details: found.map(named),
      hint: "Give the full task id, and --plan <name> when two plans share it.",
    });
  }
  const guess = nearest(arg, [...new Set(scope.flatMap((r) => [r.task, slugOf(r.task)]))]);
  throw new DgovError({
    code: "E_NOT_FOUND",
    message: `no task '${arg}' in the history${plan ? ` of plan '${plan}'` : ""}${guess ? `; did you mean '${guess}'?` : ""}`,
    hint: scope.length ? "`dgov status --all` lists every task with history." : "Nothing has run yet: `dgov run <plan>` starts a run.",
  });
}

/** How a command names this task: its id, with `--plan` when another plan has the same id. */
export function taskArg(refs: readonly TaskRef[], ref: TaskRef): string {
  return refs.some((r) => r.task === ref.task && r.plan !== ref.plan) ? `${ref.task} --plan ${ref.plan}` : ref.task;
}
