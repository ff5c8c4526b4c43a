import { dirname } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The argv that starts this dgov again (for its agent processes): the executable itself when
 * it is the compiled binary, else bun with the CLI entry of this source tree.
 */
export function selfCommand(): string[] {
  return compiled() ? [process.execPath] : [process.execPath, fileURLToPath(new URL("../cli/main.ts", import.meta.url))];
}

const compiled = () => Bun.main.startsWith("/$bunfs/") || Bun.main.includes("~BUN");

/** What running this dgov again needs to read: the binary's folder, or the source tree (and bun's). */
export function selfPaths(): string[] {
  return compiled() ? [dirname(process.execPath)] : [dirname(process.execPath), fileURLToPath(new URL("../..", import.meta.url))];
}
