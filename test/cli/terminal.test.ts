import { afterEach, describe, expect, test } from "bun:test";
import { colorsOn, fit, painterFor } from "../../src/cli/terminal.ts";

const saved = { NO_COLOR: process.env.NO_COLOR, TERM: process.env.TERM };
afterEach(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

describe("fit", () => {
  test("cuts by columns shown, an ellipsis in the last one; text that fits is kept", () => {
    expect(fit("hello world", 11)).toBe("hello world");
    expect(fit("hello world", 6)).toBe("hello…");
    // Wide characters take two columns each: never half of one.
    expect(fit("日本語テキスト", 6)).toBe("日本…");
    expect(Bun.stringWidth(fit("日本語テキスト", 6))).toBe(5);
    expect(fit("anything", 0)).toBe("");
  });

  test("escapes take no columns and a cut line is reset", () => {
    const red = "\u001b[31mred text\u001b[0m more";
    expect(fit(red, 13)).toBe(red);
    expect(fit(red, 6)).toBe("\u001b[31mred t…\u001b[0m");
  });
});

describe("colours", () => {
  test("only on a terminal, never with NO_COLOR (any value, even empty) or TERM=dumb", () => {
    delete process.env.NO_COLOR;
    process.env.TERM = "xterm";
    expect(colorsOn({ isTTY: true })).toBe(true);
    expect(colorsOn({ isTTY: false })).toBe(false);
    expect(painterFor({ isTTY: true })("red", "x")).toBe("\u001b[31mx\u001b[0m");
    process.env.NO_COLOR = "";
    expect(colorsOn({ isTTY: true })).toBe(false);
    expect(painterFor({ isTTY: true })("red", "x")).toBe("x");
    delete process.env.NO_COLOR;
    process.env.TERM = "dumb";
    expect(colorsOn({ isTTY: true })).toBe(false);
  });
});
