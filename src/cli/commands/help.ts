import { defineCommand } from "../define.ts";

export default defineCommand({
  args: {
    command: { type: "positional", required: false, description: "The command (and subcommand) to explain; none: every command" },
  },
  variadic: true,
  details: "The same as dgov <command> --help: `dgov help plan status` is `dgov plan status --help`.",
  async run({ args, globals }) {
    const { runCli } = await import("../app.ts");
    const words = (args._ as string[]).filter(Boolean);
    return runCli([...words, "--help", ...(globals.json ? ["--json"] : []), "-C", globals.cwd]);
  },
});
