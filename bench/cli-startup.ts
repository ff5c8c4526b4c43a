/**
 * Startup time of the compiled binary: `dgov --version` and `dgov --help`, warm page cache.
 * Targets: `--version` ≤ 18 ms median (issue 16), `--help` ≤ 30 ms (issue 2). Measured in the
 * same run: a compiled hello-world (`bun build --compile` of one console.log), the floor of a
 * Bun executable, and /bin/true, the floor of process creation on a shared, noisy machine.
 * Run: bun run build && bun bench/cli-startup.ts
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { report, timeCommand } from "./measure.ts";

const bin = join(import.meta.dir, "..", "dist", "dgov");
if (!existsSync(bin)) throw new Error("dist/dgov is missing: run `bun run build` first");

const dir = mkdtempSync(join(tmpdir(), "dgov-bench-hello-"));
try {
  writeFileSync(join(dir, "hello.ts"), 'console.log("0.0.0");\n');
  const built = Bun.spawnSync(["bun", "build", join(dir, "hello.ts"), "--compile", "--outfile", join(dir, "hello")], { stdout: "ignore", stderr: "pipe" });
  if (built.exitCode !== 0) throw new Error(`could not build the hello-world: ${built.stderr.toString()}`);
  const hello = timeCommand("compiled hello-world", [join(dir, "hello")], { runs: 50 });
  const rows = [
    timeCommand("baseline /bin/true", ["/bin/true"], { runs: 50 }),
    hello,
    timeCommand("dgov --version", [bin, "--version"], { runs: 50 }),
    timeCommand("dgov --help", [bin, "--help"], { runs: 50 }),
  ];
  console.log("CLI startup (targets: --version ≤ 18 ms, --help ≤ 30 ms median)");
  console.log(report(rows.slice(0, 2)));
  console.log(report(rows.slice(2, 3), 18));
  console.log(report(rows.slice(3), 30));
  console.log(`--version / hello-world: ${(rows[2]!.median / hello.median).toFixed(2)}×`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
