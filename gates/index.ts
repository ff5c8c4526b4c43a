import { definePlugin } from "dgov/plugin";
import { architectureGate } from "./architecture.ts";
import { architectureBaselineGate } from "./architecture-baseline.ts";
import { autofixGate } from "./autofix.ts";
import { coverageGate } from "./coverage.ts";
import { formatGate } from "./format.ts";
import { lintGate } from "./lint.ts";
import { reviewHooksGate } from "./review-hooks.ts";
import { scopeGate } from "./scope.ts";
import { semanticGate } from "./semantic.ts";
import { testsGate } from "./tests.ts";
import { typecheckGate } from "./typecheck.ts";

/** dgov's own settlement gates, one file each in this folder, listed statically here. */
export const corePlugin = definePlugin({
  name: "core-gates",
  api: 1,
  description: "dgov's built-in settlement gates",
  gates: [scopeGate, reviewHooksGate, autofixGate, lintGate, formatGate, semanticGate, architectureGate, typecheckGate, testsGate, coverageGate, architectureBaselineGate],
});
