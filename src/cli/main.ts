#!/usr/bin/env bun
import { runCli } from "./app.ts";
import { BRIDGE_COMMAND, runBridgeArgv } from "../exec/net-bridge.ts";
import { interrupted } from "./signals.ts";

// The only place dgov exits: commands return their exit code, and an interrupt that a command
// does not handle (or a second one) ends the process with 130.
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (interrupted()) process.exit(130);
  });
}
const argv = process.argv.slice(2);
// The sandbox's network bridge (exec/net-bridge.ts) starts here, before the CLI loads: it runs
// in front of every sandboxed command of a run with a host allowlist.
if (argv[0] === BRIDGE_COMMAND) process.exit(await runBridgeArgv(argv.slice(1)));
process.exit(await runCli(argv));
