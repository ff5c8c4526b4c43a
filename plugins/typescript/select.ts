import { CATALOGUE, type Category, type JsTool } from "./catalogue.ts";
import type { Declared } from "./declared.ts";
import type { Invocation } from "./invocations.ts";

/*
 * Picking each category's tool by evidence, strongest first: the category's own script runs
 * it (`"lint": "oxlint"`), any script or CI line runs it, or package.json declares it (or its
 * config file sits beside a lockfile that installs it). Only installed tools count: a
 * package of package.json or the lockfile, or a runtime's own runner that a script uses.
 */

/** The package.json scripts whose tools are the category's own: `test`, `lint:*`, `typecheck`, … */
export const OWN_SCRIPTS: Record<Category, RegExp> = {
  tests: /^test(?::unit|:node|:run)?$/,
  lint: /^lint(?::|$)/,
  format: /^(?:format|fmt|prettier|lint)(?::|$)|^(?:check-)?format(?:ting)?$/,
  types: /^(?:type-?check|check-?types|types|tsc|check|lint|build:types)(?::|$)/i,
};

/** The invocations detection weighs: those of the category's own scripts, and all of them. */
export interface Usage {
  own(category: Category): readonly Invocation[];
  all: readonly Invocation[];
}

export interface Chosen {
  tool: JsTool;
  /** This tool's invocations, for its flags (`tsc -p tsconfig.check.json`). */
  used: Invocation[];
  /** Why, for the init summary: `the lint script runs it`. */
  why: string;
  /** Other tools of the category the repository also has. */
  others: string[];
}

function installed(tool: JsTool, declared: Declared): boolean {
  return tool.packages.some((p) => declared.inPackage(p) || declared.inLockfile(p));
}

function evidence(tool: JsTool, declared: Declared, usage: Usage): { rank: number; why: string } | null {
  const builtin = tool.packages.length === 0;
  if (!builtin && !installed(tool, declared)) return null;
  if (usage.own(tool.category).some(tool.runs)) return { rank: 0, why: `the ${tool.category} script runs it` };
  if (usage.all.some(tool.runs)) return { rank: 1, why: "a script or CI step runs it" };
  if (builtin) return null;
  if (tool.packages.some((p) => declared.inPackage(p))) return { rank: 2, why: "package.json declares it" };
  if (declared.hasConfig(tool.configs, tool.packageKey)) return { rank: 2, why: "its config file is here" };
  return null;
}

/** The category's tool, or null when the repository uses none that is installed. */
export function choose(category: Category, declared: Declared, usage: Usage, excluded: (tool: JsTool) => boolean = () => false): Chosen | null {
  const found = CATALOGUE.filter((tool) => tool.category === category && !excluded(tool)).flatMap((tool) => {
    const e = evidence(tool, declared, usage);
    return e ? [{ tool, ...e }] : [];
  });
  // Stable: equal ranks keep catalogue order.
  const [best, ...rest] = found.sort((a, b) => a.rank - b.rank);
  if (!best) return null;
  const others = [...new Set(rest.map((r) => r.tool.name))].filter((n) => n !== best.tool.name);
  return { tool: best.tool, used: usage.all.filter(best.tool.runs), why: best.why, others };
}
