import { defineTool } from "dgov/plugin";
import * as v from "valibot";
import { changedPaths, dirtySnapshot } from "./dirty-paths.ts";
import { checkShellPolicy } from "./policy.ts";
import { runLine, timeoutOptions } from "./shell-run.ts";

/** run_bash: the model's own command line, after the tool policy (spec workers-llm §3.1 #5, §4). */
export const runBashTool = defineTool({
  name: "run_bash",
  description:
    "Run a shell command line (sh -c) in the worktree and get `STDOUT:\\n…\\nSTDERR:\\n…\\nEXIT:<code>`. " +
    "60 s limit (the whole process group is killed), stdin closed, a throwaway HOME, no API keys or other secrets in the environment. " +
    "Prefer the dedicated tools (read_file, grep, run_tests, lint_check, format_file …). " +
    "Paths must stay inside the worktree: a word naming an absolute path (other than /dev/null and the like), ~ or a path climbing out with .. is refused. " +
    "The project's tool policy may refuse more (package installs, file mutations, unwrapped test/lint commands); it checks every command of the line, " +
    "but it is a safety net, not a sandbox.",
  args: v.strictObject({
    cmd: v.pipe(v.string(), v.description("The shell command line, run from the worktree root, e.g. `ls src && git log --oneline -3`.")),
  }),
  roles: ["worker"],
  effect: "exec",
  options: timeoutOptions,
  async run({ cmd }, ctx) {
    const refused = checkShellPolicy(cmd, ctx.config.tool_policy, { worktree: ctx.worktree });
    if (refused) return { ok: false, error: refused };
    const before = await dirtySnapshot(ctx);
    const { result } = await runLine(ctx, cmd);
    if (!result.ok) return result;
    const writes = changedPaths(before, await dirtySnapshot(ctx));
    return writes.length ? { ...result, writes } : result;
  },
});
