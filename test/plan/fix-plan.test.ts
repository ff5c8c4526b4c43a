import { describe, expect, test } from "bun:test";
import { resolveConfig } from "../../src/config/resolve.ts";
import { fixPrompt, fixSummary, renderFixPlan, slugify } from "../../src/plan/fix-plan.ts";
import { parseToml } from "../../src/toml/read.ts";

const config = resolveConfig({});

describe("slugify", () => {
  test("lowercase, non-alphanumeric runs as one dash, no dashes at the ends", () => {
    expect(slugify("Fix the parser!", "fix")).toBe("fix-the-parser");
    expect(slugify("  Refactor error handling  ", "fix")).toBe("refactor-error-handling");
    expect(slugify("a__b--c..d", "fix")).toBe("a-b-c-d");
    expect(slugify("Ünïcode café", "fix")).toBe("n-code-caf");
  });

  test("at most 50 characters, never ending in a dash; fallback when nothing is left", () => {
    expect(slugify("x".repeat(80), "fix")).toBe("x".repeat(50));
    expect(slugify(`${"a".repeat(49)} b`, "fix")).toBe("a".repeat(49));
    expect(slugify("!!! ***", "fix")).toBe("fix");
    expect(slugify("", "other")).toBe("other");
  });
});

describe("fixSummary", () => {
  test("the first non-blank line, trimmed, at most 100 characters", () => {
    expect(fixSummary("\n   \n  Fix the parser  \nthen more")).toBe("Fix the parser");
    expect(fixSummary(`${"y".repeat(150)}\nrest`)).toBe("y".repeat(100));
  });

  test("a blank prompt falls back to the default", () => {
    expect(fixSummary(" \n\t\n")).toBe("Apply requested fix");
  });
});

describe("fixPrompt", () => {
  test("a prompt with Orient, Edit and Verify headings is kept as written", () => {
    for (const prompt of ["Orient: read a.py\nEdit: fix it\nVerify: run tests", "## Orient\nx\n### edit\ny\n**Verify** z", "  orient\n  EDIT\n  verify"]) {
      expect(fixPrompt(prompt, ["a.py"], config)).toBe(prompt);
    }
  });

  test("Python files: wrapped in Orient/Edit/Verify with ruff check and format", () => {
    expect(fixPrompt("  Handle empty input in parse()\n", ["src/parse.py", "tests/test_parse.py"], config)).toBe(
      [
        "Orient:",
        "- Requested fix: Handle empty input in parse()",
        "- Read the claimed files first:",
        "  - `src/parse.py`",
        "  - `tests/test_parse.py`",
        "- Stay inside the claimed files.",
        "",
        "Edit:",
        "- Apply only the requested fix; keep unrelated cleanup out.",
        "",
        "Verify:",
        "- `uv run ruff check src/parse.py tests/test_parse.py`",
        "- `uv run ruff format --check src/parse.py tests/test_parse.py`",
        "- Run `scope_status` and review `git diff` before calling done.",
      ].join("\n"),
    );
  });

  test("all three headings are needed, as whole words", () => {
    const prompt = "Orientation matters.\nEditor settings.\nVerify the output.";
    expect(fixPrompt(prompt, ["a.py"], config).startsWith("Orient:\n- Requested fix: Orientation matters.\nEditor settings.")).toBe(true);
    const noEdit = "Orient: read a.py\nVerify: run tests";
    expect(fixPrompt(noEdit, ["a.py"], config).startsWith("Orient:\n- Requested fix: Orient: read a.py\nVerify: run tests\n")).toBe(true);
  });

  test("other files: the project's lint_cmd with {file} replaced, else the narrowest check", () => {
    const eslint = resolveConfig({ project: { lint_cmd: "bunx eslint {file} --max-warnings {file}" } });
    const ts = fixPrompt("Fix it", ["src/a.ts", "README.md"], eslint).split("\n");
    expect(ts.slice(-3)).toEqual(["Verify:", "- `bunx eslint src/a.ts README.md --max-warnings src/a.ts README.md`", "- Run `scope_status` and review `git diff` before calling done."]);
    const mixed = fixPrompt("Fix it", ["src/a.py", "README.md"], config).split("\n");
    expect(mixed.at(-2)).toBe("- `python -m ruff check src/a.py README.md`");
    const plain = resolveConfig({ project: { lint_cmd: "make lint" } });
    expect(fixPrompt("Fix it", ["src/a.ts"], plain).split("\n").at(-2)).toBe("- Run the narrowest project-specific check for the changed files.");
  });
});

describe("renderFixPlan", () => {
  const files = [
    { path: "src/utils.py", exists: true },
    { path: "src/new_helper.py", exists: false },
    { path: "tests/test_utils.py", exists: true },
  ];

  test("two TOML files: the root and [tasks.apply] with create/edit split by existence", () => {
    const out = renderFixPlan({ name: "fix-refactor-error-handling", prompt: "Refactor error handling", files, config });
    expect(Object.keys(out).sort()).toEqual(["_root.toml", "fix/main.toml"]);
    expect(parseToml(out["_root.toml"]!, "_root.toml").data).toEqual({
      plan: { name: "fix-refactor-error-handling", summary: "Apply requested fix", sections: ["fix"] },
    });
    const task = parseToml(out["fix/main.toml"]!, "fix/main.toml").data as { tasks: { apply: Record<string, unknown> } };
    expect(Object.keys(task.tasks)).toEqual(["apply"]);
    expect(task.tasks.apply).toEqual({
      summary: "Refactor error handling",
      prompt: fixPrompt("Refactor error handling", ["src/utils.py", "src/new_helper.py", "tests/test_utils.py"], config),
      commit_message: "Apply requested fix",
      files: { create: ["src/new_helper.py"], edit: ["src/utils.py", "tests/test_utils.py"] },
    });
  });

  test("both claim keys are always present; a given commit message is used, a blank one is not", () => {
    const onlyNew = renderFixPlan({ name: "n", prompt: "p", files: [{ path: "a.py", exists: false }], commitMessage: "Add a module", config });
    const apply = (parseToml(onlyNew["fix/main.toml"]!, "main.toml").data as { tasks: { apply: Record<string, unknown> } }).tasks.apply;
    expect(apply.files).toEqual({ create: ["a.py"], edit: [] });
    expect(apply.commit_message).toBe("Add a module");
    const blank = renderFixPlan({ name: "n", prompt: "p", files: [{ path: "a.py", exists: true }], commitMessage: "   ", config });
    expect(blank["fix/main.toml"]).toContain('commit_message = "Apply requested fix"');
    expect(blank["fix/main.toml"]).toContain('files.create = []\nfiles.edit = ["a.py"]');
  });

  test("quotes, backslashes, newlines and control characters in the prompt survive the round trip", () => {
    const prompt = 'Orient: read "a\\b"\nEdit: tab\there \u0001 and ünïcode\nVerify: done';
    const out = renderFixPlan({ name: 'we"ird\\name', prompt, files: [{ path: "dir with space/a.py", exists: true }], config });
    const apply = (parseToml(out["fix/main.toml"]!, "main.toml").data as { tasks: { apply: Record<string, unknown> } }).tasks.apply;
    expect(apply.prompt).toBe(prompt);
    expect(apply.summary).toBe('Orient: read "a\\b"');
    expect(apply.files).toEqual({ create: [], edit: ["dir with space/a.py"] });
    expect((parseToml(out["_root.toml"]!, "_root.toml").data.plan as { name: string }).name).toBe('we"ird\\name');
  });
});
