/** A repository set up to compile the plan fixtures of test/fixtures/plans. */
import { cpSync, existsSync } from "node:fs";
import { join } from "node:path";
import { sopsFor } from "../../sops/index.ts";
import { type FixtureRepo, makeRepo } from "./repo.ts";

export const PLAN_FIXTURES = join(import.meta.dir, "..", "fixtures", "plans");

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
 * A git repo with a provider configured and the SOP pack `dgov init` writes for a Python
 * project (the default language, and dgov-py's) in `.dgov/sops/`, holding
 * fixture `name` at `.dgov/plans/<name>`. A fixture's `_project/` folder is copied over the
 * repo root (to change project.toml or add SOPs).
 */
export function planRepo(name: string): { repo: FixtureRepo; dir: string } {
  const repo = makeRepo({ ".dgov/project.toml": TEST_PROJECT_TOML });
  for (const sop of sopsFor("python")) repo.write(`.dgov/sops/${sop.name}.md`, sop.text);
  const source = join(PLAN_FIXTURES, name);
  const dir = join(repo.dir, ".dgov", "plans", name);
  cpSync(source, dir, { recursive: true, filter: (src) => !META.has(src.slice(source.length + 1).split("/")[0]!) });
  if (existsSync(join(source, "_project"))) cpSync(join(source, "_project"), repo.dir, { recursive: true });
  return { repo, dir };
}
