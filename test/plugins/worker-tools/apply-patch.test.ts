import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { applyPatchTool } from "../../../plugins/worker-tools/apply-patch.ts";
import { applyHunks } from "../../../plugins/worker-tools/patch-apply.ts";
import { parsePatch } from "../../../plugins/worker-tools/patch-parse.ts";
import { call, failure, makeWorktree, type Worktree } from "./core-fixture.ts";

const TEN = Array.from({ length: 10 }, (_, i) => `line${i + 1}\n`).join("");

let tree: Worktree;
beforeEach(() => {
  tree = makeWorktree({ "three.txt": "line1\nline2\nline3\n", "ten.txt": TEN, "dir/a.txt": "a\n" });
});
afterEach(() => tree.remove());

const patchTen = (patch: string) => call(applyPatchTool, { path: "ten.txt", patch }, tree);

/** Applies `patch` to `text` in memory: the new text or the error. */
function apply(text: string, patch: string): string {
  const parsed = parsePatch(patch);
  if (!parsed.ok) return `ERROR ${parsed.error}`;
  const applied = applyHunks(text, parsed.hunks);
  return applied.ok ? applied.text : `ERROR ${applied.error}`;
}

describe("apply_patch", () => {
  test("the spec's example: headers, one hunk, replaced line", async () => {
    const patch = "--- a/three.txt\n+++ b/three.txt\n@@ -2,1 +2,1 @@\n-line2\n+replaced\n";
    expect(await call(applyPatchTool, { path: "three.txt", patch }, tree)).toEqual({
      ok: true,
      output: "Successfully patched three.txt (1 hunk)",
      writes: ["three.txt"],
    });
    expect(tree.read("three.txt")).toBe("line1\nreplaced\nline3\n");
  });

  test("several hunks with context; a wrong header count does not matter", async () => {
    const result = await patchTen("@@ -1,3 +1,3 @@\n line1\n-line2\n+two\n line3\n@@ -8,9 +8,2 @@\n line8\n+inserted\n line9\n");
    expect(result).toMatchObject({ ok: true, output: "Successfully patched ten.txt (2 hunks)" });
    expect(tree.read("ten.txt")).toBe(TEN.replace("line2\n", "two\n").replace("line8\n", "line8\ninserted\n"));
  });

  test("a removed line whose content is wrong fails, naming hunk, line, expected and actual text (B13)", async () => {
    const error = await failure(applyPatchTool, { path: "ten.txt", patch: "@@ -1,2 +1,2 @@\n line1\n-line2\n+two\n@@ -5,1 +5,1 @@\n-lineFIVE\n+five\n" }, tree);
    expect(error).toBe(
      'Hunk 2 (@@ -5,1 +5,1 @@) does not apply: line 5 should be "lineFIVE" (a removed line), but the file has "line5". ' +
        "Its context and '-' lines were not found anywhere else in the file either. Nothing was changed.",
    );
    expect(tree.read("ten.txt")).toBe(TEN);
  });

  test("a wrong context line fails too, and whitespace counts", async () => {
    const error = await failure(applyPatchTool, { path: "ten.txt", patch: "@@ -3,2 +3,2 @@\n  line3\n-line4\n+four\n" }, tree);
    expect(error).toContain('line 3 should be " line3" (a context line), but the file has "line3". They differ only in whitespace.');
    expect(tree.read("ten.txt")).toBe(TEN);
  });

  test("line numbers that are off: applied where the lines match, nearest first", async () => {
    const result = await patchTen("@@ -2,3 +2,3 @@\n line6\n-line7\n+seven\n line8\n");
    expect(result).toMatchObject({ ok: true, output: "Successfully patched ten.txt (1 hunk; applied hunk 1 at offset +4 lines)" });
    expect(tree.read("ten.txt")).toBe(TEN.replace("line7\n", "seven\n"));
    expect(apply("x\na\nx\nb\nx\n", "@@ -4,1 +4,1 @@\n-x\n+y\n")).toBe("x\na\nx\nb\ny\n");
    expect(apply(TEN, "@@ -500,1 +500,1 @@\n-line3\n+three\n")).toBe(TEN.replace("line3\n", "three\n"));
    // Line 2 is "a"; lines 1 and 3 are both one away: the later one wins the tie.
    expect(apply("x\na\nx\nb\nx\n", "@@ -2,1 +2,1 @@\n-x\n+y\n")).toBe("x\na\ny\nb\nx\n");
  });

  test("a later hunk starts its search where the earlier one's offset put it", () => {
    const text = "f\nk\nf\nk\nf\nk\n";
    // Header says line 1 and line 3, the file has both one pair later: both shift by 2.
    expect(apply(text, "@@ -1,1 +1,1 @@\n-k\n+K\n@@ -3,1 +3,1 @@\n-k\n+K2\n")).toBe("f\nK\nf\nK2\nf\nk\n");
  });

  test("overlapping and out-of-order hunks are refused, atomically", async () => {
    const overlap = await failure(applyPatchTool, { path: "ten.txt", patch: "@@ -2,2 +2,2 @@\n-line2\n-line3\n+x\n+y\n@@ -3,1 +3,1 @@\n-line3\n+z\n" }, tree);
    expect(overlap).toBe(
      "Hunk 2 (@@ -3,1 +3,1 @@) matches only at line 3, inside or before hunk 1, which ends at line 3. Hunks must be in file order and must not overlap. Nothing was changed.",
    );
    const order = await failure(applyPatchTool, { path: "ten.txt", patch: "@@ -8,1 +8,1 @@\n-line8\n+eight\n@@ -2,1 +2,1 @@\n-line2\n+two\n" }, tree);
    expect(order).toContain("Hunk 2 (@@ -2,1 +2,1 @@) matches only at line 2, inside or before hunk 1");
    expect(tree.read("ten.txt")).toBe(TEN);
  });

  test("a removed line starting with `--` is not a header", () => {
    expect(apply("a\n-- comment\nb\n", "--- a/f.sql\n+++ b/f.sql\n@@ -1,3 +1,2 @@\n a\n--- comment\n b\n")).toBe("a\nb\n");
    expect(apply("a\n++x\n", "@@ -2,1 +2,1 @@\n-++x\n+++y\n")).toBe("a\n++y\n");
  });

  test("`\\ No newline at end of file` on either side", () => {
    expect(apply("a\nb", "@@ -2,1 +2,1 @@\n-b\n\\ No newline at end of file\n+c\n")).toBe("a\nc\n");
    expect(apply("a\nb\n", "@@ -2,1 +2,1 @@\n-b\n+c\n\\ No newline at end of file\n")).toBe("a\nc");
    expect(apply("a\nb", "@@ -2,1 +2,2 @@\n-b\n\\ No newline at end of file\n+b\n+c\n\\ No newline at end of file\n")).toBe("a\nb\nc");
    // Appending after a last line without a newline gives that line its newline.
    expect(apply("a", "@@ -1,1 +1,2 @@\n a\n+b\n")).toBe("a\nb\n");
  });

  test("pure insertions: `-N,0` inserts after line N, `-0,0` at the top", () => {
    expect(apply("a\nb\n", "@@ -1,0 +2,1 @@\n+new\n")).toBe("a\nnew\nb\n");
    expect(apply("a\nb\n", "@@ -0,0 +1,1 @@\n+top\n")).toBe("top\na\nb\n");
    expect(apply("a\nb\n", "@@ -7,0 +8,1 @@\n+x\n")).toBe("ERROR Hunk 1 (@@ -7,0 +8,1 @@) inserts after line 7, but the file has only 2 lines. Nothing was changed.");
  });

  test("CRLF files keep their endings; a CRLF patch works too", () => {
    expect(apply("a\r\nb\r\nc\r\n", "@@ -2,1 +2,2 @@\n-b\n+B\n+B2\n")).toBe("a\r\nB\r\nB2\r\nc\r\n");
    expect(apply("a\nb\n", "@@ -2,1 +2,1 @@\r\n-b\r\n+B\r\n")).toBe("a\nB\n");
  });

  test("an empty context line whose space was trimmed still counts as context", () => {
    expect(apply("a\n\nb\n", "@@ -1,3 +1,3 @@\n a\n\n-b\n+B\n")).toBe("a\n\nB\n");
    expect(apply("a\nx\nb\n", "@@ -1,3 +1,3 @@\n a\n\n-b\n+B\n")).toStartWith('ERROR Hunk 1 (@@ -1,3 +1,3 @@) does not apply: line 2 should be "" (a context line), but the file has "x".');
  });

  test("the error points at the line that really differs when the header is off", () => {
    const error = apply(TEN, "@@ -1,3 +1,3 @@\n line6\n-lineSEVEN\n+7\n line8\n");
    expect(error).toContain('line 7 should be "lineSEVEN" (a removed line), but the file has "line7".');
  });

  test("malformed patches are refused with what is wrong", () => {
    expect(apply(TEN, "@@ @@\n-line1\n+one\n")).toBe(
      "ERROR Malformed hunk header: @@ @@ (hunk 1). Hunk headers need line numbers: @@ -<line>,<count> +<line>,<count> @@",
    );
    expect(apply(TEN, "-line1\n+one\n")).toStartWith("ERROR The patch has no hunks");
    expect(apply(TEN, "@@ -1,2 +1,2 @@\n line1\nline2\n+x\n")).toBe(
      "ERROR Hunk 1: patch line 3 does not start with ' ', '-' or '+': \"line2\". Prefix every context line with a space.",
    );
    expect(apply(TEN, "@@ -1,1 +1,1 @@\n line1\n")).toBe("ERROR Hunk 1 (@@ -1,1 +1,1 @@) changes nothing: it has no '-' or '+' lines.");
    expect(apply(TEN, "--- a/x\n+++ b/x\n@@ -1 +1 @@\n-line1\n+1\n--- a/y\n+++ b/y\n@@ -1 +1 @@\n-y\n+z\n")).toStartWith(
      "ERROR The patch changes more than one file",
    );
  });

  test("git headers and a section name after @@ are fine", () => {
    const patch = "diff --git a/f b/f\nindex 123..456 100644\n--- a/f\n+++ b/f\n@@ -1 +1 @@ def main():\n-line1\n+one\n";
    expect(apply("line1\n", patch)).toBe("one\n");
  });

  test("only an existing text file; containment and .git as every writer", async () => {
    expect(await failure(applyPatchTool, { path: "nope.txt", patch: "@@ -1 +1 @@\n-a\n+b\n" }, tree)).toBe("nope.txt does not exist.");
    expect(await failure(applyPatchTool, { path: "dir", patch: "@@ -1 +1 @@\n-a\n+b\n" }, tree)).toContain("is a directory");
    tree.write("bin.dat", new Uint8Array([0, 1, 2]));
    expect(await failure(applyPatchTool, { path: "bin.dat", patch: "@@ -1 +1 @@\n-a\n+b\n" }, tree)).toContain("binary");
  });

  test("a byte-order mark is kept and is not part of line 1", async () => {
    tree.write("bom.txt", "\uFEFFfirst\n");
    await call(applyPatchTool, { path: "bom.txt", patch: "@@ -1 +1 @@\n-first\n+1st\n" }, tree);
    expect(readFileSync(join(tree.dir, "bom.txt"), "utf8")).toBe("\uFEFF1st\n");
  });
});

describe("apply_patch against real diffs", () => {
  /** A small deterministic generator (mulberry32), so a failure can be replayed. */
  function random(seed: number): () => number {
    let a = seed;
    return () => {
      a = (a + 0x6d2b79f5) | 0;
      let t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  function variant(lines: string[], next: () => number): string[] {
    const out: string[] = [];
    for (const line of lines) {
      const roll = next();
      if (roll < 0.1) continue;
      out.push(roll < 0.2 ? `${line} changed` : line);
      if (roll > 0.9) out.push(`inserted ${Math.floor(next() * 5)}`);
    }
    return out;
  }

  test("`diff -u` output for random edits applies to give the new file exactly", () => {
    const dir = makeWorktree();
    try {
      const next = random(42);
      for (let round = 0; round < 25; round++) {
        // Repeated lines make the offset search and ambiguity matter.
        const before = Array.from({ length: 5 + Math.floor(next() * 40) }, () => `l${Math.floor(next() * 8)}`);
        const after = variant(before, next);
        const eol = (lines: string[], final: boolean) => lines.join("\n") + (final && lines.length ? "\n" : "");
        const [old, neu] = [eol(before, next() > 0.2), eol(after, next() > 0.2)];
        dir.write("old.txt", old);
        dir.write("new.txt", neu);
        const proc = Bun.spawnSync(["diff", "-u", "old.txt", "new.txt"], { cwd: dir.dir });
        const patch = proc.stdout.toString();
        if (patch === "") continue;
        expect([round, apply(old, patch)]).toEqual([round, neu]);
      }
    } finally {
      dir.remove();
    }
  });
});
