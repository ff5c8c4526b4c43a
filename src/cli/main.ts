#!/usr/bin/env bun
import pkg from "../../package.json" with { type: "json" };
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
// `dgov --version` is answered before anything else loads (scripts and shells call it often).
if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-V")) {
  process.stdout.write(`${pkg.version}\n`);
  process.exit(0);
}
// The sandbox's network bridge (exec/net-bridge.ts) starts here, before the CLI loads: it runs
// in front of every sandboxed command of a run with a host allowlist.
if (argv[0] === BRIDGE_COMMAND) process.exit(await runBridgeArgv(argv.slice(1)));
process.exit(await (await import("./app.ts")).runCli(argv));
