import { expect, test } from "bun:test";
import { gatePhases } from "dgov/plugin";
import { corePlugin } from "../../gates/index.ts";

test("the core plugin lists scope first, then the command-driven gates with their phases", () => {
  expect(corePlugin.gates.map((g) => [g.name, gatePhases(g).join("+")])).toEqual([
    ["scope", "review"],
    ["review-hooks", "review"],
    ["autofix", "autofix"],
    ["lint", "isolated+candidate"],
    ["format", "isolated+candidate"],
    ["semantic", "isolated+candidate"],
    ["architecture", "isolated+candidate"],
    ["typecheck", "isolated+candidate"],
    ["tests", "isolated+candidate"],
    ["coverage", "isolated"],
    ["architecture-baseline", "post-run"],
  ]);
});
