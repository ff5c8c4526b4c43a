/** A repository set up to compile the plan fixtures of test/fixtures/plans. */
import { cpSync, existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { type FixtureRepo, makeRepo } from "./repo.ts";

export const PLAN_FIXTURES = join(import.meta.dir, "..", "fixtures", "plans");
const SOPS = join(import.meta.dir, "..", "..", "sops");

/** A provider the compile checks accept; nothing ever calls it. */
export const TEST_PROJECT_TOML = `[project]
provider = "local"

[providers.local]
base_url = "http://127.0.0.1:9/v1"
api_key_env = "DGOV_TEST_KEY"
default_agent = "test-model"
`;

/** Files of a fixture folder that describe it rather than belong to the plan. */
const META = new Set(["_project", "expected.json", "expected-errors.txt"]);

/**
 * A git repo with a provider configured and the default SOP pack in `.dgov/sops/`, holding
 * fixture `name` at `.dgov/plans/<name>`. A fixture's `_project/` folder is copied over the
 * repo root (to change project.toml or add SOPs).
 */
export function planRepo(name: string): { repo: FixtureRepo; dir: string } {
  const repo = makeRepo({ ".dgov/project.toml": TEST_PROJECT_TOML });
  for (const file of readdirSync(SOPS).filter((f) => f.endsWith(".md") && f !== "governor.md")) {
    cpSync(join(SOPS, file), join(repo.dir, ".dgov", "sops", file));
  }
  const source = join(PLAN_FIXTURES, name);
  const dir = join(repo.dir, ".dgov", "plans", name);
  cpSync(source, dir, { recursive: true, filter: (src) => !META.has(src.slice(source.length + 1).split("/")[0]!) });
  if (existsSync(join(source, "_project"))) cpSync(join(source, "_project"), repo.dir, { recursive: true });
  return { repo, dir };
}
