import { describe, expect, test } from "bun:test";
import { fillPlaceholder, shellQuote, shellSplit } from "../../../plugins/worker-tools/quote.ts";

/** What /bin/sh makes of a command line: each argument of printf on its own line. */
function shWords(line: string): string[] {
  const proc = Bun.spawnSync(["/bin/sh", "-c", `printf '%s\\n' ${line}`], { stdout: "pipe", stderr: "pipe" });
  return proc.stdout.toString().split("\n").slice(0, -1);
}

describe("shellQuote", () => {
  test("leaves safe words alone and quotes everything else", () => {
    expect(shellQuote("tests/test_foo.py")).toBe("tests/test_foo.py");
    expect(shellQuote("")).toBe("''");
    expect(shellQuote("a b")).toBe("'a b'");
    expect(shellQuote("it's")).toBe(`'it'"'"'s'`);
  });

  test("the shell reads every quoted value back unchanged", () => {
    for (const value of ["a b", "x; echo INJECT", "$(id)", "`id`", "it's \"quoted\"", "*", "a\nb", "-n", "~"]) {
      expect(shWords(shellQuote(value))).toEqual(value.split("\n").length > 1 ? value.split("\n") : [value]);
    }
  });
});

describe("shellSplit", () => {
  test("splits like a POSIX shell, quotes and escapes removed", () => {
    expect(shellSplit(`a 'b c' "d \\"e\\"" f\\ g ''`)).toEqual({ ok: true, words: ["a", "b c", 'd "e"', "f g", ""] });
    expect(shellSplit("  ")).toEqual({ ok: true, words: [] });
    expect(shellSplit("a\\\nb")).toEqual({ ok: true, words: ["ab"] });
  });

  test("reports an unclosed quote or a trailing backslash", () => {
    expect(shellSplit("a 'b")).toEqual({ ok: false, error: "No closing quotation" });
    expect(shellSplit('a "b')).toEqual({ ok: false, error: "No closing quotation" });
    expect(shellSplit("a\\")).toEqual({ ok: false, error: "No escaped character" });
  });
});

describe("fillPlaceholder", () => {
  test("unquoted: one quoted word per value", () => {
    expect(fillPlaceholder("pytest {test_dir} -q", "{test_dir}", ["tests/a.py", "tests/b c.py"])).toBe("pytest tests/a.py 'tests/b c.py' -q");
  });

  test("inside quotes: the value cannot end the quotes, whatever it holds", () => {
    const evil = `x'; echo INJECT; '"$(id)"`;
    for (const template of ["echo 'linting {file}'", 'echo "linting {file}"', "echo linting {file}", "echo {file}{file}"]) {
      const line = fillPlaceholder(template, "{file}", [evil]);
      const out = Bun.spawnSync(["/bin/sh", "-c", line], { stdout: "pipe" }).stdout.toString();
      expect(out).toContain(evil);
      expect(out.split("\n").filter((l) => l === "INJECT")).toEqual([]);
    }
  });

  test("a backslash-escaped quote in the template does not open a quoted section", () => {
    expect(fillPlaceholder("echo \\'{file}", "{file}", ["a b"])).toBe("echo \\''a b'");
  });
});
