import { describe, expect, test } from "bun:test";
import { sopSetHash } from "../../src/sop/hash.ts";
import { makeSop } from "./sop-fixtures.ts";

const a = makeSop({ name: "alpha" });
const b = makeSop({ name: "beta", appliesTo: ["python", "lint"] });
const c = makeSop({ name: "gamma", priority: "should" });

describe("sopSetHash", () => {
  test("is 64 lower-case hex characters", () => {
    expect(sopSetHash([a, b])).toMatch(/^[0-9a-f]{64}$/);
  });

  test("is empty for no SOPs", () => {
    expect(sopSetHash([])).toBe("");
  });

  test("does not depend on the input order", () => {
    expect(sopSetHash([c, a, b])).toBe(sopSetHash([a, b, c]));
    expect(sopSetHash([b, c, a])).toBe(sopSetHash([a, b, c]));
  });

  test("differs between different sets", () => {
    expect(sopSetHash([a, b])).not.toBe(sopSetHash([a, c]));
    expect(sopSetHash([a])).not.toBe(sopSetHash([a, b]));
  });

  test("changes when a title changes", () => {
    expect(sopSetHash([a, { ...b, title: "Renamed" }])).not.toBe(sopSetHash([a, b]));
  });

  test("changes when a bullet changes, in any section", () => {
    const base = sopSetHash([a]);
    for (const key of ["when", "do", "doNot", "verify", "escalate"] as const) {
      const edited = { ...a, sections: { ...a.sections, [key]: ["edited rule"] } };
      expect(sopSetHash([edited])).not.toBe(base);
    }
  });

  test("changes when tags or priority change", () => {
    expect(sopSetHash([{ ...a, appliesTo: ["other"] }])).not.toBe(sopSetHash([a]));
    expect(sopSetHash([{ ...a, priority: "should" }])).not.toBe(sopSetHash([a]));
  });

  test("ignores the file path: moving a SOP does not change what workers are told", () => {
    expect(sopSetHash([{ ...a, file: "elsewhere/alpha.md" }])).toBe(sopSetHash([a]));
  });
});
