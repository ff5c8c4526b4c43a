/**
 * The semantic gate in `dgov preflight`: the uncommitted working tree is judged against HEAD
 * (parsing and duplicates: nothing else moved); `[gates.semantic] level` works as for any gate.
 */
import { afterEach, expect, test } from "bun:test";
import { dgov } from "../fakes/dgov.ts";
import { type FixtureRepo, makeRepo } from "../fakes/repo.ts";

let r: FixtureRepo | undefined;
afterEach(() => r?.remove());

const GEO = "def area(w):\n    return w * w\n";

interface Out {
  passed: boolean;
  gates: { gate: string; phase: string; status: string; findings?: { rule: string; file?: string; line?: number; message: string }[] }[];
}

test("a duplicate definition in an uncommitted change blocks preflight, naming it; at level warn it passes", () => {
  r = makeRepo({ ".dgov/project.toml": '[project]\nlanguage = "unknown"\n', ".dgov/.gitignore": "runtime/\n", "src/geo.py": GEO }, { commit: true });
  r.write("src/geo.py", `${GEO}\n\ndef area(w):\n    return w\n`);
  const run = dgov(["preflight", "--json"], { cwd: r.dir });
  expect(run.code).toBe(1);
  const semantic = run.json<Out>().gates.find((g) => g.gate === "semantic");
  expect(semantic).toMatchObject({ phase: "isolated", status: "fail", findings: [{ rule: "semantic/duplicate_definition", file: "src/geo.py", line: 5 }] });
  expect(semantic!.findings![0]!.message).toContain("function area is defined 2 times in src/geo.py (lines 1 and 5)");
  r.write(".dgov/project.toml", '[project]\nlanguage = "unknown"\n\n[gates.semantic]\nlevel = "warn"\n');
  const warned = dgov(["preflight", "--json"], { cwd: r.dir });
  expect(warned.code).toBe(0);
  expect(warned.json<Out>().gates.find((g) => g.gate === "semantic")).toMatchObject({ status: "fail" });
}, 60_000);

test("a file that no longer parses blocks preflight with its line", () => {
  r = makeRepo({ ".dgov/project.toml": '[project]\nlanguage = "unknown"\n', ".dgov/.gitignore": "runtime/\n", "src/a.rs": "pub fn a() -> i32 {\n    1\n}\n" }, { commit: true });
  r.write("src/a.rs", "pub fn a() -> i32 {\n    1\n}\n\npub fn b( -> i32 {\n    2\n}\n");
  const run = dgov(["preflight", "--json"], { cwd: r.dir });
  expect(run.code).toBe(1);
  expect(run.json<Out>().gates.find((g) => g.gate === "semantic")).toMatchObject({ status: "fail", findings: [{ rule: "semantic/syntax_conflict", file: "src/a.rs", line: 5 }] });
}, 60_000);
