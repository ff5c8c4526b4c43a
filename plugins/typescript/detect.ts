import type { RepoProbe, ToolchainCommands, ToolchainDetection } from "dgov/plugin";

/*
 * TypeScript / JavaScript detection. A command is filled in only when its tool is declared in
 * package.json, has its config file, or appears in the lockfile: dgov never writes a command
 * that would download a tool at settlement time (`bun x --no-install`, `npx --no`).
 */

interface PackageJson {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  scripts?: Record<string, string>;
  packageManager?: string;
}

type Manager = "bun" | "pnpm" | "yarn" | "npm";

const TS_EXT = [".ts", ".tsx", ".mts", ".cts"];
const JS_EXT = [".js", ".jsx", ".mjs", ".cjs"];
const LOCKFILES: [string, Manager][] = [
  ["bun.lock", "bun"],
  ["bun.lockb", "bun"],
  ["pnpm-lock.yaml", "pnpm"],
  ["yarn.lock", "yarn"],
  ["package-lock.json", "npm"],
];
const NPM_DEFAULT_TEST = /no test specified/;

function manager(probe: RepoProbe, pkg: PackageJson | null): Manager {
  for (const [file, pm] of LOCKFILES) if (probe.exists(file)) return pm;
  const declared = pkg?.packageManager?.split("@")[0];
  return declared === "bun" || declared === "pnpm" || declared === "yarn" ? declared : "npm";
}

/** How to run a locally installed binary without ever installing it. */
function runner(pm: Manager): string {
  return { bun: "bun x --no-install", pnpm: "pnpm exec", yarn: "yarn", npm: "npx --no" }[pm];
}

function setup(pm: Manager, probe: RepoProbe): string | undefined {
  if (pm === "bun") return "bun install --frozen-lockfile";
  if (pm === "pnpm") return "pnpm install --frozen-lockfile";
  if (pm === "yarn") return probe.exists(".yarnrc.yml") ? "yarn install --immutable" : "yarn install --frozen-lockfile";
  return probe.exists("package-lock.json") ? "npm ci" : undefined;
}

function packageChecker(probe: RepoProbe, pkg: PackageJson | null): (name: string) => boolean {
  const declared = new Set(
    [pkg?.dependencies, pkg?.devDependencies, pkg?.peerDependencies, pkg?.optionalDependencies].flatMap((d) =>
      Object.keys(d ?? {}),
    ),
  );
  const locks = LOCKFILES.filter(([f]) => !f.endsWith(".lockb"))
    .map(([f]) => probe.readText(f) ?? "")
    .join("\n");
  // Lockfile spellings: "name" (npm, bun), /name@ (pnpm), name@ (yarn 1), "name@ (yarn berry).
  const forms = (name: string) => [`"${name}"`, `/${name}@`, `\n${name}@`, `"${name}@`];
  return (name) => declared.has(name) || forms(name).some((form) => locks.includes(form));
}

const anyExists = (probe: RepoProbe, files: string[]) => files.some((f) => probe.exists(f));

function countOf(probe: RepoProbe, exts: string[]): number {
  return exts.reduce((sum, ext) => sum + (probe.filesByExtension.get(ext) ?? 0), 0);
}

/** Detects the package manager and the lint, format, type-check and test tools of a JS/TS repo. */
export function detectTypeScript(probe: RepoProbe): ToolchainDetection | null {
  const pkg = probe.readJson("package.json") as PackageJson | null;
  const ts = countOf(probe, TS_EXT) - (probe.filesByExtension.get(".d.ts") ?? 0);
  const js = countOf(probe, JS_EXT);
  if (!pkg && ts + js === 0) return null;
  const pm = manager(probe, pkg);
  const x = runner(pm);
  const has = packageChecker(probe, pkg);
  const tools: string[] = [pm];
  const commands: ToolchainCommands = {};

  if (has("typescript")) {
    commands.type_check_cmd = `${x} tsc --noEmit`;
    tools.push("tsc");
  }
  const biome = has("@biomejs/biome") || anyExists(probe, ["biome.json", "biome.jsonc"]);
  const eslint = has("eslint");
  const oxlint = has("oxlint");
  if (biome) {
    commands.lint_cmd = `${x} biome lint {file}`;
    commands.lint_fix_cmd = `${x} biome lint --write {file}`;
    tools.push("biome");
  } else if (eslint) {
    commands.lint_cmd = `${x} eslint {file}`;
    commands.lint_fix_cmd = `${x} eslint --fix {file}`;
    tools.push("eslint");
  } else if (oxlint) {
    commands.lint_cmd = `${x} oxlint {file}`;
    commands.lint_fix_cmd = `${x} oxlint --fix {file}`;
    tools.push("oxlint");
  }
  if (has("prettier")) {
    commands.format_cmd = `${x} prettier --write {file}`;
    commands.format_check_cmd = `${x} prettier --check {file}`;
    tools.push("prettier");
  } else if (biome) {
    commands.format_cmd = `${x} biome format --write {file}`;
    commands.format_check_cmd = `${x} biome format {file}`;
  }
  const testScript = pkg?.scripts?.test ?? "";
  if (has("vitest")) {
    commands.test_cmd = `${x} vitest run {test_dir}`;
    tools.push("vitest");
  } else if (has("jest")) {
    commands.test_cmd = `${x} jest {test_dir}`;
    tools.push("jest");
  } else if (/\bnode\s+--test\b/.test(testScript)) {
    commands.test_cmd = "node --test {test_dir}";
    tools.push("node --test");
  } else if (pm === "bun" || /\bbun\s+test\b/.test(testScript)) {
    commands.test_cmd = "bun test {test_dir}";
    tools.push("bun test");
  } else if (testScript && !NPM_DEFAULT_TEST.test(testScript)) {
    commands.test_cmd = `${pm} run test`;
    tools.push(`${pm} run test`);
  }
  const setupCmd = setup(pm, probe);
  if (setupCmd) commands.setup_cmd = setupCmd;

  const typescript = ts > 0 || probe.exists("tsconfig.json");
  return {
    language: typescript ? "typescript" : "javascript",
    sourceFiles: ts + js,
    sourceExtensions: typescript ? [...TS_EXT, ...JS_EXT] : JS_EXT,
    tools,
    commands,
    ignoreFiles: ["node_modules", ...LOCKFILES.map(([f]) => f).filter((f) => probe.exists(f))],
  };
}
