import { definePlugin, defineToolchain } from "dgov/plugin";
import { detectTypeScript } from "./detect.ts";

/** TypeScript and JavaScript: bun, npm, pnpm or yarn; tsc; biome, eslint or oxlint; prettier. */
export default definePlugin({
  name: "typescript",
  api: 1,
  description: "TypeScript/JavaScript toolchain: package manager, tsc, linters, formatters, test runners",
  toolchains: [
    defineToolchain({
      name: "typescript",
      description: "bun/npm/pnpm/yarn; tsc; biome, eslint or oxlint; prettier; bun test, vitest, jest or node --test",
      detect: detectTypeScript,
    }),
  ],
});
