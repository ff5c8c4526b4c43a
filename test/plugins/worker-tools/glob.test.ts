import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { globTool } from "../../../plugins/worker-tools/glob.ts";
import { makeWorktree, output, type Worktree } from "./core-fixture.ts";

let tree: Worktree;
beforeAll(() => {
  tree = makeWorktree({
    "src/foo.py": "",
    "src/bar.py": "",
    "src/web/app.ts": "",
    "src/web/view.tsx": "",
    "src/index.ts": "",
    "tests/test_foo.py": "",
    ".hidden/secret.py": "",
    "README.md": "",
    "a.txt": "",
    "a/x.txt": "",
  });
  tree.link("src/out.py", tree.outside);
});
afterAll(() => tree.remove());

const glob = (pattern: string) => output(globTool, { pattern }, tree);

describe("glob", () => {
  test("fnmatch on the path or the name: `*` crosses folders; dot folders and outside links skipped", async () => {
    expect(await glob("*.py")).toBe("src/bar.py\nsrc/foo.py\ntests/test_foo.py");
    expect(await glob("test_*.py")).toBe("tests/test_foo.py");
    expect(await glob("src/*.ts")).toBe("src/index.ts\nsrc/web/app.ts");
    expect(await glob("*.rs")).toBe("No files matched.");
  });

  test("glob syntax: `**` may match no folder, and braces", async () => {
    expect(await glob("src/**/*.ts")).toBe("src/index.ts\nsrc/web/app.ts");
    expect(await glob("src/web/*.{ts,tsx}")).toBe("src/web/app.ts\nsrc/web/view.tsx");
  });

  test("sorted as plain strings", async () => {
    expect(await glob("a*")).toBe("a.txt\na/x.txt\nsrc/web/app.ts");
  });

  test("stops after 200 files with the notice", async () => {
    const many = makeWorktree(Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`d/f${String(i).padStart(3, "0")}.txt`, ""])));
    try {
      const lines = (await output(globTool, { pattern: "*.txt" }, many)).split("\n");
      expect(lines.length).toBe(201);
      expect(lines[199]).toBe("d/f199.txt");
      expect(lines[200]).toBe("... (truncated at 200 files)");
    } finally {
      many.remove();
    }
  });
});
