#!/usr/bin/env node
// The `dgov` command of the npm package. dgov is a Bun program: the package carries its CLI
// bundled for Bun (dist/npm/main.js, built by `npm pack`). Under Bun (bunx, `bun x`) this file
// loads it in-process; under Node it runs it with the Bun of the package's optional `bun`
// dependency, else the first `bun` on PATH, and exits as it does.
import { spawn } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { constants } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const entry = fileURLToPath(new URL("../dist/npm/main.js", import.meta.url));

if (!existsSync(entry)) {
  process.stderr.write(
    `dgov: ${entry} is missing: this copy was not built. From a clone, run \`bun run build\` and use dist/dgov, or \`npm pack\` (which builds the bundle) and install the tarball.\n`,
  );
  process.exit(1);
}

if (process.versions.bun) {
  await import(entry);
} else {
  const bun = packagedBun() ?? "bun";
  const child = spawn(bun, [entry, ...process.argv.slice(2)], { stdio: "inherit" });
  // Ctrl-C reaches both processes (one process group): dgov decides what it means, this one
  // waits. A SIGTERM or SIGHUP sent to this process alone (a supervisor) is passed on.
  process.on("SIGINT", () => {});
  for (const signal of ["SIGTERM", "SIGHUP"]) process.on(signal, () => child.kill(signal));
  child.on("error", (error) => {
    process.stderr.write(
      error.code === "ENOENT"
        ? "dgov: Bun was not found: the optional `bun` dependency is not installed and no `bun` is on PATH. Install it with `npm install -g bun` (dgov needs Bun 1.4 or newer), or download a release binary of dgov.\n"
        : `dgov: could not start ${bun}: ${error.message}\n`,
    );
    process.exit(1);
  });
  child.on("exit", (code, signal) => {
    // A child killed by a signal exits as a shell reports it: 128 + the signal's number.
    process.exit(code ?? 128 + (constants.signals[signal] ?? 0));
  });
}

/**
 * The executable of the `bun` npm package when it is installed with dgov: its bin/bun.exe once
 * its postinstall has put the binary there, else the binary of its platform package.
 */
function packagedBun() {
  const require = createRequire(import.meta.url);
  const arch = process.arch === "arm64" ? "aarch64" : process.arch;
  const candidates = [
    ["bun/package.json", "bin/bun.exe"],
    [`@oven/bun-${process.platform}-${arch}/package.json`, "bin/bun"],
  ];
  for (const [manifest, exe] of candidates) {
    try {
      const path = join(dirname(require.resolve(manifest, { paths: [dirname(require.resolve("bun/package.json"))] })), exe);
      // The `bun` package's placeholder is a small text file until its postinstall replaces it.
      if (statSync(path).size > 1_000_000) return path;
    } catch {}
  }
  return null;
}
