/**
 * `dgov sentrux` through `dist/dgov`: natively (no [sentrux] table) gate-save then gate
 * round-trips, an added cycle is a degradation (exit 1, the cycle listed), check/offenders/
 * status report it; with [sentrux] and a sentrux on PATH the binary is run instead.
 */
import { afterEach, expect, test } from "bun:test";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dgov } from "../fakes/dgov.ts";
import { type FixtureRepo, makeRepo } from "../fakes/repo.ts";

let repo: FixtureRepo | undefined;
const dirs: string[] = [];
afterEach(() => {
  repo?.remove();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const PROJECT = '[project]\nlanguage = "unknown"\n\n[architecture]\nmax_function_lines = 5\nrules = [{ from = "src/core/**", deny = ["src/app/**"] }]\n';

function fixture(extra = "") {
  repo = makeRepo({
    ".dgov/project.toml": PROJECT + extra,
    "src/app/main.ts": 'import { core } from "../core/core";\nexport const main = () => core();\n',
    "src/core/core.ts": "export function core() {\n  return 1;\n}\n",
    "src/old/x.ts": 'import { y } from "./y";\nexport const x = () => y;\n',
    "src/old/y.ts": 'import { x } from "./x";\nexport const y = 1;\nexport const yx = () => x();\n',
  }, { commit: true });
  return repo;
}

test("gate-save then gate: clean after the save, degraded (exit 1, the cycle named) after adding a cycle", () => {
  const r = fixture();
  const save = dgov(["sentrux", "gate-save", "--json"], { cwd: r.dir });
  expect(save.code).toBe(0);
  expect(save.json<{ engine: string; cycles: number; offenders: number }>()).toMatchObject({ engine: "native", cycles: 1, offenders: 1 });
  const baseline = JSON.parse(readFileSync(join(r.dir, ".sentrux/baseline.json"), "utf8"));
  expect(baseline).toMatchObject({ engine: "dgov", cycle_count: 1, complex_fn_count: 0, long_fn_count: 0, layering_violation_count: 0, total_import_edges: 3 });
  expect(typeof baseline.timestamp).toBe("number");

  r.git("add", "-A");
  r.git("commit", "-q", "-m", "baseline");
  const status = dgov(["sentrux", "status"], { cwd: r.dir });
  expect(status.stdout).toContain("saved");
  expect(status.stdout).toContain("by dgov; cycles: 1, offenders: 1, import edges: 3");
  expect(status.stdout).toContain(": 0 commit(s) behind HEAD");
  const clean = dgov(["sentrux", "gate"], { cwd: r.dir });
  expect(clean.code).toBe(0);
  expect(clean.stdout).toContain("✓ No degradation detected (1 pre-existing offender(s))");

  r.write("src/core/core.ts", 'import { main } from "../app/main";\nexport function core() {\n  return 1;\n}\nexport const again = () => main();\n');
  const bad = dgov(["sentrux", "gate"], { cwd: r.dir });
  expect(bad.code).toBe(1);
  expect(bad.stdout).toContain("✗ DEGRADED");
  expect(bad.stdout).toContain("  ✗ cycle_count: 1 -> 2");
  expect(bad.stdout).toContain("import cycle: src/app/main.ts → src/core/core.ts → src/app/main.ts");
  expect(bad.stdout).toContain('src/core/core.ts:1 imports src/app/main.ts, which [architecture] rule { from = "src/core/**", deny = "src/app/**" } forbids');
  const pre = bad.stdout.slice(bad.stdout.indexOf("PRE-EXISTING"));
  expect(pre).toContain("import cycle: src/old/x.ts → src/old/y.ts → src/old/x.ts");
  const json = dgov(["sentrux", "gate", "--json"], { cwd: r.dir });
  expect(json.code).toBe(1);
  expect(json.json<{ degraded: boolean; introduced: { kind: string }[] }>()).toMatchObject({ degraded: true, introduced: [{ kind: "cycle" }, { kind: "layering" }] });

  const offenders = dgov(["sentrux", "offenders", "--json"], { cwd: r.dir }).json<{ offenders: { kind: string; file: string; new: boolean }[] }>();
  expect(offenders.offenders.map((o) => `${o.kind}:${o.file}:${o.new}`)).toEqual(["cycle:src/app/main.ts:true", "cycle:src/old/x.ts:false", "layering:src/core/core.ts:true"]);
});

test("gate without a baseline says how to make one; check and status report the native engine", () => {
  const r = fixture();
  const gate = dgov(["sentrux", "gate"], { cwd: r.dir });
  expect(gate.code).toBe(1);
  expect(gate.stderr).toContain("no architecture baseline: .sentrux/baseline.json is missing");
  expect(gate.stderr).toContain("dgov sentrux gate-save");
  r.write("src/core/core.ts", "export function core() {\n  const a = 1;\n  const b = 2;\n  const c = 3;\n  return a + b + c;\n}\n");
  const check = dgov(["sentrux", "check"], { cwd: r.dir });
  expect(check.code).toBe(0);
  expect(check.stdout).toContain("Engine: native (no [sentrux] table in .dgov/project.toml)");
  expect(check.stdout).toContain("Cycle: src/old/x.ts → src/old/y.ts → src/old/x.ts");
  expect(check.stdout).toContain("src/core/core.ts:1 core is 6 lines long (max_function_lines = 5)");
  const status = dgov(["sentrux", "status", "--json"], { cwd: r.dir }).json<{ engine: string; baseline: { exists: boolean } }>();
  expect(status).toMatchObject({ engine: "native", baseline: { exists: false } });
});

test("with a [sentrux] table and sentrux on PATH, the binary runs; its exit code decides the gate", () => {
  const r = fixture("\n[sentrux]\nmode = \"diff\"\n");
  const bin = mkdtempSync(join(tmpdir(), "h-arch-bin-"));
  dirs.push(bin);
  const script = '#!/bin/sh\ncase "$1" in\n--version) echo "sentrux 9.9.9";;\ncheck) echo "Quality:      0.6852";;\ngate) if [ "$2" = "--save" ]; then echo saved; else echo "Quality:      6852 -> 6648"; echo "✗ DEGRADED"; exit 1; fi;;\nesac\n';
  writeFileSync(join(bin, "sentrux"), script);
  chmodSync(join(bin, "sentrux"), 0o755);
  const env = { PATH: `${bin}:${process.env.PATH}` };
  expect(dgov(["sentrux", "status", "--json"], { cwd: r.dir, env }).json<{ engine: string; version: string }>()).toMatchObject({ engine: "sentrux", version: "sentrux 9.9.9" });
  expect(dgov(["sentrux", "check", "--json"], { cwd: r.dir, env }).json<{ quality: number }>().quality).toBe(6852);
  const gate = dgov(["sentrux", "gate"], { cwd: r.dir, env });
  expect(gate.code).toBe(1);
  expect(gate.stdout).toContain("✗ DEGRADED");
  expect(gate.stdout).toContain("Offenders (native analysis):\n- Import cycles:\n  import cycle: src/old/x.ts → src/old/y.ts → src/old/x.ts");
  // Without the binary the configured project falls back to the native analysis.
  expect(dgov(["sentrux", "status", "--json"], { cwd: r.dir, env: { PATH: "/usr/bin:/bin" } }).json<{ engine: string }>().engine).toBe("native");
});
