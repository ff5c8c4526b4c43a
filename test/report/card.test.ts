import { describe, expect, test } from "bun:test";
import { type Card, cardsText, keyLines, NO_MATCH } from "../../src/report/card.ts";

const BUN = "Test failure from `bun test tests/add.test.ts`:\nbun test v1.4.5\n\ntests/add.test.ts:\n5 |   expect(add(2, 3)).toBe(5);\n                        ^\nerror: expect(received).toBe(expected)\n\nExpected: 5\nReceived: 10\n\n      at <anonymous> (tests/add.test.ts:5:21)\n(fail) adds [0.27ms]\n\n 0 pass\n 1 fail\n";

describe("keyLines", () => {
  test("the headline and the assertion lines of a test failure", () => {
    expect(keyLines(BUN)).toEqual(["Test failure from `bun test tests/add.test.ts`:", "error: expect(received).toBe(expected)", "Expected: 5", "Received: 10", "(fail) adds [0.27ms]"]);
  });

  test("without assertion lines: the first lines, the rest counted", () => {
    const message = ["src/a.ts:2:3 - error TS2322", ...Array.from({ length: 12 }, (_, i) => `line ${i}`)].join("\n");
    const lines = keyLines(message, 4);
    expect(lines).toEqual(["src/a.ts:2:3 - error TS2322", "line 0", "line 1", "line 2", "… (9 more; dgov show has the whole output)"]);
    expect(keyLines("one line")).toEqual(["one line"]);
  });
});

describe("cardsText", () => {
  test("no card: the spec's sentence; cards: name, intent, where, evidence, next, do-not", () => {
    expect(cardsText([])).toBe(NO_MATCH);
    const card: Card = { shape: "timeout", intent: "plan", plan: "p", task: "t/m.a", evidence: ["t/m.a: Wall-clock timeout"], next: ["dgov run p --continue"], doNot: "re-run it unchanged" };
    expect(cardsText([card, { ...card, task: null, plan: null, shape: "archive_policy_drift", intent: "repo" }])).toBe(
      "timeout  [plan]  plan p · t/m.a\n  evidence:\n    t/m.a: Wall-clock timeout\n  next:\n    dgov run p --continue\n  do not: re-run it unchanged\n\n" +
        "archive_policy_drift  [repo]\n  evidence:\n    t/m.a: Wall-clock timeout\n  next:\n    dgov run p --continue\n  do not: re-run it unchanged",
    );
  });
});
