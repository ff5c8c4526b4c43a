/** The user's config (`$XDG_CONFIG_HOME/dgov/config.toml`) merged under the project's, and `dgov config --sources`. */
import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { userConfigPath, validateConfig } from "../../src/config/load.ts";
import { DgovError } from "../../src/errors.ts";
import { parseToml } from "../../src/toml/read.ts";
import { dgov } from "../fakes/dgov.ts";
import { makeRepo } from "../fakes/repo.ts";

const USER = "/home/u/.config/dgov/config.toml";
const resolve = (project: string | null, user: string) => validateConfig(project === null ? null : parseToml(project, ".dgov/project.toml"), parseToml(user, USER));
function problems(project: string | null, user: string): string[] {
  try {
    resolve(project, user);
  } catch (error) {
    if (error instanceof DgovError) return [error.message, ...error.details];
    throw error;
  }
  throw new Error("expected a rejection");
}

const MINE = '[providers.mine]\nbase_url = "https://llm.example.com/v1"\napi_key_env = "MINE_KEY"\ndefault_agent = "mine-large"\n';
const TEAM = '[providers.team]\nbase_url = "https://team.example.com/v1"\napi_key_env = "TEAM_KEY"\n';

describe("the user config", () => {
  test("its path: $XDG_CONFIG_HOME/dgov/config.toml, else ~/.config/dgov/config.toml", () => {
    expect(userConfigPath({ XDG_CONFIG_HOME: "/x", HOME: "/h" })).toBe("/x/dgov/config.toml");
    expect(userConfigPath({ XDG_CONFIG_HOME: "", HOME: "/h" })).toBe("/h/.config/dgov/config.toml");
  });

  test("a provider of the user's alone is selected, with its default agent", () => {
    const config = resolve('[project]\nlanguage = "typescript"\n', MINE);
    expect(config.project.provider).toBe("mine");
    expect(config.project.default_agent).toBe("mine-large");
    expect(config.providers.mine!.api_key_env).toBe("MINE_KEY");
  });

  test("the project wins key by key and name by name; its only provider stays selected beside the user's", () => {
    const config = resolve(`[project]\nmax_parallel = 2\n\n${TEAM}\n[agents]\nfast = "team-small"\n`, `[project]\nmax_parallel = 8\nmax_cost = 3\n\n${MINE}\n[agents]\nfast = "mine-small"\nbig = "mine-large"\n\n[git]\nname = "Ada"\n`);
    expect(config.project.max_parallel).toBe(2);
    expect(config.project.max_cost).toBe(3);
    expect(config.project.provider).toBe("team");
    expect(Object.keys(config.providers).sort()).toEqual(["mine", "team"]);
    expect(config.agents).toEqual({ fast: "team-small", big: "mine-large" });
    expect(config.git.name).toBe("Ada");
  });

  test("the user's explicit choice of provider beats the project's implicit only one; the project's explicit one beats both", () => {
    expect(resolve(TEAM, `[project]\nprovider = "mine"\n\n${MINE}`).project.provider).toBe("mine");
    expect(resolve(`[project]\nprovider = "team"\n\n${TEAM}`, `[project]\nprovider = "mine"\n\n${MINE}`).project.provider).toBe("team");
  });

  test("keys that are per project are refused in the user file, all at once, each on its line, with the project's problems", () => {
    const found = problems("[project]\nmax_parallel = 0\n", `[project]\ntest_cmd = "bun test"\nmax_parallel = 4\n\n[scope]\ndeny_files = ["x"]\n\n[providers.mine]\nbase_url = "nope"\napi_key_env = "K"\n`);
    expect(found[0]).toBe(`${USER} and .dgov/project.toml have 4 problems`);
    expect(found.slice(1)).toEqual([
      `${USER}:2: [project].test_cmd: is per project: it belongs in .dgov/project.toml, not the user config`,
      `${USER}:5: [scope]: is per project: it belongs in .dgov/project.toml, not the user config`,
      expect.stringMatching(new RegExp(`^${USER}:9: \\[providers\\.mine\\]\\.base_url: expected a URL`)),
      ".dgov/project.toml:2: [project].max_parallel: expected an integer >= 1, got 0",
    ]);
  });

  test("a cross-key problem is reported in the file that wrote the key", () => {
    expect(problems(null, '[project]\nprovider = "gone"\n')).toEqual([`${USER} has 1 problem`, `${USER}:2: [project].provider: selects provider 'gone', but [providers.gone] is not defined`]);
  });
});

describe("dgov config --sources", () => {
  const home = mkdtempSync(join(tmpdir(), "dgov-user-config-"));
  afterAll(() => rmSync(home, { recursive: true, force: true }));
  mkdirSync(join(home, "dgov"));
  writeFileSync(join(home, "dgov", "config.toml"), `[project]\nmax_parallel = 8\n\n${MINE}`);

  test("names the file and line of every setting, or default; --json for scripts", () => {
    const repo = makeRepo({ ".dgov/project.toml": '[project]\nlanguage = "typescript"\nmax_parallel = 2\n' }, { commit: true });
    try {
      const env = { XDG_CONFIG_HOME: home };
      const text = dgov(["config", "--sources"], { cwd: repo.dir, env });
      expect(text.code).toBe(0);
      const line = (key: string) => text.stdout.split("\n").find((l) => l.startsWith(`${key} = `));
      expect(line("project.language")).toMatch(/^project\.language = "typescript"\s+# project:2$/);
      expect(line("project.max_parallel")).toMatch(/# project:3$/);
      expect(line("providers.mine.base_url")).toMatch(/^providers\.mine\.base_url = "https:\/\/llm\.example\.com\/v1"\s+# user:5$/);
      expect(line("project.line_length")).toMatch(/# default$/);
      expect(text.stdout).toContain(`# user    = ${join(home, "dgov", "config.toml")} (under the project's)`);
      const json = dgov(["config", "--sources", "--json"], { cwd: repo.dir, env }).json<{ files: { user: string }; sources: { key: string; from: string; line: number | null }[] }>();
      expect(json.files.user).toBe(join(home, "dgov", "config.toml"));
      expect(json.sources.find((s) => s.key === "project.provider")).toMatchObject({ from: "default" });
      expect(json.sources.find((s) => s.key === "providers.mine.api_key_env")).toMatchObject({ from: "user", line: 6 });
      // Without a user file the same command says so.
      const none = dgov(["config", "--sources"], { cwd: repo.dir, env: { XDG_CONFIG_HOME: join(home, "none") } });
      expect(none.stdout).toContain("(not found)");
    } finally {
      repo.remove();
    }
  });
});
