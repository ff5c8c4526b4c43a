/** `dgov doctor`: what would make a run fail, named, through the compiled binary. */
import { afterEach, describe, expect, test } from "bun:test";
import { dgov, dgovAsync } from "../fakes/dgov.ts";
import { startModelServer, text } from "../fakes/model-server.ts";
import { type FixtureRepo, makeRepo } from "../fakes/repo.ts";

let repo: FixtureRepo | undefined;
afterEach(() => repo?.remove());

/** A port nothing listens on: one a server had, then gave back. */
async function closedPort(): Promise<number> {
  const server = Bun.serve({ port: 0, fetch: () => new Response("") });
  const port = server.port!;
  await server.stop(true);
  return port;
}

interface Doctor {
  ok: boolean;
  checks: { area: string; name: string; status: string; detail: string }[];
}

describe("dgov doctor", () => {
  test("a missing lint tool and an unreachable provider are both named; exit 1", async () => {
    const port = await closedPort();
    repo = makeRepo({
      ".dgov/project.toml": `[project]\nlanguage = "unknown"\nprovider = "fake"\nlint_cmd = "no-such-linter-dgov {file}"\ntest_cmd = "true"\n\n[providers.fake]\nbase_url = "http://127.0.0.1:${port}/v1"\napi_key_env = "DGOV_DOCTOR_KEY"\n`,
    }, { commit: true });
    const run = dgov(["doctor", "--json"], { cwd: repo.dir, env: { DGOV_DOCTOR_KEY: "sk-x" } });
    expect(run.code).toBe(1);
    const out = run.json<Doctor>();
    expect(out.ok).toBe(false);
    const failed = out.checks.filter((c) => c.status === "fail");
    expect(failed.map((c) => c.name).sort()).toEqual(["fake endpoint", "lint_cmd"]);
    expect(failed.find((c) => c.name === "lint_cmd")!.detail).toContain("no-such-linter-dgov is not installed");
    expect(failed.find((c) => c.name === "fake endpoint")!.detail).toContain(`http://127.0.0.1:${port}/v1 is unreachable`);
    expect(out.checks.find((c) => c.name === "test_cmd")!.status).toBe("ok");
    expect(out.checks.find((c) => c.name === "git")!.status).toBe("ok");
    // The text names them too; --offline leaves the network alone, so only the linter is left.
    const text = dgov(["doctor"], { cwd: repo.dir, env: { DGOV_DOCTOR_KEY: "sk-x" } });
    expect(text.stdout).toContain("✗ commands: lint_cmd — no-such-linter-dgov is not installed");
    expect(text.stdout).toContain("✗ providers: fake endpoint");
    const offline = dgov(["doctor", "--offline", "--json"], { cwd: repo.dir, env: { DGOV_DOCTOR_KEY: "sk-x" } }).json<Doctor>();
    expect(offline.checks.filter((c) => c.status === "fail").map((c) => c.name)).toEqual(["lint_cmd"]);
  });

  test("a missing key fails; a withheld worker tool is a warning that says why", () => {
    repo = makeRepo({ ".dgov/project.toml": `[project]\nlanguage = "unknown"\nprovider = "p"\n\n[providers.p]\nbase_url = "http://127.0.0.1:9/v1"\napi_key_env = "DGOV_DOCTOR_MISSING_KEY"\n` }, { commit: true });
    const out = dgov(["doctor", "--offline", "--json"], { cwd: repo.dir, env: { DGOV_DOCTOR_MISSING_KEY: undefined } }).json<Doctor>();
    expect(out.checks.find((c) => c.name === "p key")).toMatchObject({ status: "fail", detail: expect.stringContaining("DGOV_DOCTOR_MISSING_KEY is not set") });
    expect(out.checks.find((c) => c.area === "worker tools" && c.name === "lint_check")).toMatchObject({ status: "warn", detail: "not offered: no [project] lint_cmd configured" });
  });

  test("online, the selected provider's default model answers a tiny request; a model the API refuses fails, exit 1; --offline sends nothing", async () => {
    const server = await startModelServer({ conversations: [{ match: /single word OK/, turns: [text("OK")] }] });
    try {
      const project = (model: string) =>
        `[project]\nlanguage = "unknown"\nprovider = "fake"\n\n[agents]\nsmall = "${model}"\n\n[providers.fake]\nbase_url = "${server.url}"\napi_key_env = "DGOV_DOCTOR_KEY"\ndefault_agent = "small"\n`;
      repo = makeRepo({ ".dgov/project.toml": project("fake-small") }, { commit: true });
      const good = (await dgovAsync(["doctor", "--json"], { cwd: repo.dir, env: { DGOV_DOCTOR_KEY: "sk-x" } })).json<Doctor>();
      expect(good.checks.find((c) => c.name === "fake model")).toMatchObject({ status: "ok", detail: expect.stringMatching(/^fake-small answers \(\d+ tokens\)$/) });
      expect(server.requests.map((q) => [q.body.model, q.headers.authorization])).toEqual([["fake-small", "Bearer sk-x"]]);
      expect(good.checks.filter((c) => c.area === "config").map((c) => c.name)).toEqual(["project", "user"]);
      // A model the API does not know: HTTP 404, as OpenAI answers it.
      server.script({ conversations: [], fallback: { status: 404, body: { error: { message: "The model `nope` does not exist", type: "invalid_request_error" } } } });
      Bun.write(`${repo.dir}/.dgov/project.toml`, project("nope"));
      const bad = await dgovAsync(["doctor", "--json"], { cwd: repo.dir, env: { DGOV_DOCTOR_KEY: "sk-x" } });
      expect(bad.code).toBe(1);
      expect(bad.json<Doctor>().checks.find((c) => c.name === "fake model")).toMatchObject({ status: "fail", detail: expect.stringContaining("nope did not answer") });
      const before = server.requests.length;
      await dgovAsync(["doctor", "--offline"], { cwd: repo.dir, env: { DGOV_DOCTOR_KEY: "sk-x" } });
      expect(server.requests.length).toBe(before);
    } finally {
      await server.close();
    }
  });
});
