import { expect, test } from "bun:test";
import { dirtyPaths } from "../../src/git/bootstrap.ts";

const untracked = (...paths: string[]) => paths.map((path) => ({ code: "??", path }));

test("dgov's runtime files never make the checkout dirty, a compile's temp file included", () => {
  const runtime = untracked(
    ".dgov/state.db", ".dgov/state.db-wal", ".dgov/state.db-shm", ".dgov/runs.log", ".dgov/out/t%2Fm.a/attempt-1.log",
    ".dgov/runtime/verify/x.log", ".dgov/plans/deployed.jsonl", ".dgov/plans/p/_compiled.toml", ".dgov/plans/q/_compiled.toml.tmp-11149-v58so2b1fpo",
  );
  expect(dirtyPaths(runtime)).toEqual([]);
});

test("everything else does: sources, the project config, plan sources, look-alikes", () => {
  const paths = ["src/a.ts", ".dgov/project.toml", ".dgov/plans/p/t/m.toml", ".dgov/state.db.bak", "docs/_compiled.toml", ".dgov/outline.md"];
  expect(dirtyPaths(untracked(...paths))).toEqual([...paths].sort());
  expect(dirtyPaths([{ code: "R ", path: "src/new.ts", from: "src/old.ts" }])).toEqual(["src/new.ts", "src/old.ts"]);
});
