import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { editFileTool, replaceOnce } from "../../../plugins/worker-tools/edit-file.ts";
import { call, failure, makeWorktree, type Worktree } from "./core-fixture.ts";

let tree: Worktree;
beforeEach(() => {
  tree = makeWorktree({ "hello.py": "x = 1\n", "twice.txt": "aa\naa\n", "dir/a.txt": "a\n" });
});
afterEach(() => tree.remove());

const raw = (rel: string) => readFileSync(join(tree.dir, rel), "latin1");

describe("edit_file", () => {
  test("replaces the single exact occurrence", async () => {
    expect(await call(editFileTool, { path: "hello.py", old_text: "x = 1", new_text: "x = 2" }, tree)).toEqual({
      ok: true,
      output: "Successfully edited hello.py",
      writes: ["hello.py"],
    });
    expect(tree.read("hello.py")).toBe("x = 2\n");
  });

  test("replacement text is literal ($& and $1 are not patterns)", async () => {
    await call(editFileTool, { path: "hello.py", old_text: "1", new_text: "'$&$1$$'" }, tree);
    expect(tree.read("hello.py")).toBe("x = '$&$1$$'\n");
  });

  test("spec messages: not found, several matches, missing file, empty old_text", async () => {
    expect(await failure(editFileTool, { path: "hello.py", old_text: "y = 1", new_text: "" }, tree)).toBe("old_text not found in hello.py.");
    expect(await failure(editFileTool, { path: "twice.txt", old_text: "aa", new_text: "b" }, tree)).toBe(
      "old_text matches 2 locations in twice.txt. Be more specific.",
    );
    expect(await failure(editFileTool, { path: "nope.py", old_text: "a", new_text: "b" }, tree)).toBe("nope.py does not exist.");
    expect(await failure(editFileTool, { path: "hello.py", old_text: "", new_text: "b" }, tree)).toContain("old_text is empty");
    expect(await failure(editFileTool, { path: "dir", old_text: "a", new_text: "b" }, tree)).toContain("is a directory");
    expect(tree.read("twice.txt")).toBe("aa\naa\n");
  });

  test("a binary file is refused", async () => {
    tree.write("bin.dat", new Uint8Array([1, 0, 2, 3]));
    expect(await failure(editFileTool, { path: "bin.dat", old_text: "a", new_text: "b" }, tree)).toContain("binary");
  });

  test("a CRLF file is matched as LF and keeps its CRLF endings", async () => {
    tree.write("win.txt", "one\r\ntwo\r\nthree\r\n");
    await call(editFileTool, { path: "win.txt", old_text: "one\ntwo\n", new_text: "uno\ndos\nextra\n" }, tree);
    expect(raw("win.txt")).toBe("uno\r\ndos\r\nextra\r\nthree\r\n");
  });

  test("in a file with mixed endings only the replaced span changes", () => {
    const text = "a\r\nb\nc\r\nd\n";
    expect(replaceOnce(text, "b\nc\n", "B\nC\n", "f")).toEqual({ ok: true, text: "a\r\nB\r\nC\r\nd\n" });
    expect(replaceOnce(text, "d", "D", "f")).toEqual({ ok: true, text: "a\r\nb\nc\r\nD\n" });
  });

  test("a byte-order mark survives an edit", async () => {
    tree.write("bom.txt", "\uFEFFfirst\nsecond\n");
    await call(editFileTool, { path: "bom.txt", old_text: "first", new_text: "1st" }, tree);
    expect(tree.read("bom.txt")).toBe("\uFEFF1st\nsecond\n");
  });
});
