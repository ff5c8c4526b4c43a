/**
 * `signature_drift`: one side changed how many arguments a function or method takes, and the
 * other side added calls that pass the old number (a signature the task changed with the target
 * unmoved, or with no new call, is no drift: dgov-py's bug 2; that is the type checker's job).
 * A call counts when its file may reach the function's: the same file, the same Go package,
 * or an import naming its module.
 */
import type { Finding } from "dgov/plugin";
import type { Commits, Parsedset } from "./semantic-checks.ts";
import { byKey, type Parsed } from "./semantic-parse.ts";
import { describeShape, fits, type Shape } from "./semantic-shape.ts";

interface Drift {
  name: string;
  file: string;
  method: boolean;
  /** `function`, `method` or `constructor of`, as the message reads. */
  what: string;
  before: Shape;
  after: Shape;
}

/** Functions and methods whose arity one side changed (base → `side`). */
function drifts(p: Parsedset, side: "task" | "target"): Drift[] {
  const after = byKey(p[side]);
  return [...byKey(p.base)].flatMap(([key, before]): Drift[] => {
    const [b, a] = [before[0]!, after.get(key)?.[0]];
    if (before.length !== 1 || !a || !b.shape || !a.shape || (b.shape.min === a.shape.min && b.shape.max === a.shape.max)) return [];
    // A constructor is called by its class's name: `Box(1)`, `new Box(1)`.
    const ctor = b.def.container !== null && (b.def.name === "__init__" || b.def.name === "constructor");
    return [{ name: ctor ? b.def.container! : b.def.name, file: p.file.path, method: b.def.kind === "method" && !ctor, what: ctor ? "the constructor of" : b.def.kind, before: b.shape, after: a.shape }];
  });
}

const stem = (path: string) => path.split("/").pop()!.replace(/\.[^.]+$/, "");
const dirName = (path: string) => path.split("/").slice(-2, -1)[0] ?? "";

/** May `caller` call into `file`: the same file, the same Go package, or an import naming it. */
function reaches(caller: Parsedset, file: string): boolean {
  if (caller.file.path === file) return true;
  if (caller.file.grammar === "go" && dirName(caller.file.path) === dirName(file)) return true;
  const name = ["index", "__init__", "mod", "lib"].includes(stem(file)) ? dirName(file) : stem(file);
  return caller.integrated?.importSegments.has(name) === true;
}

/** Calls in the integrated file that `side` added (present on that side, absent at the base). */
function addedCalls(p: Parsedset, side: "task" | "target") {
  const count = (parsed: Parsed | null) => {
    const m = new Map<string, number>();
    for (const c of parsed?.calls ?? []) m.set(c.text, (m.get(c.text) ?? 0) + 1);
    return m;
  };
  const [before, there] = [count(p.base), count(p[side])];
  return (p.integrated?.calls ?? []).filter((c) => (there.get(c.text) ?? 0) > (before.get(c.text) ?? 0));
}

export function signatureDrift(sets: readonly Parsedset[], commits: Commits): Finding[] {
  const out: Finding[] = [];
  for (const [changer, caller] of [["task", "target"], ["target", "task"]] as const) {
    const changed = sets.filter((p) => p.file[`${changer}Changed`] && p.base).flatMap((p) => drifts(p, changer));
    if (changed.length === 0) continue;
    for (const p of sets.filter((s) => s.file[`${caller}Changed`])) {
      for (const call of addedCalls(p, caller)) {
        const d = changed.find((x) => x.name === call.name && (x.method ? call.member : true) && call.args !== null && fits(call.args, x.before) && !fits(call.args, x.after) && reaches(p, x.file));
        if (!d) continue;
        const who = changer === "task" ? `the task (${commits.task ?? "its change"})` : `the target (${commits.target(d.file).join(", ") || "its commits"})`;
        const other = caller === "task" ? "the task" : "the target";
        out.push({
          rule: "semantic/signature_drift", file: p.file.path, line: call.line,
          message: `${d.what} ${d.name} (${d.file}) now takes ${describeShape(d.after)} argument(s), changed by ${who}, but ${other} added a call at ${p.file.path}:${call.line} passing ${call.args}: \`${call.text.slice(0, 80)}\``,
          hint: `Update the call at ${p.file.path}:${call.line} to ${d.name}'s new parameters (or keep the old signature working).`,
        });
      }
    }
  }
  return out;
}
