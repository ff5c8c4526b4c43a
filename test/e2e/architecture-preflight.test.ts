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

test("a change that alters no import, with no function limit set, skips without reading the tree", () => {
  r = makeRepo({ ".dgov/project.toml": PROJECT, ".dgov/.gitignore": "runtime/\n", "src/a.ts": 'import { b } from "./b";\nexport const a = () => b;\n', "src/b.ts": 'import { a } from "./a";\nexport const b = 1;\n' }, { commit: true });
  r.write("src/a.ts", 'import { b } from "./b";\nexport const a = () => b + 1;\n');
  const gate = dgov(["preflight", "--json"], { cwd: r.dir }).json<Out & { gates: { reason?: string }[] }>().gates.find((g) => g.gate === "architecture");
  expect(gate).toMatchObject({ status: "skip", reason: "the change alters no import and no function limit is set: cycles and layering cannot have changed" });
  r.write("src/a.ts", 'import { b } from "./b";\nimport "./c";\nexport const a = () => b + 1;\n');
  r.write("src/c.ts", 'import "./a";\n');
  const run = dgov(["preflight", "--json"], { cwd: r.dir });
  expect(run.json<Out>().gates.find((g) => g.gate === "architecture")).toMatchObject({ status: "fail", findings: [{ message: "import cycle: src/a.ts → src/b.ts → src/a.ts (3 files import one another: src/a.ts, src/b.ts, src/c.ts)" }] });
}, 60_000);
