import { fileURLToPath } from "node:url";

/**
 * The argv that starts this dgov again (for its agent processes): the executable itself when
 * it is the compiled binary, else bun with the CLI entry of this source tree.
 */
export function selfCommand(): string[] {
  const compiled = Bun.main.startsWith("/$bunfs/") || Bun.main.includes("~BUN");
  return compiled ? [process.execPath] : [process.execPath, fileURLToPath(new URL("../cli/main.ts", import.meta.url))];
}
