import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { COMMON_SOPS, LANGUAGE_SOPS, sopsFor } from "../../sops/index.ts";
import { matchSops } from "../../src/sop/match.ts";
import { parseSop } from "../../src/sop/parse.ts";

const packDir = join(import.meta.dir, "..", "..", "sops");
const packFiles = readdirSync(packDir)
  .filter((name) => name.endsWith(".md") && name !== "governor.md")
  .sort();

const EXPECTED_TAGS: Record<string, string[]> = {
  architecture: ["architecture", "state", "kernel", "model", "layer", "boundary", "import", "coupling", "runner", "settlement"],
  "code-review": ["review", "reviewer", "diff", "audit", "inspect", "finding"],
  "error-handling": ["errors", "error", "exceptions", "failure", "raise", "catch", "fallback", "validation"],
  "git-commits": ["git", "commit", "history", "merge", "rebase", "branch"],
  "go-style": ["go", "golang", "gofmt", "vet", "golangci-lint"],
  "javascript-style": ["javascript", "jsx", "eslint", "biome", "oxlint", "xo", "prettier"],
  "knowledge-base": ["knowledge", "kb", "docs/knowledge", "obsidian", "traversal", "graph", "documentation"],
  "large-file-handling": ["python", "javascript", "typescript", "large-file", "chunk", "binary"],
  "project-extensions": ["project.toml", "verify", "recipe", "sop", "extension", "local", "convention", "build", "runtime", "ci", "data", "secrets"],
  "python-style": ["python", "lint", "format", "style", "ruff", "naming", "convention"],
  "refactoring-discipline": ["refactor", "rename", "extract", "cleanup", "convert", "move", "split", "reduce", "restructure"],
  "return-values": ["python", "javascript", "typescript", "api", "plugin", "return", "interface", "contract"],
  "rust-style": ["rust", "cargo", "clippy", "rustfmt", "crate"],
  "state-modeling-review": ["state", "model", "dataclass", "pydantic", "types", "review", "typed", "sentinel", "optional", "frozen", "getattr", "enum"],
  testing: ["tests", "test", "pytest", "verification", "coverage", "assert", "unit"],
  "typescript-style": ["typescript", "tsx", "tsc", "eslint", "biome", "oxlint", "prettier"],
};
const LANGUAGE_STYLES = ["go-style", "javascript-style", "python-style", "rust-style", "typescript-style"];

describe("the default SOP pack", () => {
  test("holds exactly the expected SOPs: eleven common ones and five language styles", () => {
    expect(packFiles.map((name) => name.slice(0, -3))).toEqual(Object.keys(EXPECTED_TAGS).sort());
  });

  for (const fileName of packFiles) {
    test(`${fileName} parses cleanly with the expected tags`, () => {
      const file = `sops/${fileName}`;
      const { sop, errors, warnings } = parseSop(readFileSync(join(packDir, fileName), "utf8"), file);
      expect(errors).toEqual([]);
      expect(warnings).toEqual([]);
      expect(sop?.name).toBe(fileName.slice(0, -3));
      expect(sop?.file).toBe(file);
      expect(sop?.appliesTo).toEqual(EXPECTED_TAGS[sop!.name]!);
      for (const bullets of Object.values(sop!.sections)) expect(bullets.length).toBeGreaterThan(0);
    });
  }

  test("governor.md is not a SOP: it has no front matter", () => {
    const { sop, errors } = parseSop(readFileSync(join(packDir, "governor.md"), "utf8"), "sops/governor.md");
    expect(sop).toBeNull();
    expect(errors).toEqual(["sops/governor.md:1: missing front matter"]);
  });

  test("a project gets the common SOPs and its own language's style SOP only", () => {
    expect(COMMON_SOPS.map((s) => s.name)).toEqual(Object.keys(EXPECTED_TAGS).filter((n) => !LANGUAGE_STYLES.includes(n)).sort());
    for (const [language, style] of Object.entries(LANGUAGE_SOPS)) {
      const names = sopsFor(language).map((s) => s.name);
      expect(names.filter((n) => LANGUAGE_STYLES.includes(n))).toEqual([style.name]);
      expect(names).toEqual([...names].sort());
    }
    expect(sopsFor("typescript").map((s) => s.name)).not.toContain("python-style");
    expect(sopsFor("unknown").map((s) => s.name)).toEqual(COMMON_SOPS.map((s) => s.name));
  });

  test("a language style SOP matches only its own language's files", () => {
    const sops = LANGUAGE_STYLES.map((name) => parseSop(readFileSync(join(packDir, `${name}.md`), "utf8"), `sops/${name}.md`).sop!);
    const matched = (path: string) => matchSops({ summary: "Change a helper", role: "worker", writes: [path] }, sops).map((s) => s.name);
    expect(matched("src/a.py")).toEqual(["python-style"]);
    expect(matched("cmd/main.go")).toEqual(["go-style"]);
    expect(matched("src/lib.rs")).toEqual(["rust-style"]);
    expect(matched("src/a.ts")).toEqual(["javascript-style", "typescript-style"]);
  });
});
