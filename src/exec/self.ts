import { dirname } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * How this dgov runs: as the compiled binary, as the bundle of the npm package (dist/npm: one
 * flat folder of chunks beside its entry main.js, run by bun), or from this source tree.
 */
const compiled = () => Bun.main.startsWith("/$bunfs/") || Bun.main.includes("~BUN");
const bundled = () => import.meta.url.endsWith(".js");
const sourceEntry = () => fileURLToPath(new URL(bundled() ? "./main.js" : "../cli/main.ts", import.meta.url));

/**
 * The hidden first argument that starts the sandbox's network bridge (exec/net-bridge.ts):
 * `dgov __netbridge <socket> <port> -- <argv>`. Here, not in the bridge, so naming it loads no
 * networking.
 */
export const BRIDGE_COMMAND = "__netbridge";

/** The argv that starts this dgov again (for its agent processes). */
export function selfCommand(): string[] {
  return compiled() ? [process.execPath] : [process.execPath, sourceEntry()];
}

/** What running this dgov again needs to read: the binary's folder, or bun's and the bundle's or source tree's. */
export function selfPaths(): string[] {
  if (compiled()) return [dirname(process.execPath)];
  return [dirname(process.execPath), bundled() ? dirname(sourceEntry()) : fileURLToPath(new URL("../..", import.meta.url))];
}
