/**
 * Builds dgov: the single executable (`dist/dgov`, or one per target for a release) and the
 * bundle the npm package runs with Bun (`dist/npm`). `bun scripts/build.ts` builds dist/dgov for
 * this machine; `bun run build` runs it.
 */
import { $ } from "bun";

const ENTRY = "src/cli/main.ts";

/**
 * The platforms a release ships a binary for: npm's names (os-cpu, as in the file names) and
 * Bun's compile target.
 */
export const TARGETS = {
  "linux-x64": "bun-linux-x64",
  "linux-arm64": "bun-linux-arm64",
  "darwin-x64": "bun-darwin-x64",
  "darwin-arm64": "bun-darwin-arm64",
} as const;
export type Target = keyof typeof TARGETS;

/**
 * How much later than normal JavaScriptCore's JIT tiers compile a function in the executable
 * (`--compile-jit-policy`). Most dgov processes live well under a second — a command, an agent
 * process per task attempt, a git-heavy settlement — and run most of their code once; compiling
 * it cost them a fifth of their CPU. Code that stays hot (a long run's loop, a big history)
 * still tiers up, only later. Measured with bench/run-llm.ts (CPU per task) and bench/history.ts.
 */
export const JIT_POLICY = 20;

/**
 * The executable: bytecode-compiled, split into lazily loaded chunks, with the JIT policy
 * above, and deaf to the `.env` and bunfig.toml of whatever folder it runs in (a user's
 * repository is not its configuration).
 */
export async function buildBinary(outfile: string, target?: Target): Promise<void> {
  const cross = target ? [`--target=${TARGETS[target]}`] : [];
  await $`bun build ${ENTRY} --compile --bytecode --splitting --format=esm --compile-jit-policy=${JIT_POLICY} --no-compile-autoload-dotenv --no-compile-autoload-bunfig ${cross} --outfile ${outfile}`.quiet();
}

/** The npm package's CLI: one flat folder of chunks and WASM assets beside main.js, run by bun. */
export async function buildBundle(outdir: string): Promise<void> {
  await $`rm -rf ${outdir}`;
  await $`bun build ${ENTRY} --target=bun --splitting --format=esm --minify-syntax --outdir ${outdir}`.quiet();
}

if (import.meta.main) {
  const [what = "binary"] = process.argv.slice(2);
  if (what === "binary") await buildBinary("dist/dgov");
  else if (what === "npm") await buildBundle("dist/npm");
  else {
    console.error(`usage: bun scripts/build.ts [binary|npm] (got "${what}")`);
    process.exit(2);
  }
}
