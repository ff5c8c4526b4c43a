/**
 * Crash safety measured (issue 11): 50 trials of `dgov run` of a 4 chains × 3 tasks plan killed
 * at a uniformly random moment, then continued until done, and 25 more whose every
 * `--continue` is killed too (up to 4 kills). Reports "N/N clean"; any broken invariant is
 * printed with the seed that replays it. Run: bun run build && bun bench/kill-anywhere.ts
 */
import { baselineMs, trial } from "../test/fakes/kill-anywhere.ts";

const span = await baselineMs();
console.log(`an uninterrupted run takes ${span.toFixed(0)} ms here: kill moments are drawn from [0, ${span.toFixed(0)}] ms`);
let failures = 0;
for (const [label, first, count, kills] of [["killed once", 1000, 50, 1], ["killed up to 4 times", 2000, 25, 4]] as const) {
  let clean = 0;
  let killed = 0;
  for (let seed = first; seed < first + count; seed++) {
    const t = await trial(seed, span, kills);
    killed += t.kills;
    if (t.problems.length === 0) clean++;
    else console.log(`  seed ${seed}: ${t.problems.join("; ")}`);
  }
  failures += count - clean;
  console.log(`${label.padEnd(22)} ${clean}/${count} clean (${killed} kills)`);
}
process.exit(failures ? 1 : 0);
