import { definePlugin } from "dgov/plugin";

/**
 * dgov's own settlement gates, one file each in this folder, listed statically here.
 * The list is empty until the settlement pipeline lands (see the settlement issue);
 * the plugin exists so `[gates.<name>]` validation and ordering have one home.
 */
export const corePlugin = definePlugin({
  name: "core-gates",
  api: 1,
  description: "dgov's built-in settlement gates",
  gates: [],
});
