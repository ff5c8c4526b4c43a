import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { headTool, tailTool } from "../../../plugins/worker-tools/lines.ts";
import { failure, makeWorktree, output, type Worktree } from "./core-fixture.ts";

const FIFTY = Array.from({ length: 50 }, (_, i) => `line${i}\n`).join("");

let tree: Worktree;
beforeAll(() => {
  tree = makeWorktree({ "lines.txt": FIFTY, "short.txt": "a\r\nb", "empty.txt": "", "dir/x": "" });
  tree.write("bin.dat", new Uint8Array([0, 1, 2]));
});
afterAll(() => tree.remove());

describe("head and tail", () => {
  test("head: the first n lines as `i: line`", async () => {
    expect(await output(headTool, { path: "lines.txt", n: 5 }, tree)).toBe("1: line0\n2: line1\n3: line2\n4: line3\n5: line4");
    expect((await output(headTool, { path: "lines.txt" }, tree)).split("\n")).toHaveLength(20);
  });

  test("tail: the last n lines with their real numbers", async () => {
    expect(await output(tailTool, { path: "lines.txt", n: 3 }, tree)).toBe("48: line47\n49: line48\n50: line49");
    expect(await output(tailTool, { path: "short.txt", n: 10 }, tree)).toBe("1: a\n2: b");
  });

  test("n larger than the file, and an empty file", async () => {
    expect(await output(headTool, { path: "short.txt", n: 100 }, tree)).toBe("1: a\n2: b");
    expect(await output(headTool, { path: "empty.txt" }, tree)).toBe("(empty file)");
  });

  test("n is an integer from 1 to 10000", async () => {
    for (const n of [0, -1, 2.5, 10_001, "5"]) expect(await failure(headTool, { path: "lines.txt", n }, tree)).toContain("invalid arguments for head: n");
    expect((await output(tailTool, { path: "lines.txt", n: 10_000 }, tree)).split("\n")).toHaveLength(50);
  });

  test("missing, folder, binary and outside files are errors", async () => {
    expect(await failure(headTool, { path: "nope.txt" }, tree)).toBe("nope.txt does not exist.");
    expect(await failure(tailTool, { path: "dir" }, tree)).toContain("dir is a directory");
    expect(await failure(headTool, { path: "bin.dat" }, tree)).toContain("binary");
    expect(await failure(tailTool, { path: "../outside.txt" }, tree)).toBe("Path traversal attempt blocked.");
  });
});
