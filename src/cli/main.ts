#!/usr/bin/env bun
import pkg from "../../package.json" with { type: "json" };
import { BRIDGE_COMMAND } from "../exec/self.ts";
import { writeStd } from "../tty.ts";
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
  writeStd(1, `${pkg.version}\n`);
  process.exit(0);
}
// The agent process, as the runner starts it (`__worker --spec <file> --key-stdin`), skips the
// CLI's parser: it starts once per task attempt. Any other shape goes through the CLI.
if (argv[0] === "__worker" && argv[1] === "--spec" && argv[2] && !argv[2].startsWith("-") && (argv.length === 3 || (argv.length === 4 && argv[3] === "--key-stdin"))) {
  process.exit(await (await import("../worker/main.ts")).runWorker(argv[2], { keyFromStdin: argv.length === 4 }));
}
// The sandbox's network bridge (exec/net-bridge.ts) starts here, before the CLI loads: it runs
// in front of every sandboxed command of a run with a host allowlist.
if (argv[0] === BRIDGE_COMMAND) process.exit(await (await import("../exec/net-bridge.ts")).runBridgeArgv(argv.slice(1)));
process.exit(await (await import("./app.ts")).runCli(argv));
