/**
 * Startup time of the compiled binary: `dgov --version` and `dgov --help`, warm page cache.
 * Target (issue 2): ≤ 30 ms median on this machine. A trivial process (/bin/true) is measured
 * in the same run as the floor of process creation on a shared, noisy machine.
 * Run: bun run build && bun bench/cli-startup.ts
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { report, timeCommand } from "./measure.ts";

const bin = join(import.meta.dir, "..", "dist", "dgov");
if (!existsSync(bin)) throw new Error("dist/dgov is missing: run `bun run build` first");

const rows = [
  timeCommand("baseline /bin/true", ["/bin/true"], { runs: 50 }),
  timeCommand("dgov --version", [bin, "--version"], { runs: 50 }),
  timeCommand("dgov --help", [bin, "--help"], { runs: 50 }),
];
console.log("CLI startup (target: median ≤ 30 ms)");
console.log(report(rows.slice(0, 1)));
console.log(report(rows.slice(1), 30));
