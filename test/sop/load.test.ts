import { afterEach, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { loadSops } from "../../src/sop/load.ts";
import { sopText } from "./sop-fixtures.ts";

let root = "";
afterEach(() => {
  if (root) rmSync(root, { recursive: true, force: true });
  root = "";
});

/** A temp folder `dir` holding `files` (name → text); returns its absolute path. */
function folder(dir: string, files: Record<string, string>): string {
  if (!root) root = mkdtempSync(join(tmpdir(), "dgov-sop-"));
  const path = join(root, dir);
  mkdirSync(path, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(path, name), text);
  return path;
}

const display = (abs: string) => relative(root, abs);
const named = (name: string) => sopText({ name });

describe("loadSops", () => {
  test("a missing folder contributes nothing", () => {
    const dir = folder("sops", {});
    expect(loadSops([join(dir, "nope")], display)).toEqual({ sops: [], errors: [], warnings: [] });
  });

  test("loads .md files sorted by file name and ignores other files", () => {
    const dir = folder("sops", { "zeta.md": named("zeta"), "alpha.md": named("alpha"), "notes.txt": "not a SOP", "mid.md": named("mid") });
    const result = loadSops([dir], display);
    expect(result.errors).toEqual([]);
    expect(result.sops.map((s) => s.name)).toEqual(["alpha", "mid", "zeta"]);
    expect(result.sops.map((s) => s.file)).toEqual(["sops/alpha.md", "sops/mid.md", "sops/zeta.md"]);
  });

  test("does not descend into sub-folders", () => {
    const dir = folder("sops", { "top.md": named("top") });
    folder("sops/nested", { "deep.md": named("deep") });
    expect(loadSops([dir], display).sops.map((s) => s.name)).toEqual(["top"]);
  });

  test("reads several folders in the order given", () => {
    const a = folder("project", { "b.md": named("b") });
    const b = folder("plugin", { "a.md": named("a") });
    expect(loadSops([a, b], display).sops.map((s) => s.file)).toEqual(["project/b.md", "plugin/a.md"]);
    expect(loadSops([b, a], display).sops.map((s) => s.file)).toEqual(["plugin/a.md", "project/b.md"]);
  });

  test("a name used in two folders is an error naming both files", () => {
    const a = folder("project", { "testing.md": named("testing") });
    const b = folder("plugin", { "testing.md": named("testing") });
    const result = loadSops([a, b], display);
    expect(result.errors).toEqual(["duplicate SOP name 'testing': project/testing.md and plugin/testing.md"]);
    expect(result.sops.map((s) => s.file)).toEqual(["project/testing.md"]);
  });

  test("a duplicate name behind a different file name is also caught, with the stem warning", () => {
    const dir = folder("sops", { "a.md": named("a"), "b.md": named("a") });
    const result = loadSops([dir], display);
    expect(result.errors).toEqual(["duplicate SOP name 'a': sops/a.md and sops/b.md"]);
    expect(result.warnings).toEqual(["sops/b.md:2: name 'a' differs from the file name 'b.md'"]);
  });

  test("errors of several files are all reported; valid files still load", () => {
    const dir = folder("sops", {
      "bad-one.md": "no front matter",
      "bad-two.md": sopText({ name: "bad-two", priority: "later" }),
      "good.md": named("good"),
    });
    const result = loadSops([dir], display);
    expect(result.errors).toEqual([
      "sops/bad-one.md:1: missing front matter",
      "sops/bad-two.md:6: priority must be one of must, should, got 'later'",
    ]);
    expect(result.sops.map((s) => s.name)).toEqual(["good"]);
  });
});
