import { afterEach, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { learnedRulesText, readLearnedRules, writeLearnedRules } from "../../src/config/learned-rules.ts";

let dirs: string[] = [];
afterEach(() => {
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
  dirs = [];
});

function project(content?: string): string {
  const root = mkdtempSync(join(tmpdir(), "dgov-learned-"));
  dirs.push(root);
  if (content !== undefined) {
    mkdirSync(join(root, ".dgov", "rules"), { recursive: true });
    writeFileSync(join(root, ".dgov", "rules", "learned.json"), content);
  }
  return root;
}

describe(".dgov/rules/learned.json", () => {
  test("no file: no section", () => {
    expect(learnedRulesText(project())).toBe("");
  });

  test("the shapes it reads: strings, rule objects with paths, {rules: [...]}, anything else raw", () => {
    expect(learnedRulesText(project('["Never edit generated files"]'))).toBe("- Never edit generated files");
    expect(learnedRulesText(project('[{"rule": "Keep the API stable", "paths": ["src/api"]}, {"content": "Run the codegen"}, 7]'))).toBe(
      "- Keep the API stable (applies to: src/api)\n- Run the codegen\n- 7",
    );
    expect(learnedRulesText(project('{"rules": ["a"]}'))).toBe("- a");
    expect(learnedRulesText(project("prefer small diffs\n"))).toBe("prefer small diffs");
  });

  test("bounded: a huge file is cut, and says so", () => {
    const text = learnedRulesText(project(JSON.stringify(Array.from({ length: 2000 }, (_, i) => `rule number ${i}`))));
    expect(text.length).toBeLessThan(8_100);
    expect(text).toEndWith("… [learned rules cut at 8000 characters]");
  });

  test("dgov adds to a list it wrote; a file of another shape is not overwritten", () => {
    const root = project();
    expect(readLearnedRules(root)).toEqual([]);
    writeLearnedRules(root, [{ rule: "r1", paths: ["a.ts"], source: "ledger #1" }]);
    expect(readLearnedRules(root)).toEqual([{ rule: "r1", paths: ["a.ts"], source: "ledger #1" }]);
    expect(learnedRulesText(root)).toBe("- r1 (applies to: a.ts)");
    expect(readLearnedRules(project('{"rules": []}'))).toBeNull();
    expect(readLearnedRules(project("not json"))).toBeNull();
  });
});
