import { completionScript, SHELLS } from "../completion.ts";
import { defineCommand, oneOf } from "../define.ts";
import { printText } from "../output.ts";

export default defineCommand({
  args: {
    shell: { type: "positional", description: `The shell: ${SHELLS.join(", ")}` },
  },
  details:
    "Prints a completion script of every command, subcommand and option (generated from the same\n" +
    "tables the parser checks against). bash: source <(dgov completion bash), or save it under\n" +
    "~/.local/share/bash-completion/completions/dgov. zsh: source <(dgov completion zsh). fish:\n" +
    "dgov completion fish > ~/.config/fish/completions/dgov.fish.",
  async run({ args }) {
    await printText(await completionScript(oneOf("completion", "shell", args.shell, SHELLS)));
    return 0;
  },
});
