import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileTool } from "../../../plugins/worker-tools/read-file.ts";
import { call, failure, makeWorktree, output, type Worktree } from "./core-fixture.ts";

let tree: Worktree;
beforeAll(() => {
  tree = makeWorktree({
    "hello.py": "x = 1\n",
    "multi.py": "a\nb\nc\nd\n",
    "no-eol.txt": "a\nb",
    "crlf.txt": "one\r\ntwo\r\n",
    "empty.txt": "",
    "dir/inner.txt": "in\n",
  });
  tree.write("image.png", new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2]));
  tree.write("latin1.txt", new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x0a]));
  tree.write("big.txt", "x".repeat(2 * 1024 * 1024 + 1));
});
afterAll(() => tree.remove());

const read = (args: Record<string, unknown>) => output(readFileTool, args, tree);

describe("read_file", () => {
  test("without start_line: the whole file, verbatim", async () => {
    expect(await read({ path: "hello.py" })).toBe("x = 1\n");
    expect(await read({ path: "no-eol.txt" })).toBe("a\nb");
    expect(await read({ path: "empty.txt" })).toBe("");
  });

  test("a range: `N: line`, each line keeping its newline", async () => {
    expect(await read({ path: "multi.py", start_line: 2, end_line: 3 })).toBe("2: b\n3: c\n");
    expect(await read({ path: "multi.py", start_line: 3 })).toBe("3: c\n4: d\n");
    expect(await read({ path: "multi.py", start_line: 3, end_line: 99 })).toBe("3: c\n4: d\n");
    expect(await read({ path: "no-eol.txt", start_line: 2 })).toBe("2: b");
  });

  test("end_line alone reads the first lines", async () => {
    expect(await read({ path: "multi.py", end_line: 2 })).toBe("1: a\n2: b\n");
  });

  test("CRLF endings are shown as LF", async () => {
    expect(await read({ path: "crlf.txt" })).toBe("one\ntwo\n");
    expect(await read({ path: "crlf.txt", start_line: 2 })).toBe("2: two\n");
  });

  test("a bad range is an error naming the line count", async () => {
    expect(await failure(readFileTool, { path: "multi.py", start_line: 9 }, tree)).toBe("start_line 9 is beyond the end of multi.py, which has 4 lines.");
    expect(await failure(readFileTool, { path: "multi.py", start_line: 3, end_line: 2 }, tree)).toBe("end_line 2 is before start_line 3.");
  });

  test("missing, folder, binary, undecodable and oversized files are errors, not crashes", async () => {
    expect(await failure(readFileTool, { path: "nope.py" }, tree)).toBe("nope.py does not exist.");
    expect(await failure(readFileTool, { path: "dir" }, tree)).toContain("dir is a directory");
    expect(await failure(readFileTool, { path: "image.png" }, tree)).toBe("image.png is a binary file, not UTF-8 text.");
    expect(await failure(readFileTool, { path: "latin1.txt" }, tree)).toBe("latin1.txt is a binary file, not UTF-8 text.");
    expect(await failure(readFileTool, { path: "big.txt" }, tree)).toContain("big.txt is too large to read");
  });

  test("arguments are validated before the tool runs", async () => {
    expect(await failure(readFileTool, { file: "hello.py" }, tree)).toContain("invalid arguments for read_file");
    expect(await failure(readFileTool, { path: "hello.py", start_line: 1.5 }, tree)).toContain("start_line");
    expect(await failure(readFileTool, { path: "hello.py", start_line: "2" }, tree)).toContain("start_line");
  });
});
