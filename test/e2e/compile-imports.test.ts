/**
 * The import-graph conflict warning through `dist/dgov`: `compile` and `validate` of a plan
 * whose two independent tasks write files that import one another name both tasks and files
 * (the grammars load in the compiled binary); a depends_on between them silences it.
 */
import { afterEach, expect, test } from "bun:test";
import { type RunRepo, runRepo, type RunTask } from "../fakes/run-repo.ts";

let current: RunRepo | undefined;
afterEach(() => current?.remove());

const FILES = { "src/pkg/__init__.py": "", "src/pkg/shop.py": "from .geo import area\n\nTOTAL = area(2)\n", "src/pkg/geo.py": "def area(w):\n    return w * w\n" };

interface Out {
  warnings: { unit: string | null; message: string }[];
}

const importWarnings = (out: Out) => out.warnings.filter((w) => w.message.startsWith("Import conflict"));

test("two independent tasks whose files import one another: compile and validate warn; depends_on silences it", () => {
  const tasks: RunTask[] = [
    { slug: "shop", script: "true", edit: ["src/pkg/shop.py"] },
    { slug: "geo", script: "true", edit: ["src/pkg/geo.py"] },
  ];
  const r = (current = runRepo(tasks, { files: FILES }));
  const compiled = r.dgov(["compile", ".dgov/plans/p", "--dry-run", "--json"]);
  expect(compiled.code).toBe(0);
  const warned = importWarnings(compiled.json<Out>());
  expect(warned).toHaveLength(1);
  expect(warned[0]!.unit).toBe("t/m.geo");
  expect(warned[0]!.message).toContain("src/pkg/shop.py (written by 't/m.shop') imports src/pkg/geo.py (written by 't/m.geo')");
  expect(warned[0]!.message).toContain(`add depends_on = ["t/m.shop"] to 't/m.geo' (or the reverse)`);
  const text = r.dgov(["compile", ".dgov/plans/p", "--dry-run"]);
  expect(text.stderr).toContain("[t/m.geo] Import conflict: 't/m.shop' and 't/m.geo' may run in parallel");
  expect(importWarnings(r.dgov(["validate", ".dgov/plans/p", "--json"]).json<Out>())).toEqual(warned);
  // `dgov run` says it before it starts.
  expect(r.dgov(["run", "p"]).stderr).toContain("[t/m.geo] Import conflict: 't/m.shop' and 't/m.geo' may run in parallel");
  current.remove();
  const ordered = (current = runRepo([tasks[0]!, { ...tasks[1]!, deps: ["t/m.shop"] }], { files: FILES }));
  expect(importWarnings(ordered.dgov(["compile", ".dgov/plans/p", "--dry-run", "--json"]).json<Out>())).toEqual([]);
}, 60_000);
