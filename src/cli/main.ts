#!/usr/bin/env bun
import { runCli } from "./app.ts";
import { interrupted } from "./signals.ts";

// The only place dgov exits: commands return their exit code, and an interrupt that a command
// does not handle (or a second one) ends the process with 130.
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (interrupted()) process.exit(130);
  });
}
process.exit(await runCli(process.argv.slice(2)));
