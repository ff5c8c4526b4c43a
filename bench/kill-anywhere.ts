/**
 * Crash safety measured (issue 11): 50 trials of `dgov run` of a 4 chains × 3 tasks plan killed
 * at a uniformly random moment, then continued until done, 25 more whose every `--continue` is
 * killed too (up to 4 kills), and 25 killed once with sparse task worktrees (`[git] sparse`).
 * Reports "N/N clean"; any broken invariant is printed with the seed that replays it.
 * Run: bun run build && bun bench/kill-anywhere.ts
 */
import { baselineMs, trial } from "../test/fakes/kill-anywhere.ts";

const span = await baselineMs();
const sparseSpan = await baselineMs({ sparse: true });
console.log(`an uninterrupted run takes ${span.toFixed(0)} ms here (${sparseSpan.toFixed(0)} ms sparse): kill moments are drawn from [0, that]`);
let failures = 0;
const cases = [["killed once", 1000, 50, 1, false], ["killed up to 4 times", 2000, 25, 4, false], ["sparse, killed once", 3000, 25, 1, true]] as const;
for (const [label, first, count, kills, sparse] of cases) {
  let clean = 0;
  let killed = 0;
  for (let seed = first; seed < first + count; seed++) {
    const t = await trial(seed, sparse ? sparseSpan : span, kills, { sparse });
    killed += t.kills;
    if (t.problems.length === 0) clean++;
    else console.log(`  seed ${seed}: ${t.problems.join("; ")}`);
  }
  failures += count - clean;
  console.log(`${label.padEnd(22)} ${clean}/${count} clean (${killed} kills)`);
}
process.exit(failures ? 1 : 0);
