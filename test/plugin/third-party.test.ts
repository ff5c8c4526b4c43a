/**
 * A third-party plugin as its author would ship it (test/fixtures/plugins/acme-checks: its own
 * package.json, a gate, a tool and a bun test file using dgov/testing), checked two ways:
 * its own tests pass under plain `bun test`, and the compiled binary loads it from a repo.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dgov } from "../fakes/dgov.ts";
import { makeRepo } from "../fakes/repo.ts";

const ROOT = join(import.meta.dir, "..", "..");
const FIXTURE = join(ROOT, "test", "fixtures", "plugins", "acme-checks");
const cleanup: string[] = [];
afterAll(() => cleanup.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe("a third-party plugin package", () => {
  test("passes its own tests under plain bun test, with dgov linked as a dependency", () => {
    const dir = mkdtempSync(join(tmpdir(), "acme-checks-"));
    cleanup.push(dir);
    cpSync(FIXTURE, dir, { recursive: true });
    mkdirSync(join(dir, "node_modules"));
    // What `bun link dgov` / `bun add -d dgov` gives the author: dgov and valibot installed.
    symlinkSync(ROOT, join(dir, "node_modules", "dgov"));
    symlinkSync(join(ROOT, "node_modules", "valibot"), join(dir, "node_modules", "valibot"));
    const proc = Bun.spawnSync(["bun", "test"], { cwd: dir, stdout: "pipe", stderr: "pipe", env: { ...process.env, NO_COLOR: "1" } });
    const output = proc.stderr.toString() + proc.stdout.toString();
    expect(output).toContain(" 8 pass");
    expect(output).toContain(" 0 fail");
    expect(proc.exitCode).toBe(0);
  }, 30_000);

  test("the compiled binary loads it as a package named in [plugins] load", () => {
    const repo = makeRepo({
      ".dgov/project.toml": '[plugins]\nload = ["acme-checks"]\n\n[gates.no-todo]\nlevel = "warn"\nallow = 2\n',
    });
    cleanup.push(repo.dir);
    // Installed in the repo's node_modules, without dgov or valibot next to it: the binary
    // serves both as virtual modules.
    cpSync(FIXTURE, join(repo.dir, "node_modules", "acme-checks"), { recursive: true });
    const list = dgov(["plugins", "list", "--json"], { cwd: repo.dir });
    expect(list.stderr).toBe("");
    expect(list.code).toBe(0);
    const acme = list.json<{ plugins: { name: string; source: unknown; contributions: unknown[] }[] }>().plugins.find((p) => p.name === "acme-checks");
    expect(acme).toEqual({
      name: "acme-checks",
      api: 1,
      description: "ACME's house rules",
      enabled: true,
      source: { kind: "config", label: "acme-checks", file: "node_modules/acme-checks/index.ts" },
      contributions: [
        { kind: "gate", name: "no-todo", description: "Rejects changes that add TODO markers to the files they touch", phase: "review", order: "pre", level: "warn" },
        { kind: "tool", name: "count_todos", description: "Count TODO markers in one file of the worktree", roles: ["worker", "researcher"], effect: "read" },
      ],
    } as never);
    const config = dgov(["config", "--json"], { cwd: repo.dir }).json<{ config: { gates: Record<string, unknown> } }>();
    expect(config.config.gates["no-todo"]).toEqual({ level: "warn", allow: 2 });
    const text = dgov(["plugins", "list"], { cwd: repo.dir }).stdout;
    expect(text).toMatch(/acme-checks\s+node_modules\/acme-checks\/index\.ts\s+gate\s+no-todo\s+review\/pre \(warn\)/);
  });

  test("a bad option for it is reported at its line in project.toml", () => {
    const repo = makeRepo({ ".dgov/project.toml": '[plugins]\nload = ["./vendor/acme"]\n\n[gates.no-todo]\nallow = -1\n' });
    cleanup.push(repo.dir);
    cpSync(FIXTURE, join(repo.dir, "vendor", "acme"), { recursive: true });
    const run = dgov(["plugins", "list"], { cwd: repo.dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(".dgov/project.toml:5: [gates.no-todo].allow:");
  });
});
