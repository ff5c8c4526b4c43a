/**
 * The commands `dgov init` writes, run with the real tools on the fixture they were written
 * for: each check fails on a real problem (exit code and machine-readable output) and passes
 * once it is fixed; each fix writes. A form a tool does not take fails here.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { haveToolchains, linkNodeModules } from "../fakes/toolchains.ts";
import { type Initialized, initRepo, npmShop } from "./init-repo.ts";

let made: Initialized | null = null;
afterEach(() => {
  made?.repo.remove();
  made = null;
});

/** Runs a configured command line as the gates do (`sh -c` in the repo), `{file}`/`{test_dir}` filled. */
function run(line: string, fill: Record<string, string> = {}, env: Record<string, string> = {}) {
  const text = Object.entries(fill).reduce((l, [k, v]) => l.split(`{${k}}`).join(v), line);
  const proc = Bun.spawnSync(["sh", "-c", text], { cwd: made!.repo.dir, env: { ...process.env, NO_COLOR: "1", ...env }, stdout: "pipe", stderr: "pipe" });
  return { code: proc.exitCode, stdout: proc.stdout.toString(), stderr: proc.stderr.toString() };
}

describe("the JavaScript commands init writes run with the real tools", () => {
  test.skipIf(!haveToolchains("node"))("npm + eslint + prettier + tsc + vitest", () => {
    made = initRepo(npmShop());
    linkNodeModules(made.repo.dir);
    const c = made.out.commands;
    made.repo.write("src/bad.ts", "const unused = 1\nexport const b: number = 'x'\n");
    // The shop's eslint config is js.configs.recommended: eslint 9 lints .js files with it.
    made.repo.write("src/legacy.js", "const unused = 1;\nexport const c = 2;\n");

    const lint = run(c.lint_cmd!, { file: "src/legacy.js" });
    expect(lint.code).toBe(1);
    expect(JSON.parse(lint.stdout)[0].messages.map((m: { ruleId: string }) => m.ruleId)).toContain("no-unused-vars");
    made.repo.write("src/legacy.js", "export const c = 2;\n");
    expect(run(c.lint_cmd!, { file: "src/legacy.js" }).code).toBe(0);

    expect(run(c.format_check_cmd!, { file: "src/bad.ts" }).code).toBe(1);
    expect(run(c.format_cmd!, { file: "src/bad.ts" }).code).toBe(0);
    expect(run(c.format_check_cmd!, { file: "src/bad.ts" }).code).toBe(0);

    const types = run(c.type_check_cmd!);
    expect(types.code).not.toBe(0);
    expect(types.stdout).toMatch(/^src\/bad\.ts\(2,14\): error TS2322/m);
    made.repo.write("src/bad.ts", "export const b: number = 1;\n");
    expect(run(c.type_check_cmd!).code).toBe(0);

    const tests = run(c.test_cmd!, { test_dir: "test/cart.test.ts" });
    expect(tests.stderr + tests.stdout).toContain("1 passed");
    expect(tests.code).toBe(0);
  }, 60_000);
});

describe("the Python, Go and Rust commands init writes run with the real tools", () => {
  test.skipIf(!haveToolchains("python"))("pip: ruff, mypy and pytest through python3 -m", () => {
    made = initRepo({
      "shop/__init__.py": "from shop.cart import total\n",
      "shop/cart.py": "def total(items: list[int]) -> int:\n    return sum(items)\n",
      "tests/test_cart.py": "from shop import total\n\n\ndef test_total() -> None:\n    assert total([1, 2]) == 3\n",
      "requirements-dev.txt": "pytest\nruff\nmypy\n",
    });
    const c = made.out.commands;
    made.repo.write("shop/bad.py", "import os\n\n\ndef f() -> int:\n    return 'x'\n");

    const lint = run(c.lint_cmd!, { file: "shop/bad.py" });
    expect(lint.code).toBe(1);
    expect(JSON.parse(lint.stdout).map((d: { code: string }) => d.code)).toContain("F401");
    expect(run(c.lint_fix_cmd!, { file: "shop/bad.py" }).code).toBe(0);
    expect(run(c.lint_cmd!, { file: "shop/bad.py" }).code).toBe(0);

    const types = run(c.type_check_cmd!, {});
    expect(types.code).toBe(1);
    expect(JSON.parse(types.stdout.split("\n")[0]!)).toMatchObject({ file: "shop/bad.py", code: "return-value" });

    expect(run(c.format_check_cmd!, { file: "shop/cart.py" }).code).toBe(0);
    expect(run(c.test_cmd!, { test_dir: "tests/test_cart.py" }).code).toBe(0);
  }, 60_000);

  test.skipIf(!haveToolchains("go"))("go vet exits non-zero on a finding (go vet -json would exit 0)", () => {
    made = initRepo({ "go.mod": "module example.com/x\n\ngo 1.22\n", "x.go": 'package x\n\nimport "fmt"\n\nfunc F() { fmt.Printf("%d", "s") }\n' });
    const env = { GOFLAGS: "-mod=mod", GOCACHE: join(made.repo.dir, ".gocache") };
    const vet = run(made.out.commands.lint_cmd!, {}, env);
    expect(vet.code).toBe(1);
    expect(vet.stderr).toContain("x.go:5:");
    expect(run("go vet -json ./...", {}, env).code).toBe(0);
    expect(run(made.out.commands.format_check_cmd!, { file: "x.go" }, env).code).toBe(0);
  }, 120_000);

  test.skipIf(!haveToolchains("rust"))("clippy in JSON fails on a warning, cargo check passes", () => {
    made = initRepo({ "Cargo.toml": '[package]\nname = "x"\nversion = "0.1.0"\nedition = "2021"\n', "src/lib.rs": "pub fn f() -> i32 {\n    let x = 1;\n    return x;\n}\n" });
    const env = { CARGO_TARGET_DIR: join(made.repo.dir, "target") };
    const clippy = run(made.out.commands.lint_cmd!, {}, env);
    expect(clippy.code).not.toBe(0);
    const messages = clippy.stdout.split("\n").filter(Boolean).map((l) => JSON.parse(l) as { reason: string; message?: { code?: { code: string } } });
    expect(messages.some((m) => m.reason === "compiler-message" && m.message?.code?.code === "clippy::needless_return")).toBe(true);
    expect(run(made.out.commands.type_check_cmd!, {}, env).code).toBe(0);
  }, 120_000);
});
