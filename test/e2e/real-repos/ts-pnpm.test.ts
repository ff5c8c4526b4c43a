/**
 * The TypeScript package of ts-npm.test.ts on pnpm: its tools run as `pnpm exec <tool>`, its
 * installed packages reused from the root (issue 12). The same verdicts, from the same gates.
 */
import { describeFixture } from "../../fakes/real-repo.ts";
import { tsFixture } from "../../fakes/ts-project.ts";

describeFixture("a TypeScript package on pnpm: eslint 9, prettier, tsc, vitest through pnpm exec", ["node", "pnpm"], () => tsFixture("pnpm"));
