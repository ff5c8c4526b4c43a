#!/usr/bin/env bun
import { runCli } from "./app.ts";

// The only place dgov exits: every command returns its exit code instead.
process.exit(await runCli(process.argv.slice(2)));
