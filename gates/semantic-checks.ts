/**
 * The semantic gate's checks over the versions of the changed files (pure: texts in, findings
 * out). Identities and body hashes, never line numbers, tell what changed: a line the target
 * added at the top of a file shifts every symbol and changes none (dgov-py's bug 3); files are
 * matched by full path, never by basename (bug 21); a signature the task changed is drift only
 * against call sites the other side added (bug 2).
 */
import type { Finding, Grammar } from "dgov/plugin";
import { introducedDuplicates } from "./semantic-duplicates.ts";
import { byKey, hashOf, type Parsed, parseVersion, type Symbol } from "./semantic-parse.ts";
import { describeShape, fits, type Shape } from "./semantic-shape.ts";

/** One changed file: its text at each point (null: absent there). */
export interface FileVersions {
  path: string;
  grammar: Grammar;
  /** The task's base. */
  base: string | null;
  /** The task's commit. */
  task: string | null;
  /** The target's head. */
  target: string | null;
  /** The judged tree: the integration candidate (or the task's tree, before the candidate). */
  integrated: string | null;
  /** What the judged tree is measured against: a duplicate already there is not this change's. */
  baseline: string | null;
  /** Changed by the task (base → task commit), by the target (base → target). */
  taskChanged: boolean;
  targetChanged: boolean;
}

export interface Overlap {
  file: string;
  symbol: string;
  kind: string;
  public: boolean;
}

export interface Analysis {
  findings: Finding[];
  overlaps: Overlap[];
}

export interface Commits {
  /** The task's commit (short), or null outside a run. */
  task: string | null;
  /** The target commits since the task's base that touched a file (short shas). */
  target(path: string): string[];
}

interface Parsedset {
  file: FileVersions;
  base: Parsed | null;
  task: Parsed | null;
  target: Parsed | null;
  integrated: Parsed | null;
  baseline: Parsed | null;
}

const rule = (kind: string) => `semantic/${kind}`;

export function isPublic(grammar: Grammar, s: Symbol): boolean {
  const name = s.def.name;
  if (grammar === "python") return !name.startsWith("_");
  if (grammar === "go") return /^[A-Z]/.test(name);
  if (grammar === "rust") return s.def.exported.startsWith("pub");
  return s.def.exported !== "" || (s.def.kind === "method" && !/^[#_]/.test(name));
}

const label = (s: Symbol) => `${s.def.kind} ${s.def.container ? `${s.def.container}.` : ""}${s.def.name}`;

function syntaxAndDuplicates(p: Parsedset): Finding[] {
  const out: Finding[] = [];
  const { integrated, baseline, file } = p;
  // A file the grammar already could not read is not this change's doing.
  if (integrated?.errors.length && !baseline?.errors.length) {
    const e = integrated.errors[0]!;
    out.push({ rule: rule("syntax_conflict"), file: file.path, line: e.line, message: `${file.path} does not parse in the integrated tree: ${e.message} at line ${e.line}, column ${e.col}`, hint: "Fix the syntax: the merged file must parse (look for a half-merged block or a missing bracket)." });
  }
  for (const d of introducedDuplicates(integrated, baseline)) {
    const lines = d.defs.map((x) => x.line).join(" and ");
    out.push({ rule: rule("duplicate_definition"), file: file.path, line: d.defs[1]!.line, message: `${d.defs[0]!.kind} ${d.name} is defined ${d.defs.length} times in ${file.path} (lines ${lines}): both sides added it, or the merge kept both copies`, hint: `Keep one definition of ${d.name} (merge the two bodies if they differ) and remove the other.` });
  }
  return out;
}

function sameSymbolEdits(p: Parsedset, commits: Commits, overlaps: Overlap[]): Finding[] {
  if (!p.file.taskChanged || !p.file.targetChanged || !p.base) return [];
  const [base, task, target, integrated] = [byKey(p.base), byKey(p.task), byKey(p.target), byKey(p.integrated)];
  const out: Finding[] = [];
  for (const [key, before] of base) {
    const [hb, ht, hg] = [hashOf(before), hashOf(task.get(key)), hashOf(target.get(key))];
    if (hb === ht || hb === hg || ht === hg) continue;
    const s = (integrated.get(key) ?? target.get(key) ?? before)[0]!;
    overlaps.push({ file: p.file.path, symbol: s.def.name, kind: s.def.kind, public: isPublic(p.file.grammar, s) });
    const theirs = commits.target(p.file.path).join(", ") || "the target";
    const ours = commits.task ?? "the task";
    const how = (h: string | null) => (h === null ? "removed" : "changed");
    out.push({
      rule: rule("same_symbol_edit"), file: p.file.path, line: s.def.line,
      message: `${label(s)} in ${p.file.path} was ${how(ht)} by the task (${ours}) and ${how(hg)} on the target since the task's base (${theirs}): the texts merged, the two edits may not fit together`,
      hint: `Read ${s.def.name} as it is now on the target and redo the task's change on top of it, keeping what the target's commits (${theirs}) did.`,
    });
  }
  return out;
}

interface Drift {
  name: string;
  file: string;
  method: boolean;
  before: Shape;
  after: Shape;
}

/** Functions and methods whose arity one side changed (base → `side`). */
function drifts(p: Parsedset, side: "task" | "target"): Drift[] {
  const after = byKey(p[side]);
  return [...byKey(p.base)].flatMap(([key, before]): Drift[] => {
    const [b, a] = [before[0]!, after.get(key)?.[0]];
    if (before.length !== 1 || !a || !b.shape || !a.shape || (b.shape.min === a.shape.min && b.shape.max === a.shape.max)) return [];
    return [{ name: b.def.name, file: p.file.path, method: b.def.kind === "method", before: b.shape, after: a.shape }];
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

function signatureDrift(sets: readonly Parsedset[], commits: Commits): Finding[] {
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
          rule: rule("signature_drift"), file: p.file.path, line: call.line,
          message: `${d.method ? "method" : "function"} ${d.name} (${d.file}) now takes ${describeShape(d.after)} argument(s), changed by ${who}, but ${other} added a call at ${p.file.path}:${call.line} passing ${call.args}: \`${call.text.slice(0, 80)}\``,
          hint: `Update the call at ${p.file.path}:${call.line} to ${d.name}'s new parameters (or keep the old signature working).`,
        });
      }
    }
  }
  return out;
}

/**
 * Every check on the files. `moved`: the target moved since the task's base, so the edits of
 * both sides can collide; without it only syntax and duplicates apply.
 */
export async function analyze(files: readonly FileVersions[], commits: Commits, moved: boolean): Promise<Analysis> {
  const sets: Parsedset[] = [];
  for (const file of files) {
    const parse = (text: string | null) => parseVersion(text, file.grammar);
    const full = moved && (file.taskChanged || file.targetChanged);
    sets.push({
      file,
      integrated: await parse(file.integrated),
      baseline: await parse(file.baseline),
      base: full ? await parse(file.base) : null,
      task: full ? await parse(file.task) : null,
      target: full ? await parse(file.target) : null,
    });
  }
  const overlaps: Overlap[] = [];
  const findings = sets.filter((p) => p.file.taskChanged || !moved).flatMap(syntaxAndDuplicates);
  if (moved) {
    findings.push(...sets.flatMap((p) => sameSymbolEdits(p, commits, overlaps)));
    findings.push(...signatureDrift(sets, commits));
  }
  return { findings, overlaps };
}
