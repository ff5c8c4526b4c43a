/**
 * The semantic gate's checks over the versions of the changed files (pure: texts in, findings
 * out). Identities and body hashes, never line numbers, tell what changed: a line the target
 * added at the top of a file shifts every symbol and changes none (dgov-py's bug 3); files are
 * matched by full path, never by basename (bug 21); a signature the task changed is drift only
 * against call sites the other side added (bug 2).
 */
import type { Finding, Grammar } from "dgov/plugin";
import { introducedDuplicates } from "./semantic-duplicates.ts";
import { parseFile } from "dgov/plugin";
import { byKey, hashOf, type Parsed, parseVersion, readVersion, type Symbol } from "./semantic-parse.ts";
import { signatureDrift } from "./semantic-drift.ts";

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

export interface Parsedset {
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

/** A value that is not a function: a constant or a variable holding data. */
const isData = (s: Symbol) => (s.def.kind === "const" || s.def.kind === "variable") && s.shape === null;

const label = (s: Symbol) => `${s.def.kind} ${s.def.container ? `${s.def.container}.` : ""}${s.def.name}`;

/** Who made a duplicate: both sides (named) when both changed the file, else the change itself. */
function sidesOf(p: Parsedset, commits: Commits): string {
  if (!p.file.targetChanged) return `the change adds a second definition${commits.task ? ` (${commits.task})` : ""}`;
  return `the task (${commits.task ?? "its change"}) and the target (${commits.target(p.file.path).join(", ") || "its commits"}) each added one, and the merge kept both`;
}

function syntaxAndDuplicates(p: Parsedset, commits: Commits): Finding[] {
  const out: Finding[] = [];
  const { integrated, baseline, file } = p;
  // A file the grammar already could not read is not this change's doing.
  if (integrated?.errors.length && !baseline?.errors.length) {
    const e = integrated.errors[0]!;
    out.push({ rule: rule("syntax_conflict"), file: file.path, line: e.line, message: `${file.path} does not parse in the integrated tree: ${e.message} at line ${e.line}, column ${e.col}`, hint: "Fix the syntax: the merged file must parse (look for a half-merged block or a missing bracket)." });
  }
  for (const d of introducedDuplicates(integrated, baseline)) {
    const lines = d.defs.map((x) => x.line).join(" and ");
    out.push({ rule: rule("duplicate_definition"), file: file.path, line: d.defs[1]!.line, message: `${d.defs[0]!.kind} ${d.name} is defined ${d.defs.length} times in ${file.path} (lines ${lines}): ${sidesOf(p, commits)}`, hint: `Keep one definition of ${d.name} (merge the two bodies if they differ) and remove the other.` });
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
    // A table both sides added entries to (a list of routes, of gates) is scored, not rejected.
    if (isData(s)) continue;
    const theirs = commits.target(p.file.path).join(", ") || "the target";
    const ours = commits.task ?? "the task";
    const how = (h: string | null) => (h === null ? "removed" : "changed");
    out.push({
      rule: rule("same_symbol_edit"), file: p.file.path, line: s.def.line,
      message: `${label(s)} in ${p.file.path} was ${how(ht)} by the task (${ours}) and ${how(hg)} on the target since the task's base (${theirs}): the texts merged, the two edits may not fit together`,
      hint: `The merged ${s.def.name} holds both edits: read it whole and make sure it does what the task and the target's commits (${theirs}) each meant; change it where they do not fit.`,
    });
  }
  return out;
}

/**
 * Every check on the files. `moved`: the target moved since the task's base, so the edits of
 * both sides can collide; without it only syntax and duplicates apply.
 */
export async function analyze(files: readonly FileVersions[], commits: Commits, moved: boolean): Promise<Analysis> {
  const sets: Parsedset[] = [];
  // Versions are often the same text (the baseline is the target's; an unchanged side is the base's): parsed once.
  const cache = new Map<string, Parsed | null>();
  for (const file of files) {
    const full = moved && (file.taskChanged || file.targetChanged);
    const wanted = full ? [file.integrated, file.baseline, file.base, file.task, file.target] : [file.integrated, file.baseline];
    // The other versions are small edits of one: parsed incrementally from its tree.
    const first = wanted.find((t): t is string => t !== null);
    using root = first === undefined ? null : await parseFile(first, file.grammar);
    const parse = async (text: string | null) => {
      if (text === null) return null;
      const key = `${file.grammar}\0${text}`;
      if (!cache.has(key)) cache.set(key, text === first ? readVersion(root!) : await parseVersion(text, file.grammar, root!));
      return cache.get(key)!;
    };
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
  const findings = sets.filter((p) => p.file.taskChanged || !moved).flatMap((p) => syntaxAndDuplicates(p, commits));
  if (moved) {
    findings.push(...sets.flatMap((p) => sameSymbolEdits(p, commits, overlaps)));
    findings.push(...signatureDrift(sets, commits));
  }
  return { findings, overlaps };
}
