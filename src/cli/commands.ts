import type { Command } from "./define.ts";

/** One entry of the command table: a description and a lazy loader, or a group of subcommands. */
export interface CommandEntry {
  description: string;
  load?: () => Promise<Command>;
  sub?: Record<string, CommandEntry>;
  /** The subcommand a bare group runs (`dgov plugins` = `dgov plugins list`). */
  defaultSub?: string;
}

const lazy = (load: () => Promise<{ default: unknown }>) => async () => (await load()).default as Command;

/**
 * Every command, with its one-line description. Implementations load only when their
 * command runs, so `--help` and `--version` stay fast.
 */
export const COMMANDS: Record<string, CommandEntry> = {
  init: {
    description: "Detect the repo's toolchain and write .dgov/ (project.toml, governor.md, sops/)",
    load: lazy(() => import("./commands/init.ts")),
  },
  config: {
    description: "Print the resolved .dgov/project.toml with every default applied",
    load: lazy(() => import("./commands/config.ts")),
  },
  plugins: {
    description: "Inspect plugins: built-ins, .dgov/plugins/ and [plugins] load entries",
    defaultSub: "list",
    sub: {
      list: {
        description: "List every plugin and its contributions (kind, phase/order, source)",
        load: lazy(() => import("./commands/plugins-list.ts")),
      },
    },
  },
};
