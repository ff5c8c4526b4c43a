/**
 * Incremental parsing (`parseFile(text, grammar, from)`) gives the tree a fresh parse gives,
 * for random line edits of the syntax fixtures in every grammar: lines inserted, deleted and
 * replaced anywhere, multi-byte text (accents, emoji: UTF-16 surrogate pairs), a last line
 * with and without its newline, texts that do not parse.
 */
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type Grammar, parseFile, type SyntaxNode } from "../../../src/code/syntax/index.ts";

const FIXTURES = join(import.meta.dir, "..", "..", "fixtures", "syntax");
const SOURCES: [Grammar, string][] = [
  ["typescript", "ts/src/shapes.ts"],
  ["tsx", "ts/src/shapes.ts"],
  ["javascript", "js/lib/stats.js"],
  ["python", "python/src/geometry/shapes.py"],
  ["go", "go/shapes/shapes.go"],
  ["rust", "rust/src/shapes.rs"],
];

/** A small deterministic generator (mulberry32), so a failure repeats. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NEW_LINES = ["// café ☕ 👍", "x = 1", "", "  }", "fn é() {}", "const s = \"😀😀\";", "def f(a):", "\treturn a"];

/** One to three line edits of `text`; sometimes the last newline dropped or added. */
function edit(text: string, next: () => number): string {
  const lines = text.split("\n");
  for (let n = 1 + Math.floor(next() * 3); n > 0; n--) {
    const at = Math.floor(next() * (lines.length + 1));
    const line = NEW_LINES[Math.floor(next() * NEW_LINES.length)]!;
    const kind = next();
    if (kind < 0.4) lines.splice(at, 0, line);
    else if (kind < 0.7) lines.splice(at, 1);
    else lines.splice(at, 1, line);
  }
  const out = lines.join("\n");
  const r = next();
  return r < 0.2 ? out.replace(/\n$/, "") : r < 0.4 && !out.endsWith("\n") ? `${out}\n` : out;
}

/** Every node with its span (offsets and rows/columns): structure alone would hide shifted positions. */
function dump(node: SyntaxNode, out: string[] = []): string[] {
  out.push(`${node.type}@${node.startIndex}-${node.endIndex}:${node.startPosition.row}.${node.startPosition.column}-${node.endPosition.row}.${node.endPosition.column}`);
  for (const child of node.children) if (child) dump(child, out);
  return out;
}

describe.each(SOURCES)("incremental parse, %s", (grammar, path) => {
  test("200 random edits: the same tree as a fresh parse", async () => {
    const next = random(grammar.length * 7919);
    let text = readFileSync(join(FIXTURES, path), "utf8");
    for (let i = 0; i < 200; i++) {
      const version = edit(text, next);
      using before = await parseFile(text, grammar);
      using incremental = await parseFile(version, grammar, before);
      using fresh = await parseFile(version, grammar);
      expect({ tree: dump(incremental.root), errors: incremental.errors }).toEqual({ tree: dump(fresh.root), errors: fresh.errors });
      // Walk on from the edited text half the time, so edits pile up.
      if (next() < 0.5) text = version;
    }
  });
});

test("a tree that was disposed, or of another grammar, is not used: a fresh parse", async () => {
  const before = await parseFile("const a = 1;\n", "typescript");
  before.dispose();
  using after = await parseFile("const a = 2;\n", "typescript", before);
  expect(after.root.toString()).toBe((await parseFile("const a = 2;\n", "typescript")).root.toString());
  using python = await parseFile("a = 1\n", "python", after);
  expect(python.errors).toEqual([]);
});
