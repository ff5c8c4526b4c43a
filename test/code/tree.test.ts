import { afterEach, describe, expect, test } from "bun:test";
import { symlinkSync } from "node:fs";
import { join } from "node:path";
import { listTree, MAX_SOURCE_BYTES, readTree } from "dgov/plugin";
import { type CodeTree, codeTree } from "./code-tree.ts";

let tree: CodeTree | undefined;
afterEach(() => tree?.remove());

describe("reading a judged tree", () => {
  test("one listing: tracked and untracked files, ignored and vendored ones left out", async () => {
    const t = (tree = codeTree({ ".gitignore": "dist/\n", "src/a.ts": "", "dist/a.js": "", "node_modules/x/index.js": "" }));
    t.write("src/new.ts", "");
    symlinkSync(join(t.dir, "src"), join(t.dir, "node_modules2"));
    expect(await listTree(t.ctx, t.dir)).toEqual([".gitignore", "node_modules2", "src/a.ts", "src/new.ts"]);
  });

  test("files of any name, each whole or cut at the limit; missing and empty ones absent", async () => {
    const big = `${"x".repeat(100)}\n`.repeat(Math.ceil(MAX_SOURCE_BYTES / 101) + 10);
    const files = { "-": "dash\n", "a=b.ts": "eq\n", "it's here.py": "quote\n", "nul.ts": "a\0b\nc\n", "crlf.ts": "a\r\nb", "big.ts": big, "empty.ts": "", "ünï.ts": "é\n" };
    const t = (tree = codeTree(files));
    const texts = await readTree(t.ctx, t.dir, [...Object.keys(files), "missing.ts", "src"]);
    expect(Object.fromEntries([...texts].map(([p, s]) => [p, s.truncated ? `cut at ${s.text.length}` : s.text]))).toEqual({
      "-": "dash",
      "a=b.ts": "eq",
      "it's here.py": "quote",
      "nul.ts": "a\0b\nc",
      "crlf.ts": "a\r\nb",
      "big.ts": `cut at ${Math.floor(MAX_SOURCE_BYTES / 101) * 101 - 1}`,
      "ünï.ts": "é",
    });
  });

  test("many files are read in batches, in order", async () => {
    const files = Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`src/m${String(i).padStart(3, "0")}.ts`, `export const m${i} = ${i};\n`]));
    const t = (tree = codeTree(files));
    const texts = await readTree(t.ctx, t.dir, Object.keys(files));
    expect(texts.size).toBe(150);
    expect(texts.get("src/m149.ts")).toEqual({ text: "export const m149 = 149;", truncated: false });
  });
});
