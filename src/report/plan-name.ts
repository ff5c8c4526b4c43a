import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Globals } from "../cli/define.ts";
import { resolvePlanArg } from "../cli/project.ts";
import { DgovError, isDgovError } from "../errors.ts";
import type { Store } from "../store/db.ts";
import { plansWithHistory } from "../store/plan-state.ts";
import { nearest } from "../suggest.ts";
import { parseToml } from "../toml/read.ts";

/*
 * A plan named on the command line, as the store knows it: the name its events carry (its
 * `[plan] name`), or a plan directory — under .dgov/plans/, its archive, or a path — whose
 * `_root.toml` (or `_compiled.toml`) names it.
 */

/** `[plan] name` of a plan directory or compiled file, or null when it cannot be read. */
function declaredName(path: string): string | null {
  const dir = statSync(path).isDirectory() ? path : dirname(path);
  for (const file of [statSync(path).isFile() ? path : "", join(dir, "_root.toml"), join(dir, "_compiled.toml")]) {
    if (!file || !existsSync(file)) continue;
    try {
      const plan = parseToml(readFileSync(file, "utf8"), file).data.plan as { name?: unknown } | undefined;
      if (typeof plan?.name === "string" && plan.name.trim()) return plan.name.trim();
    } catch {
      // Unreadable: try the next file.
    }
  }
  return null;
}

/** The name of the plan `arg` means, which must have history in the store. */
export function resolvePlanName(store: Store, root: string, arg: string, globals: Globals): string {
  const known = plansWithHistory(store);
  if (known.includes(arg)) return arg;
  let declared: string | null = null;
  try {
    declared = declaredName(resolvePlanArg(arg, globals, root));
  } catch (error) {
    if (!isDgovError(error)) throw error;
  }
  if (declared && known.includes(declared)) return declared;
  const guess = nearest(arg, known);
  throw new DgovError({
    code: "E_NOT_FOUND",
    message: declared ? `plan '${declared}' (${arg}) has not run yet` : `no plan '${arg}' with history${guess ? `; did you mean '${guess}'?` : ""}`,
    hint: known.length ? `Plans with history: ${known.join(", ")}` : "Nothing has run yet: `dgov run <plan>` starts a run.",
  });
}
