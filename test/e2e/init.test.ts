/**
 * `dist/dgov init` on JavaScript/TypeScript repositories laid out as real ones (a package
 * entry re-exporting modules, tests importing the package, configs, lockfiles, CI). Every
 * key init writes is asserted, through `init --json` and read back through `dgov config`.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { dgov } from "../fakes/dgov.ts";
import { haveToolchains, NODE_BIN } from "../fakes/toolchains.ts";
import { type FixtureRepo, makeRepo } from "../fakes/repo.ts";
import { BUN_BIOME_COMMANDS, X } from "../plugins/toolchains/expected.ts";
import { expectDetected, type Initialized, initRepo, type InitJson, npmShop, packWith, pkg, SHOP_TS } from "./init-repo.ts";

let made: Initialized | null = null;
let repo: FixtureRepo | null = null;
afterEach(() => {
  made?.repo.remove();
  repo?.remove();
  made = repo = null;
});
function init(files: Record<string, string>, args: string[] = []): Initialized {
  made = initRepo(files, args);
  return made;
}

describe("dgov init: JavaScript and TypeScript repositories", () => {
  test("npm + eslint 9 + prettier + tsc + vitest: the tools the scripts and CI run, each run directly", () => {
    const shop = init(npmShop());
    const commands = {
      type_check_cmd: `${X}tsc --noEmit --pretty false -p tsconfig.check.json`,
      lint_cmd: `${X}eslint --format json {file}`,
      lint_fix_cmd: `${X}eslint --fix {file}`,
      format_cmd: `${X}prettier --write {file}`,
      format_check_cmd: `${X}prettier --check {file}`,
      test_cmd: `${X}vitest run {test_dir}`,
      setup_cmd: "npm ci",
    };
    expectDetected(shop, { language: "typescript", commands, srcDir: "src/", testDir: "test/", style: "typescript-style" });
    // Fresh trees link the root's installed packages when their lockfile is the root's.
    expect(shop.out.reuse_dirs).toEqual(["node_modules"]);
    expect(shop.project().reuse_dirs).toEqual(["node_modules"]);
    // biome and oxlint are in the lockfile, but nothing runs or configures them.
    expect(shop.out.tools).toEqual(["npm", "tsc", "eslint", "prettier", "vitest"]);
    expect(shop.out.notes).toEqual([]);
    const task = shop.example();
    expect(task).toContain('files.edit = ["src/module.ts"]');
    expect(task).toContain('files.read = ["test/module.test.ts"]');
    expect(task).toContain(`# test_cmd = "${X}vitest run test/module.test.ts"`);
    expect(task).not.toContain(".py");
  });

  test("pnpm: local tools through pnpm exec, a frozen install", () => {
    const { out } = init({
      ...SHOP_TS,
      "package.json": pkg({ name: "shop", scripts: { test: "vitest run", lint: "eslint .", typecheck: "tsc --noEmit" }, devDependencies: { eslint: "^9", typescript: "^5", vitest: "^3" } }),
      "pnpm-lock.yaml": "lockfileVersion: '9.0'\n\nimporters:\n  .:\n    devDependencies:\n      eslint:\n        specifier: ^9\n",
      "eslint.config.js": "export default [];\n",
      "tsconfig.json": "{}",
    });
    expect(out.commands).toEqual({
      type_check_cmd: "pnpm exec tsc --noEmit --pretty false",
      lint_cmd: "pnpm exec eslint --format json {file}",
      lint_fix_cmd: "pnpm exec eslint --fix {file}",
      test_cmd: "pnpm exec vitest run {test_dir}",
      setup_cmd: "pnpm install --frozen-lockfile",
    });
    expect(out.tools).toEqual(["pnpm", "tsc", "eslint", "vitest"]);
  });

  test("bun + biome: biome lints and formats, bun runs the tests", () => {
    const { out, sops } = init({
      ...SHOP_TS,
      "test/cart.test.ts": 'import { expect, test } from "bun:test";\nimport { Cart } from "../src/index.ts";\n\ntest("empty", () => expect(new Cart().total()).toBe(0));\n',
      "package.json": pkg({ name: "shop", scripts: { check: "biome check . && tsc --noEmit", test: "bun test" }, devDependencies: { "@biomejs/biome": "2.6.8", typescript: "^5", "@types/bun": "^1" } }),
      "bun.lock": '{\n  "lockfileVersion": 1,\n  "packages": {\n    "@biomejs/biome": ["@biomejs/biome@2.6.8"]\n  }\n}\n',
      "biome.json": pkg({ formatter: { indentStyle: "space" } }),
      "tsconfig.json": "{}",
    });
    expect(out.commands).toEqual(BUN_BIOME_COMMANDS);
    expect(sops()).toEqual(packWith("typescript-style"));
  });

  test("oxlint + oxfmt", () => {
    const { out } = init({
      ...SHOP_TS,
      "package.json": pkg({ name: "shop", scripts: { lint: "oxlint --deny-warnings", "fmt:check": "oxfmt --check", test: "node --test" }, devDependencies: { oxlint: "^1.9", oxfmt: "^0.79" } }),
      "package-lock.json": "{}",
      ".oxlintrc.json": "{}",
      ".oxfmtrc.json": "{}",
    });
    expect(out.commands).toEqual({
      lint_cmd: `${X}oxlint --format json {file}`,
      lint_fix_cmd: `${X}oxlint --fix {file}`,
      format_cmd: `${X}oxfmt --write {file}`,
      format_check_cmd: `${X}oxfmt --check {file}`,
      test_cmd: "node --test {test_dir}",
      setup_cmd: "npm ci",
    });
  });

  test("a JavaScript package with two stray .ts files is JavaScript, with the JavaScript SOP", () => {
    const { out, project, sops, example } = init({
      "package.json": pkg({ name: "left-pad", main: "index.js", scripts: { test: "node --test" }, devDependencies: { prettier: "^3" } }),
      "index.js": 'module.exports = require("./lib/pad.js");\n',
      "lib/pad.js": "module.exports = (s, n) => s.padStart(n);\n",
      "lib/trim.js": "module.exports = (s) => s.trim();\n",
      "test/pad.test.js": 'const pad = require("../index.js");\n',
      "index.d.ts": "export default function pad(s: string, n: number): string;\n",
      "scripts/release.ts": "",
      "bench/pad.ts": "",
    });
    expect(out.language).toBe("javascript");
    expect(out.commands).toEqual({ format_cmd: `${X}prettier --write {file}`, format_check_cmd: `${X}prettier --check {file}`, test_cmd: "node --test {test_dir}", setup_cmd: "npm install --no-audit --no-fund" });
    expect([out.src_dir, out.test_dir]).toEqual([".", "test/"]);
    expect(project().source_extensions).toEqual([".js", ".jsx", ".mjs", ".cjs"]);
    expect(sops()).toEqual(packWith("javascript-style"));
    expect(example()).toContain('files.edit = ["module.js"]');
  });

  test("xo + ava, code in source/", () => {
    const { out } = init({
      "package.json": pkg({ name: "meow", type: "module", exports: "./source/index.js", scripts: { test: "xo && ava" }, devDependencies: { xo: "^1", ava: "^6" } }),
      "package-lock.json": '{"packages":{"node_modules/xo":{},"node_modules/eslint":{},"node_modules/prettier":{}}}',
      "source/index.js": 'export { default } from "./meow.js";\n',
      "source/meow.js": "export default function meow() {}\n",
      "test/meow.js": 'import test from "ava";\nimport meow from "../source/index.js";\n',
    });
    expect(out.commands).toEqual({ lint_cmd: `${X}xo --reporter=json {file}`, lint_fix_cmd: `${X}xo --fix {file}`, test_cmd: `${X}ava {test_dir}`, setup_cmd: "npm ci" });
    expect([out.language, out.src_dir, out.test_dir]).toEqual(["javascript", "source/", "test/"]);
  });

  test("mocha with its config, yarn classic", () => {
    const { out } = init({
      "package.json": pkg({ name: "lib", scripts: { test: "mocha" }, devDependencies: { mocha: "^10", eslint: "^8" } }),
      "yarn.lock": 'mocha@^10:\n  version "10.4.0"\n',
      ".mocharc.yml": "spec: test/**/*.spec.js\n",
      ".eslintrc.json": "{}",
      "lib/index.js": "", "lib/util.js": "",
      "test/index.spec.js": "",
    });
    expect(out.commands).toEqual({ lint_cmd: `${X}eslint --format json {file}`, lint_fix_cmd: `${X}eslint --fix {file}`, test_cmd: `${X}mocha {test_dir}`, setup_cmd: "yarn install --frozen-lockfile" });
    expect(out.src_dir).toBe("lib/");
  });

  test("typescript declared without a tsconfig: no type check, and init says why", () => {
    const { out, repo: r } = init({ "package.json": pkg({ devDependencies: { typescript: "5" } }), "src/a.ts": "" });
    expect(out.commands.type_check_cmd).toBeUndefined();
    expect(out.notes).toEqual(["tsc is installed but tsconfig.json is missing: no type check configured"]);
    expect(readFileSync(join(r.dir, ".dgov/project.toml"), "utf8")).toContain('lint_cmd = ""  # not detected');
  });
});

describe("dgov init: choosing and writing", () => {
  test("a mixed repo picks the dominant language and says so", () => {
    const { out, sops } = init({ "a.py": "", "b.py": "", "c.py": "", "package.json": pkg({}), "web/app.ts": "" });
    expect(out.language).toBe("python");
    expect(out.notes).toEqual(["mixed repository (python 3, typescript 1 source files): using python, the dominant language"]);
    expect(sops()).toEqual(packWith("python-style"));
  });

  test("an empty repo is 'unknown' with low confidence and gets no language SOP", () => {
    const { out, project, sops } = init({});
    expect([out.language, out.confidence]).toEqual(["unknown", "low"]);
    expect(project().language).toBe("unknown");
    expect(sops()).not.toContain("python-style.md");
    expect(sops()).toHaveLength(11);
  });

  test("--project-type overrides detection", () => {
    const { out } = init({ "a.py": "", "go.mod": "module x\n" }, ["--project-type", "go"]);
    expect([out.language, out.confidence]).toEqual(["go", "explicit"]);
  });

  test("writes the policy pack and a runtime .gitignore", () => {
    const { out, repo: r } = init({ "a.py": "" });
    expect(out.status).toBe("initialized");
    expect(out.files.map((f) => f.path)).toContain(".dgov/sops/testing.md");
    expect(out.files.every((f) => f.action === "created")).toBe(true);
    expect(readFileSync(join(r.dir, ".dgov/.gitignore"), "utf8")).toContain("plans/*/_compiled.toml");
    expect(readFileSync(join(r.dir, ".dgov/sops/testing.md"), "utf8")).toStartWith("---\nname: testing\n");
  });

  test("points editors at the schemas: #:schema lines, schemas written beside them, and taplo checks the files against them", () => {
    if (!haveToolchains("node")) return;
    const { repo: r } = init({ "a.py": "" });
    const taplo = (...files: string[]) => Bun.spawnSync([join(NODE_BIN, "taplo"), "lint", "--no-auto-config", ...files], { cwd: r.dir, stdout: "pipe", stderr: "pipe" });
    const toml = join(r.dir, ".dgov/project.toml");
    expect(readFileSync(toml, "utf8")).toStartWith("#:schema ./schemas/project.schema.json\n");
    expect(readFileSync(join(r.dir, ".dgov/schemas/project.schema.json"), "utf8")).toBe(dgov(["schema", "project"]).stdout);
    expect(dgov(["plan", "init", "feat", "--sections", "api"], { cwd: r.dir }).code).toBe(0);
    expect(readFileSync(join(r.dir, ".dgov/plans/feat/_root.toml"), "utf8")).toStartWith("#:schema ../../schemas/plan.schema.json\n");
    expect(readFileSync(join(r.dir, ".dgov/plans/feat/api/_example.toml"), "utf8")).toStartWith("#:schema ../../../schemas/plan.schema.json\n");
    const good = taplo(".dgov/project.toml", ".dgov/plans/feat/_root.toml", ".dgov/plans/feat/api/_example.toml");
    expect({ code: good.exitCode, stderr: good.stderr.toString() }).toMatchObject({ code: 0 });
    expect(good.stderr.toString()).toContain("found files total=3");
    // A key the schema does not know fails taplo, on its line, as it fails dgov.
    Bun.write(toml, readFileSync(toml, "utf8").replace("[project]\n", "[project]\nmax_paralel = 2\n"));
    const bad = taplo(".dgov/project.toml");
    expect(bad.exitCode).not.toBe(0);
    expect(bad.stderr.toString()).toContain("'max_paralel' was unexpected");
    expect(dgov(["config"], { cwd: r.dir }).code).toBe(2);
  }, 60_000);

  test("never overwrites without --force; --force does; .gitignore is extended, never replaced", () => {
    const { repo: r } = init({ "a.py": "" });
    const toml = join(r.dir, ".dgov/project.toml");
    Bun.write(toml, '[project]\nlanguage = "mine"\n');
    Bun.write(join(r.dir, ".dgov/.gitignore"), "my-own-line\n");
    const again = dgov(["init", "--json"], { cwd: r.dir }).json<InitJson>();
    expect(again.files.find((f) => f.path === ".dgov/project.toml")!.action).toBe("skipped");
    expect(again.files.find((f) => f.path === ".dgov/.gitignore")!.action).toBe("updated");
    expect(readFileSync(toml, "utf8")).toContain('"mine"');
    expect(readFileSync(join(r.dir, ".dgov/.gitignore"), "utf8")).toStartWith("my-own-line\nstate.db\n");
    expect(dgov(["init", "--json"], { cwd: r.dir }).json<InitJson>().status).toBe("unchanged");
    const forced = dgov(["init", "--json", "--force"], { cwd: r.dir }).json<InitJson>();
    expect(forced.files.find((f) => f.path === ".dgov/project.toml")!.action).toBe("overwritten");
    expect(readFileSync(toml, "utf8")).toContain('language = "python"');
  });

  test("outside a git repository: says to run git init, exits 2, writes nothing", () => {
    repo = makeRepo({ "a.py": "" }, { git: false });
    const run = dgov(["init"], { cwd: repo.dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("is not inside a git repository");
    expect(run.stderr).toContain("git init");
    expect(existsSync(join(repo.dir, ".dgov"))).toBe(false);
  });

  test("works before the first commit, from a subdirectory; the summary names every command", () => {
    repo = makeRepo({ "pkg/mod.py": "" });
    const run = dgov(["init"], { cwd: join(repo.dir, "pkg") });
    expect(run.code).toBe(0);
    expect(existsSync(join(repo.dir, ".dgov/project.toml"))).toBe(true);
    expect(run.stdout).toContain("created     .dgov/project.toml");
    expect(run.stdout).toContain("  setup_cmd:        (not configured)");
  });
});
