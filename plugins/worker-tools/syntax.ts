import { defineTool, pythonSyntax } from "dgov/plugin";
import * as v from "valibot";
import { jsonSyntaxError } from "./json-syntax.ts";
import { describeExt, openSource, PYTHON_EXTS, SCRIPT_EXTS } from "./languages.ts";
import { scriptSyntaxError, type SyntaxProblem } from "./script-syntax.ts";

const SUPPORTED = [...PYTHON_EXTS, ...SCRIPT_EXTS, ".json"].join(", ");

/**
 * check_syntax (spec §3.1 #16). A syntax error is an ok result (`SyntaxError in …`), as in
 * the spec; unlike dgov-py, a file of another language is refused instead of being compiled
 * as Python and called valid (spec B14: README.md came back "OK").
 */
export const checkSyntax = defineTool({
  name: "check_syntax",
  description: `Check that a source file parses, without running it. Supports ${SUPPORTED}.`,
  args: v.strictObject({
    path: v.pipe(v.string(), v.description("File to check, relative to the worktree.")),
  }),
  roles: ["worker", "researcher", "reviewer", "planner"],
  effect: "read",
  async run({ path }, ctx) {
    const file = openSource(ctx.files, path, ["python", "script", "json"], (rel) => `check_syntax does not support ${describeExt(rel)} (supported: ${SUPPORTED})`);
    if (!file.ok) return file;
    let problem: SyntaxProblem | null;
    if (file.language === "python") {
      const checked = await pythonSyntax(ctx, file.abs);
      if (!checked.ok) return checked;
      problem = checked.value && { line: checked.value.line, message: checked.value.error };
    } else problem = file.language === "json" ? jsonSyntaxError(file.text) : scriptSyntaxError(file.text, file.rel);
    return { ok: true, output: problem ? `SyntaxError in ${path} line ${problem.line}: ${problem.message}` : `OK: ${path} has valid syntax.` };
  },
});
