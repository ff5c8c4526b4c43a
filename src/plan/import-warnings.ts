/**
 * The import-graph conflict warning (spec settlement-git, dgov-py's compile-time check): two
 * tasks that may run in parallel, where a file one writes imports a file the other writes.
 * Their changes merge as text yet can collide (a signature one changes, a call the other adds);
 * a depends_on between them makes the second start from the first's result. Cheap and bounded:
 * only the claimed files that exist now are read, at most MAX_IMPORT_FILES of them, each cut at
 * MAX_SOURCE_BYTES. Async, since the syntax layer loads its grammars lazily.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { grammarOf, imports, parseFile } from "../code/syntax/index.ts";
import { MAX_SOURCE_BYTES } from "../code/tree.ts";
import { claimCovers, normalizeClaim } from "./claims.ts";
import { independenceTest, topologicalOrder } from "./dag.ts";
import { type Resolver, resolveImport } from "./import-resolve.ts";
import type { PlanWarning, Unit } from "./types.ts";

export const MAX_IMPORT_FILES = 400;

const writesOf = (u: Unit) => [...u.files.create, ...u.files.edit, ...u.files.touch].map(normalizeClaim).filter(Boolean);

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function resolver(root: string, created: ReadonlySet<string>): Resolver {
  const goMod = join(root, "go.mod");
  const goModule = existsSync(goMod) ? (/^module\s+(\S+)/m.exec(readFileSync(goMod, "utf8"))?.[1] ?? null) : null;
  return {
    exists: (p) => created.has(p) || isFile(join(root, p)),
    filesIn(dir) {
      let names: string[] = [];
      try {
        names = readdirSync(join(root, dir)).map((n) => (dir === "." ? n : `${dir}/${n}`)).filter((p) => isFile(join(root, p)));
      } catch {
        // No such folder yet: only the files tasks create there.
      }
      const made = [...created].filter((p) => (p.includes("/") ? p.slice(0, p.lastIndexOf("/")) : ".") === dir);
      return [...new Set([...names, ...made])];
    },
    goModule,
  };
}

/** The files one existing file imports (repository paths), or none when it cannot be read. */
async function importedBy(root: string, path: string, r: Resolver): Promise<string[]> {
  const grammar = grammarOf(path);
  if (!grammar || !isFile(join(root, path))) return [];
  const text = readFileSync(join(root, path), "utf8").slice(0, MAX_SOURCE_BYTES);
  const tree = await parseFile(text, grammar);
  try {
    return [...new Set(imports(tree).flatMap((imp) => resolveImport(path, imp, grammar, r)))].filter((p) => p !== path);
  } finally {
    tree.dispose();
  }
}

/** One warning per pair of independent worker tasks whose written files import one another. */
export async function importWarnings(root: string, units: readonly Unit[]): Promise<PlanWarning[]> {
  const workers = units.filter((u) => u.role === "worker" && writesOf(u).length > 0);
  if (workers.length < 2) return [];
  const deps = new Map(units.map((u) => [u.id, u.dependsOn]));
  const independent = independenceTest(deps, topologicalOrder(deps));
  const r = resolver(root, new Set(workers.flatMap((u) => u.files.create.map(normalizeClaim))));
  const out: PlanWarning[] = [];
  const warned = new Set<string>();
  let budget = MAX_IMPORT_FILES;
  for (const a of workers) {
    for (const file of writesOf(a)) {
      if (budget-- <= 0) return out;
      const targets = await importedBy(root, file, r);
      for (const b of workers) {
        const pair = [a.id, b.id].sort().join("\0");
        if (b === a || warned.has(pair) || !independent(a.id, b.id)) continue;
        const hit = targets.find((t) => claimCovers(writesOf(b), t) && !claimCovers(writesOf(a), t));
        if (!hit) continue;
        warned.add(pair);
        out.push({
          unit: b.id,
          message: `Import conflict: '${a.id}' and '${b.id}' may run in parallel, and ${file} (written by '${a.id}') imports ${hit} (written by '${b.id}'). Their changes can merge as text and still not fit (a signature one changes, a call the other adds). Fix: add depends_on = ["${a.id}"] to '${b.id}' (or the reverse) so one starts from the other's result.`,
        });
      }
    }
  }
  return out;
}
