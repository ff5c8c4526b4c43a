import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { chmodSync, existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createWorktreeFiles, decodeText, MAX_TEXT_BYTES } from "../../src/plugin/files.ts";
import type { WorktreeFiles } from "../../src/plugin/types.ts";

const TRAVERSAL = { ok: false as const, error: "Path traversal attempt blocked." };

let parent: string;
let root: string;
let files: WorktreeFiles;

const put = (rel: string, content: string | Uint8Array) => {
  mkdirSync(dirname(join(root, rel)), { recursive: true });
  writeFileSync(join(root, rel), content);
};
const link = (rel: string, target: string) => symlinkSync(target, join(root, rel));

beforeAll(() => {
  parent = mkdtempSync(join(tmpdir(), "dgov-files-"));
  root = join(parent, "repo");
  mkdirSync(join(parent, "repo_evil"));
  writeFileSync(join(parent, "repo_evil", "secret.txt"), "evil\n");
  writeFileSync(join(parent, "outside.txt"), "outside_secret\n");
  put("a.txt", "alpha\n");
  put("src/b.py", "b = 1\n");
  put("src/z.py", "");
  put("src/.cache/c.py", "hidden\n");
  put(".git/config", "[core]\n");
  put(".env", "SECRET=1\n");
  put("node_modules/pkg/index.js", "x\n");
  put("src/__pycache__/b.pyc", "x\n");
  put("bin.dat", new Uint8Array([0x41, 0, 0x42]));
  put("latin1.txt", new Uint8Array([0x63, 0x61, 0x66, 0xe9]));
  put("bom.txt", "\uFEFFbom\n");
  put("big.txt", "x".repeat(MAX_TEXT_BYTES + 1));
  mkdirSync(join(root, "empty"));
  link("out-file", join(parent, "outside.txt"));
  link("out-dir", join(parent, "repo_evil"));
  link("out-dangling", join(parent, "repo_evil", "made-by-link.txt"));
  link("out-dangling-dir", join(parent, "nowhere", "deeper"));
  link("in-file", "a.txt");
  link("in-dir", "src");
  link("in-dangling", "later.txt");
  link("loop-a", "loop-b");
  link("loop-b", "loop-a");
  link("git-link", ".git/config");
  files = createWorktreeFiles(root);
});
afterAll(() => rmSync(parent, { recursive: true, force: true }));

describe("resolve", () => {
  test("relative, ./, nested .. that stays inside, and absolute paths inside", () => {
    expect(files.resolve("a.txt")).toEqual({ ok: true, abs: join(root, "a.txt"), rel: "a.txt" });
    expect(files.resolve("./src/../src/b.py")).toMatchObject({ ok: true, rel: "src/b.py" });
    expect(files.resolve(join(root, "src/b.py"))).toMatchObject({ ok: true, rel: "src/b.py" });
    expect(files.resolve(".")).toMatchObject({ ok: true, rel: "." });
    expect(files.resolve("new/dir/file.txt")).toMatchObject({ ok: true, rel: "new/dir/file.txt" });
  });

  test("anything that ends up outside is blocked: .., absolute, prefix sibling, links", () => {
    for (const path of [
      "..",
      "../outside.txt",
      "../../etc/passwd",
      "src/../../repo_evil/secret.txt",
      "../repo_evil",
      join(parent, "repo_evil", "secret.txt"),
      "/etc/passwd",
      "out-file",
      "out-dir/secret.txt",
      "out-dir/new.txt",
      "out-dangling",
      "out-dangling-dir/x.txt",
      "loop-a",
    ]) {
      expect([path, files.resolve(path)]).toEqual([path, TRAVERSAL]);
      expect([path, files.resolve(path, { write: true })]).toEqual([path, TRAVERSAL]);
    }
  });

  test("links inside resolve to their target", () => {
    expect(files.resolve("in-file")).toMatchObject({ ok: true, rel: "a.txt" });
    expect(files.resolve("in-dir/b.py")).toMatchObject({ ok: true, rel: "src/b.py" });
    expect(files.resolve("in-dangling")).toMatchObject({ ok: true, rel: "later.txt" });
  });

  test(".git is readable but never writable, however it is reached", () => {
    expect(files.resolve(".git/config")).toMatchObject({ ok: true, rel: ".git/config" });
    for (const path of [".git", ".git/config", ".git/hooks/new", "src/../.git/x", "git-link", ".GIT/config"]) {
      expect([path, files.resolve(path, { write: true })]).toEqual([path, { ok: false, error: `${path} is inside .git/, which tools may not change.` }]);
    }
    expect(files.resolve(".gitignore", { write: true })).toMatchObject({ ok: true, rel: ".gitignore" });
  });

  test("empty and NUL paths", () => {
    expect(files.resolve("")).toEqual({ ok: false, error: "path is empty." });
    expect(files.resolve("  ")).toEqual({ ok: false, error: "path is empty." });
    expect(files.resolve("a\0b")).toEqual({ ok: false, error: "path contains a NUL byte." });
  });

  test("a worktree given through a link is contained by its real path", () => {
    const alias = join(parent, "alias");
    symlinkSync(root, alias);
    const via = createWorktreeFiles(alias);
    expect(via.resolve("a.txt")).toMatchObject({ ok: true, rel: "a.txt" });
    expect(via.resolve(join(alias, "a.txt"))).toMatchObject({ ok: true, rel: "a.txt" });
    expect(via.resolve("../repo_evil/secret.txt")).toEqual(TRAVERSAL);
  });
});

describe("readText", () => {
  test("UTF-8 text, a byte-order mark kept", () => {
    expect(files.readText("a.txt")).toEqual({ ok: true, text: "alpha\n", rel: "a.txt" });
    expect(files.readText("in-file")).toEqual({ ok: true, text: "alpha\n", rel: "a.txt" });
    expect(files.readText("bom.txt")).toMatchObject({ ok: true, text: "\uFEFFbom\n" });
  });

  test("missing, folder, binary, undecodable, oversized and special files are refused as values", () => {
    expect(files.readText("nope.txt")).toEqual({ ok: false, error: "nope.txt does not exist." });
    expect(files.readText("in-dangling")).toEqual({ ok: false, error: "in-dangling does not exist." });
    expect(files.readText("src")).toEqual({ ok: false, error: "src is a directory, not a file. Use list_dir to see its entries." });
    expect(files.readText("bin.dat")).toEqual({ ok: false, error: "bin.dat is a binary file, not UTF-8 text." });
    expect(files.readText("latin1.txt")).toEqual({ ok: false, error: "latin1.txt is a binary file, not UTF-8 text." });
    expect(files.readText("big.txt")).toMatchObject({ ok: false, error: expect.stringContaining(`too large to read (${MAX_TEXT_BYTES + 1} bytes`) });
    expect(files.readText("out-file")).toEqual(TRAVERSAL);
    const fifo = Bun.spawnSync(["mkfifo", join(root, "pipe")]);
    if (fifo.exitCode === 0) expect(files.readText("pipe")).toEqual({ ok: false, error: "pipe is not a regular file." });
  });

  test("an unreadable file is an error value, not an exception", () => {
    if (process.getuid?.() === 0) return; // root reads everything
    put("locked.txt", "x");
    chmodSync(join(root, "locked.txt"), 0o000);
    expect(files.readText("locked.txt")).toEqual({ ok: false, error: "cannot read locked.txt: EACCES" });
  });

  test("decodeText: NUL or invalid UTF-8 is binary", () => {
    expect(decodeText(new TextEncoder().encode("héllo"))).toBe("héllo");
    expect(decodeText(new Uint8Array([0x68, 0]))).toBeNull();
    expect(decodeText(new Uint8Array([0xc3]))).toBeNull();
  });
});

describe("writeText", () => {
  test("a hard link is never written through: not to .git/config, not to a file outside the worktree", () => {
    linkSync(join(root, ".git", "config"), join(root, "hl-config"));
    linkSync(join(parent, "outside.txt"), join(root, "hl-outside"));
    for (const name of ["hl-config", "hl-outside"]) {
      expect(files.writeText(name, "[core]\n\tfsmonitor = evil\n")).toEqual({
        ok: false,
        error: `${name} is a hard link (2 names for one file); writing it would change a file outside this path. Delete it and write a new file instead.`,
      });
    }
    expect(readFileSync(join(root, ".git", "config"), "utf8")).toBe("[core]\n");
    expect(readFileSync(join(parent, "outside.txt"), "utf8")).toBe("outside_secret\n");
  });

  test("writes, creating parent folders; through a link inside, the target changes", () => {
    expect(files.writeText("w/x/new.txt", "n\n")).toEqual({ ok: true, rel: "w/x/new.txt" });
    expect(readFileSync(join(root, "w/x/new.txt"), "utf8")).toBe("n\n");
    expect(files.writeText("in-dangling", "later\n")).toEqual({ ok: true, rel: "later.txt" });
    expect(readFileSync(join(root, "later.txt"), "utf8")).toBe("later\n");
  });

  test("create refuses an existing file; folders, the root and a file as parent are refused", () => {
    expect(files.writeText("a.txt", "x", { create: true })).toEqual({ ok: false, error: "a.txt already exists." });
    expect(readFileSync(join(root, "a.txt"), "utf8")).toBe("alpha\n");
    expect(files.writeText("empty", "x")).toEqual({ ok: false, error: "empty is a directory, not a file." });
    expect(files.writeText(".", "x")).toEqual({ ok: false, error: ". is the worktree itself, not a file." });
    expect(files.writeText("a.txt/inner", "x")).toEqual({ ok: false, error: "cannot write a.txt/inner: one of its parent folders is a file." });
  });

  test("nothing is ever written outside or into .git", () => {
    for (const path of ["../repo_evil/owned.txt", "out-dangling", "out-dangling-dir/x.txt", "out-dir/new.txt", "out-file", ".git/hooks/pre-commit", "git-link"]) {
      expect([path, files.writeText(path, "owned").ok]).toEqual([path, false]);
    }
    expect(readdirSync(join(parent, "repo_evil"))).toEqual(["secret.txt"]);
    expect(existsSync(join(parent, "nowhere"))).toBe(false);
    expect(readFileSync(join(parent, "outside.txt"), "utf8")).toBe("outside_secret\n");
    expect(readFileSync(join(root, ".git/config"), "utf8")).toBe("[core]\n");
    expect(existsSync(join(root, ".git/hooks"))).toBe(false);
  });
});

describe("list", () => {
  test("sorted, without dot entries or links leading outside or nowhere", () => {
    const listed = files.list(".");
    if (!listed.ok) throw new Error(listed.error);
    const names = listed.entries.map((e) => `${e.name}${e.dir ? "/" : ""}`);
    expect(names).toContain("in-dir/");
    expect(names).toContain("in-file");
    for (const hidden of [".env", ".git/", "out-file", "out-dir/", "out-dangling", "out-dangling-dir", "loop-a", "loop-b"]) expect(names).not.toContain(hidden);
    expect(names).toEqual([...names].sort());
    expect(listed.entries.find((e) => e.name === "a.txt")).toEqual({ name: "a.txt", rel: "a.txt", dir: false, size: 6 });
    expect(files.list("src")).toMatchObject({ ok: true, entries: [{ rel: "src/__pycache__", dir: true }, { rel: "src/b.py" }, { rel: "src/z.py", size: 0 }] });
  });

  test("missing, a file, outside", () => {
    expect(files.list("nope")).toEqual({ ok: false, error: "nope does not exist." });
    expect(files.list("a.txt")).toEqual({ ok: false, error: "a.txt is not a directory." });
    expect(files.list("out-dir")).toEqual(TRAVERSAL);
    expect(files.list("empty")).toEqual({ ok: true, entries: [] });
  });
});

describe("walk", () => {
  test("regular files, sorted, skipping dot, dependency and cache folders and linked folders", () => {
    const walked = files.walk();
    if (!walked.ok) throw new Error(walked.error);
    expect(walked.files).toContain("src/b.py");
    expect(walked.files).toContain("in-file");
    for (const skipped of [".env", ".git/config", "src/.cache/c.py", "node_modules/pkg/index.js", "src/__pycache__/b.pyc", "in-dir/b.py", "out-file", "out-dangling"]) {
      expect(walked.files).not.toContain(skipped);
    }
  });

  test("a folder, a file, a dot folder named explicitly, missing and outside", () => {
    expect(files.walk("src")).toEqual({ ok: true, files: ["src/b.py", "src/z.py"] });
    expect(files.walk("src/b.py")).toEqual({ ok: true, files: ["src/b.py"] });
    expect(files.walk("src/.cache")).toEqual({ ok: true, files: ["src/.cache/c.py"] });
    expect(files.walk("nope")).toEqual({ ok: false, error: "nope does not exist." });
    expect(files.walk("out-dir")).toEqual(TRAVERSAL);
  });
});

describe("exists", () => {
  test("true only for something that exists inside", () => {
    expect(files.exists("a.txt")).toBe(true);
    expect(files.exists("src")).toBe(true);
    expect(files.exists("nope")).toBe(false);
    expect(files.exists("out-file")).toBe(false);
    expect(files.exists("../outside.txt")).toBe(false);
  });
});
