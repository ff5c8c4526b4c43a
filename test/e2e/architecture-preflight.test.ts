/**
 * The architecture gate in `dgov preflight`: the uncommitted working tree against HEAD; a Go
 * package cycle (a compile error Go would report) blocks it naming the cycle, and
 * `[gates.architecture] level = "warn"` lets it pass with the finding kept.
 */
import { afterEach, expect, test } from "bun:test";
import { dgov } from "../fakes/dgov.ts";
import { type FixtureRepo, makeRepo } from "../fakes/repo.ts";

let r: FixtureRepo | undefined;
afterEach(() => r?.remove());

interface Out {
  gates: { gate: string; phase: string; status: string; findings?: { rule: string; message: string }[] }[];
}

const PROJECT = '[project]\nlanguage = "unknown"\n';

test("a Go package cycle in an uncommitted change blocks preflight, naming it; at level warn it passes", () => {
  r = makeRepo({ ".dgov/project.toml": PROJECT, ".dgov/.gitignore": "runtime/\n", "go.mod": "module ex.com/m\n\ngo 1.22\n", "a/a.go": 'package a\n\nimport "ex.com/m/b"\n\nvar A = b.B\n', "b/b.go": "package b\n\nvar B = 1\n" }, { commit: true });
  r.write("b/b.go", 'package b\n\nimport "ex.com/m/a"\n\nvar B = 1\nvar C = a.A\n');
  const run = dgov(["preflight", "--json"], { cwd: r.dir });
  expect(run.code).toBe(1);
  const gate = run.json<Out>().gates.find((g) => g.gate === "architecture");
  expect(gate).toMatchObject({ status: "fail", findings: [{ rule: "architecture/cycle", message: "import cycle: a/a.go → b/b.go → a/a.go" }] });
  r.write(".dgov/project.toml", `${PROJECT}\n[gates.architecture]\nlevel = "warn"\n`);
  const warned = dgov(["preflight", "--json"], { cwd: r.dir });
  expect(warned.code).toBe(0);
  expect(warned.json<Out>().gates.find((g) => g.gate === "architecture")).toMatchObject({ status: "fail" });
}, 60_000);
