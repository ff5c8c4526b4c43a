/**
 * `duplicate_definition`: a symbol defined twice in one file where the language does not allow
 * it — what a clean text merge of two additions of the same function leaves. Not duplicates
 * (dgov-py's false positives and what each language allows): TypeScript overloads (joined by
 * the syntax layer), declaration merging (interfaces, namespaces, enums), `var`; Python
 * `@overload` stubs, property getters/setters/deleters, `singledispatch` registrations and
 * rebound variables; Go `init` and `_`; Rust `#[cfg]` alternatives, macros, inherent impls;
 * methods of different classes, receivers or impls (the identity names its container);
 * anything under an `if`/`else` (only top-level and member definitions are read).
 */
import type { Definition } from "dgov/plugin";
import type { Parsed, Symbol } from "./semantic-parse.ts";

export interface Duplicate {
  key: string;
  name: string;
  /** The definitions, in file order. */
  defs: Definition[];
}

/** Kinds a language lets one define again, merged or rebound. */
function mayRepeat(parsed: Parsed, s: Symbol): boolean {
  const d = s.def;
  if (d.name === "_" || d.name === "default") return true;
  switch (parsed.grammar) {
    case "python":
      return d.kind === "variable" || /@(\w+\.)*overload\b|@\w+\.(setter|getter|deleter)\b|@\w+\.register\b/.test(s.decorations);
    case "go":
      return d.name === "init" && d.kind === "function";
    case "rust":
      return d.kind === "macro" || (d.kind === "impl" && !d.name.includes(" for ")) || /#\[cfg\b|#\[cfg_attr\b/.test(s.decorations);
    default:
      // A script (no import/export) may redeclare a function; a module may not.
      return d.keyword === "var" || d.kind === "interface" || d.kind === "module" || d.kind === "enum" || (d.kind === "function" && parsed.grammar === "javascript" && !parsed.module);
  }
}

/** Identities defined more than once in a version, the ones the language allows aside. */
export function duplicates(parsed: Parsed | null): Duplicate[] {
  const groups = new Map<string, Symbol[]>();
  for (const s of parsed?.symbols ?? []) {
    if (mayRepeat(parsed!, s)) continue;
    groups.set(s.key, [...(groups.get(s.key) ?? []), s]);
  }
  return [...groups].filter(([, g]) => g.length > 1).map(([key, g]) => ({ key, name: g[0]!.def.container ? `${g[0]!.def.container}.${g[0]!.def.name}` : g[0]!.def.name, defs: g.map((s) => s.def) }));
}

/** Duplicates the judged version has that its baseline did not (same identity, more definitions). */
export function introducedDuplicates(judged: Parsed | null, baseline: Parsed | null): Duplicate[] {
  const before = new Map(duplicates(baseline).map((d) => [d.key, d.defs.length]));
  return duplicates(judged).filter((d) => d.defs.length > (before.get(d.key) ?? 1));
}
