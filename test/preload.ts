/**
 * Runs once before the tests: makes sure dist/dgov is the binary of the current sources,
 * so end-to-end tests never drive a stale build. A lock directory keeps parallel test
 * workers from building at the same time. When every test has run, it removes the fixture
 * repositories the tests left.
 */
import { existsSync, mkdirSync, readdirSync, rmdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterAll } from "bun:test";
import { removeFixtures } from "./fakes/repo.ts";

const root = join(import.meta.dir, "..");
const binary = join(root, "dist", "dgov");
const SOURCES = ["src", "plugins", "gates", "sops", "scripts", "package.json"];

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newestMtime(join(path, name))), stat.mtimeMs);
}

function stale(): boolean {
  if (!existsSync(binary)) return true;
  const built = statSync(binary).mtimeMs;
  return SOURCES.some((s) => newestMtime(join(root, s)) > built);
}

async function build(): Promise<void> {
  const lock = join(root, "dist", ".build-lock");
  mkdirSync(join(root, "dist"), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      await Bun.sleep(100);
    }
  }
  try {
    if (!stale()) return;
    const proc = Bun.spawnSync(["bun", "run", "build"], { cwd: root, stdout: "pipe", stderr: "pipe" });
    if (proc.exitCode !== 0) throw new Error(`bun run build failed:\n${proc.stderr.toString()}`);
  } finally {
    rmdirSync(lock);
  }
}

if (process.env.DGOV_SKIP_BUILD !== "1" && stale()) await build();

// Hooks here span the whole run: the fixture repositories a test did not remove go at the end.
afterAll(removeFixtures);
