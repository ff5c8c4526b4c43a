import type { ResolvedConfig } from "../config/resolve.ts";
import { claimCovers, normalizeClaim } from "../plan/claims.ts";
import type { Unit } from "../plan/types.ts";
import type { TaskScope } from "../plugin/types.ts";

/** What the tests gate says of a failing command (`Test failure from `<cmd>`:`), anywhere in the verdict. */
const FAILING_TEST = /Test failure from `([^`]+)`:/;

/**
 * Claimed paths a task may run tests on: create, edit, touch and read claims (not delete)
 * under the project's test_dir, in claim order, without duplicates (spec workers-llm §1.4).
 */
export function verifyTestTargets(unit: Unit, testDir: string): string[] {
  const dir = normalizeClaim(testDir);
  if (!dir) return [];
  const f = unit.files;
  const claimed = [...f.create, ...f.edit, ...f.touch, ...f.read].map(normalizeClaim);
  return [...new Set(claimed.filter((p) => claimCovers([dir], p)))];
}

/**
 * What a task's tools and prompt know about its scope. Every launch (first dispatch, retry,
 * fork, settlement retry) gets the project's allow/deny lists too (dgov-py dropped them on
 * retries); a settlement retry after a failing test also requires a passing run_tests, which
 * can always be had: without test targets of its own, run_tests runs the failing command.
 */
export function taskScope(unit: Unit, config: ResolvedConfig, settlementError: string | null): TaskScope {
  const targets = verifyTestTargets(unit, config.project.test_dir);
  const failing = settlementError ? FAILING_TEST.exec(settlementError)?.[1] : undefined;
  return {
    taskId: unit.id,
    claims: unit.files,
    verifyTestTargets: targets,
    ignoreFiles: config.scope.ignore_files,
    allowFiles: config.scope.allow_files,
    denyFiles: config.scope.deny_files,
    ...(failing ? { requireTestVerification: true, requiredVerificationCommand: failing } : {}),
  };
}
