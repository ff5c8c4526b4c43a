import { DgovError } from "../../errors.ts";
import { completionScript, SHELLS, type Shell } from "../completion.ts";
import { defineCommand } from "../define.ts";
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
    const shell = String(args.shell);
    if (!(SHELLS as readonly string[]).includes(shell)) {
      throw new DgovError({ code: "E_USAGE", message: `dgov completion: unknown shell '${shell}'`, hint: `One of: ${SHELLS.join(", ")}.` });
    }
    await printText(await completionScript(shell as Shell));
    return 0;
  },
});
