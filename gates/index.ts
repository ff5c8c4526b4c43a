import { definePlugin } from "dgov/plugin";
import { scopeGate } from "./scope.ts";

/** dgov's own settlement gates, one file each in this folder, listed statically here. */
export const corePlugin = definePlugin({
  name: "core-gates",
  api: 1,
  description: "dgov's built-in settlement gates",
  gates: [scopeGate],
});
