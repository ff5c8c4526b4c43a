/** Shell completions, help and version commands, through the compiled binary and real shells. */
import { describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { flagsOf } from "../../src/cli/completion.ts";
import { dgov, DGOV_BIN } from "../fakes/dgov.ts";

/** What bash completes for the words of `line` (the last one being completed), with dgov's script sourced. */
function bashCompletes(line: string[]): string[] {
  const dir = mkdtempSync(join(tmpdir(), "dgov-completion-"));
  try {
    writeFileSync(join(dir, "dgov.bash"), dgov(["completion", "bash"]).stdout);
    const words = line.map((w) => `'${w}'`).join(" ");
    const script = `source ${join(dir, "dgov.bash")}; COMP_WORDS=(${words}); COMP_CWORD=${line.length - 1}; _dgov; printf '%s\\n' "\${COMPREPLY[@]}"`;
    const out = Bun.spawnSync(["bash", "-c", script], { stdout: "pipe", stderr: "pipe" });
    if (out.exitCode !== 0) throw new Error(out.stderr.toString());
    return out.stdout.toString().split("\n").filter(Boolean).sort();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("dgov completion", () => {
  test("bash: the script loads and registers the completion", () => {
    const out = Bun.spawnSync(["bash", "-c", `source <(${DGOV_BIN} completion bash); complete -p dgov`], { stdout: "pipe", stderr: "pipe" });
    expect(out.stderr.toString()).toBe("");
    expect(out.stdout.toString().trim()).toBe("complete -F _dgov dgov");
  });

  test("bash: `dgov pl<TAB>` offers plan and plugins; a group offers its subcommands; a command its options", () => {
    expect(bashCompletes(["dgov", "pl"])).toEqual(["plan", "plugins"]);
    expect(bashCompletes(["dgov", "plan", "a"])).toEqual(["abandon", "archive"]);
    expect(bashCompletes(["dgov", "--json", "plan", "status", "--"])).toContain("--json");
    expect(bashCompletes(["dgov", "prune", "--d"])).toEqual(["--days", "--dry-run"]);
    expect(bashCompletes(["dgov", "watch", "--no-f"])).toEqual(["--no-follow"]);
    // After a positional the command's options are still offered; not subcommands of another level.
    expect(bashCompletes(["dgov", "run", "myplan", "--con"])).toEqual(["--continue"]);
  });

  test("zsh and fish scripts load in those shells' syntax checkers where present, and name the same commands", () => {
    const zsh = dgov(["completion", "zsh"]).stdout;
    const fish = dgov(["completion", "fish"]).stdout;
    expect(zsh).toContain("bashcompinit");
    expect(fish).toContain("complete -c dgov -n '__fish_use_subcommand' -a plan");
    expect(fish).toContain("complete -c dgov -n '__fish_seen_subcommand_from plan; and __fish_seen_subcommand_from list' -l all");
    for (const [shell, script] of [["zsh", zsh], ["fish", fish]] as const) {
      const checked = Bun.spawnSync([shell, "-n"], { stdin: new Blob([script]), stdout: "pipe", stderr: "pipe" });
      expect(checked.stderr.toString()).toBe("");
    }
  });

  test("fish: `dgov pl<TAB>` offers plan and plugins; zsh registers the completion", () => {
    const fish = Bun.spawnSync(["fish", "-c", `${DGOV_BIN} completion fish | source; complete -C 'dgov pl'`], { stdout: "pipe", stderr: "pipe" });
    expect(fish.stderr.toString()).toBe("");
    expect(fish.stdout.toString().split("\n").filter(Boolean).map((l) => l.split("\t")[0])).toEqual(["plan", "plugins"]);
    // compinit writes its dump under $HOME: a fresh one.
    const home = mkdtempSync(join(tmpdir(), "dgov-zsh-"));
    try {
      const zsh = Bun.spawnSync(["zsh", "-c", `source <(${DGOV_BIN} completion zsh); print -r -- \${_comps[dgov]}`], { stdout: "pipe", stderr: "pipe", env: { ...process.env, HOME: home, ZDOTDIR: home } });
      expect(zsh.stderr.toString()).toBe("");
      expect(zsh.stdout.toString()).toContain("_dgov");
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  test("an unknown shell is a usage error naming the choices", () => {
    const out = dgov(["completion", "tcsh"]);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain("unknown shell 'tcsh'");
    expect(out.stderr).toContain("bash, zsh, fish");
  });

  test("options come from the command's own definitions: booleans that default on also as --no-…", () => {
    expect(flagsOf({ plan: { type: "positional" }, follow: { type: "boolean", default: true }, maxParallel: { type: "string" } }).map((f) => f.word)).toEqual(["--follow", "--no-follow", "--max-parallel"]);
  });
});

describe("dgov help and dgov version", () => {
  test("`dgov help <command …>` is that command's --help; bare `dgov help` the root help", () => {
    expect(dgov(["help", "plan", "status"]).stdout).toBe(dgov(["plan", "status", "--help"]).stdout);
    expect(dgov(["help"]).stdout).toBe(dgov(["--help"]).stdout);
    expect(dgov(["help", "nope"]).code).toBe(2);
  });

  test("`dgov version` is --version, with --json too", () => {
    expect(dgov(["version"]).stdout).toBe(dgov(["--version"]).stdout);
    expect(dgov(["version", "--json"]).json()).toEqual(dgov(["--version", "--json"]).json());
  });

  test("`plan init` and `plan archive` are init-plan and archive-plan", () => {
    // The same options and details; only the usage line and the description name the other spelling.
    const options = (args: string[]) => dgov([...args, "--help"]).stdout.split("\n").slice(3).join("\n");
    expect(options(["plan", "init"])).toBe(options(["init-plan"]));
    expect(options(["plan", "archive"])).toBe(options(["archive-plan"]));
  });
});
