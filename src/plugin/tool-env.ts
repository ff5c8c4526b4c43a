import { existsSync, rmSync } from "node:fs";
import { delimiter, dirname, join } from "node:path";
import { looksSecret } from "../exec/env.ts";
import type { ProjectConfig } from "./types.ts";
import { scratchDir } from "../scratch.ts";

/** The environment worker tools run in, and the temporary HOME it points at. */
export interface ToolEnv {
  home: string;
  env: Record<string, string>;
  /** Removes the temporary HOME. */
  dispose(): void;
}

/** The programs the project's commands start, so their folders can be put on PATH. */
function configuredPrograms(config: ProjectConfig): string[] {
  const p = config.project;
  const commands = [p.test_cmd, p.lint_cmd, p.lint_fix_cmd, p.format_cmd, p.format_check_cmd, p.type_check_cmd];
  return commands.flatMap((command) => {
    const words = command?.trim().split(/\s+/) ?? [];
    const program = words[0] === "uv" && words[1] === "run" ? "uv" : words[0];
    return program ? [program] : [];
  });
}

/**
 * Toolchains that find themselves through HOME (rustup's proxies, Go's module cache, pyenv's
 * shims): with HOME moved to a temporary folder, their homes are named explicitly (read-only
 * inside the sandbox). The caller's own settings win.
 */
const TOOLCHAIN_HOMES: [string, string][] = [
  ["RUSTUP_HOME", ".rustup"],
  ["CARGO_HOME", ".cargo"],
  ["GOPATH", "go"],
  // `go env -w` settings (GOPROXY, GOPRIVATE, GOFLAGS) live in a file under HOME.
  ["GOENV", ".config/go/env"],
  ["PYENV_ROOT", ".pyenv"],
  ["PNPM_HOME", ".local/share/pnpm"],
  ["BUN_INSTALL", ".bun"],
  ["NVM_DIR", ".nvm"],
  ["VOLTA_HOME", ".volta"],
];

/** Toolchain settings passed as they are when set: which Go, Rust, Python or Node toolchain and where its parts live. */
const TOOLCHAIN_SETTINGS = ["GOROOT", "GOMODCACHE", "GOFLAGS", "GOPROXY", "GOPRIVATE", "GONOSUMDB", "GOTOOLCHAIN", "RUSTUP_TOOLCHAIN", "PYENV_VERSION", "JAVA_HOME"];

function toolchainHomes(base: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, dir] of TOOLCHAIN_HOMES) {
    const value = base[name] ?? (base.HOME ? join(base.HOME, dir) : undefined);
    if (value && existsSync(value)) out[name] = value;
  }
  for (const name of TOOLCHAIN_SETTINGS) if (base[name]) out[name] = base[name];
  return out;
}

/** `[sandbox] pass_env`: the named variables that are set (config load refused names that look like credentials). */
function passed(names: readonly string[], base: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) if (base[name] !== undefined && !looksSecret(name)) out[name] = base[name];
  return out;
}

/**
 * An allowlist, not a blocklist: tools see PATH (the caller's, plus the folders of the
 * project's configured programs), a throwaway HOME, the locale and the user's name, the homes
 * and settings of toolchains that live in the real HOME, and what `[sandbox] pass_env` names.
 * No API key, token or any other variable of the governor's environment reaches them.
 */
export function toolEnv(worktree: string, config: ProjectConfig, home: string, base: Record<string, string | undefined> = process.env): Record<string, string> {
  const basePath = (base.PATH ?? "/usr/local/bin:/usr/bin:/bin").split(delimiter).filter(Boolean);
  const toolDirs = configuredPrograms(config).flatMap((program) => {
    const found = program.includes("/") ? null : Bun.which(program, { PATH: basePath.join(delimiter) });
    return found ? [dirname(found)] : [];
  });
  const path = [...new Set([...toolDirs, ...basePath, "/usr/local/bin", "/usr/bin", "/bin"])].join(delimiter);
  const user = base.USER ?? base.LOGNAME ?? "dgov";
  const srcDir = config.project.src_dir.replace(/\/+$/, "");
  return {
    ...toolchainHomes(base),
    ...passed(config.sandbox.pass_env, base),
    PATH: path,
    HOME: home,
    TMPDIR: home,
    LANG: base.LANG || "C.UTF-8",
    USER: user,
    LOGNAME: base.LOGNAME ?? user,
    TERM: "dumb",
    NO_COLOR: "1",
    PYTHONPATH: srcDir ? join(worktree, srcDir) : worktree,
    PYTHONDONTWRITEBYTECODE: "1",
    // The task's own ports (runner/ports.ts), when the runner gave it some.
    ...Object.fromEntries(["DGOV_PORT", "DGOV_PORT_COUNT", "PORT"].flatMap((name) => (base.DGOV_PORT && base[name] ? [[name, base[name]!]] : []))),
  };
}

/** A tool environment with a fresh HOME under the system temp folder. */
export function createToolEnv(worktree: string, config: ProjectConfig, base?: Record<string, string | undefined>): ToolEnv {
  const home = scratchDir("sandbox");
  return { home, env: toolEnv(worktree, config, home, base), dispose: () => rmSync(home, { recursive: true, force: true }) };
}
