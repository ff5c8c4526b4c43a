/**
 * `dgov ui` in a real browser: headless Chromium (Debian's `chromium`, driven by playwright-core)
 * against the compiled binary, during a scripted-model run of a 5-task plan whose task c fails
 * the tests gate once. The page must show tasks changing state live, the DAG's edges, the failing
 * gate's findings, a transcript with a tool result and the landed diff; it must recover from a
 * server restart mid-run; and the server must refuse what the session token does not allow.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { DGOV_BIN } from "../fakes/dgov.ts";
import { byTask, llmHarness, TEST_KEY, TEST_KEY_ENV } from "../fakes/llm-repo.ts";
import { call, delayed, done, write } from "../fakes/model-server.ts";

const CHROMIUM = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => Bun.file(p).size > 0) ?? null;
if (!CHROMIUM && process.env.CI) throw new Error("chromium is missing; .ci/run installs it");
const ARTIFACTS = join(import.meta.dir, "..", "..", "dist", "test-artifacts");

const harness = llmHarness();

/** Runs `dgov ui` in `cwd` and resolves with its URL (and the process). */
async function serveUi(cwd: string, args: string[] = [], port = 0): Promise<{ url: string; token: string; port: number; proc: Bun.Subprocess }> {
  // The provider's key is in its environment, as in the user's shell: a Retry starts a run with it.
  const proc = Bun.spawn([DGOV_BIN, "ui", "--json", "--port", String(port), ...args], { cwd, stdout: "pipe", stderr: "pipe", env: { ...process.env, [TEST_KEY_ENV]: TEST_KEY } });
  const reader = (proc.stdout as ReadableStream<Uint8Array>).getReader();
  let text = "";
  while (!text.includes("}")) {
    const { value, done: ended } = await reader.read();
    if (ended) throw new Error(`dgov ui ended: ${await new Response(proc.stderr as ReadableStream).text()}`);
    text += new TextDecoder().decode(value);
  }
  reader.releaseLock();
  const out = JSON.parse(text) as { url: string; token: string; port: number };
  return { ...out, proc };
}

/** The 5 tasks: a, b at the roots; c after a; d after a and b; e after c and d. c's first attempt writes BROKEN. */
function fiveTasks() {
  const slow = (turn: ReturnType<typeof write>) => delayed(300, turn);
  return harness.setup(
    {
      conversations: [
        { match: /REJECTED by settlement/, turns: [slow(call("edit_file", { path: "c.txt", old_text: "BROKEN\n", new_text: "c fixed\n" })), call("run_tests", {}), done("fixed c")] },
        ...["a", "b", "d", "e"].map((x) => byTask(x, [slow(write(`${x}.txt`, `${x}\n`)), done(`wrote ${x}`)])),
        byTask("c", [slow(write("c.txt", "BROKEN\n")), done("wrote c")]),
      ],
    },
    [
      { slug: "a", create: ["a.txt"] },
      { slug: "b", create: ["b.txt"] },
      { slug: "c", deps: ["a"], create: ["c.txt"] },
      { slug: "d", deps: ["a", "b"], create: ["d.txt"] },
      { slug: "e", deps: ["c", "d"], create: ["e.txt"] },
    ],
    {
      files: { "check.sh": 'if grep -l BROKEN ./*.txt 2>/dev/null; then echo "BROKEN marker found: c.txt must not say BROKEN" >&2; exit 1; fi\n' },
      project: 'test_cmd = "sh check.sh"\nmax_parallel = 2',
    },
  );
}

let browser: Browser | undefined;
// Chromium's first start on a loaded machine takes seconds (its profile, its GPU process): no 5 s hook limit.
beforeAll(async () => {
  if (CHROMIUM) browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-dev-shm-usage"], timeout: 120_000 });
}, 150_000);
afterAll(async () => await browser?.close());

/** Every task's state as the DAG shows it now. */
const nodeStates = (page: Page): Promise<Record<string, string>> =>
  page.$$eval("g.node", (nodes: Element[]) => Object.fromEntries(nodes.map((n) => [n.getAttribute("data-task") ?? "", n.getAttribute("data-state") ?? ""])));

describe.if(CHROMIUM !== null)("dgov ui in headless Chromium", () => {
  test("a live 5-task run: states change on the page, the DAG's edges, the failing gate's findings, a transcript with a tool result, the landed diff; screenshots at two sizes", async () => {
    const r = fiveTasks();
    const ui = await serveUi(r.repo.dir);
    const page = await browser!.newPage({ viewport: { width: 1280, height: 800 } });
    try {
      await page.goto(ui.url);
      await page.waitForSelector("#plans");
      const run = r.run(["--json"]);
      // Watch the DAG while the run goes: every state each task was seen in.
      const seen = new Map<string, Set<string>>();
      let finished = false;
      void run.finally(() => (finished = true));
      // Bounded: a page that stops following fails the expectations below instead of hanging.
      for (let polls = 0; polls < 1200; polls++) {
        for (const [task, state] of Object.entries(await nodeStates(page))) {
          if (!seen.has(task)) seen.set(task, new Set());
          seen.get(task)!.add(state);
        }
        if (finished && seen.size === 5 && [...seen.values()].every((s) => s.has("merged"))) break;
        await Bun.sleep(50);
      }
      const outcome = await run;
      expect(outcome.code).toBe(0);
      if ([...seen.values()].some((s) => !s.has("merged"))) console.error("seen:", [...seen].map(([t, s]) => `${t}: ${[...s]}`), await page.locator("#conn").textContent());
      await page.waitForFunction(() => [...document.querySelectorAll("g.node")].filter((n) => n.getAttribute("data-state") === "merged").length === 5, undefined, { timeout: 10_000 });
      // Live: tasks were seen on the page before they merged (pending, running or settling), then merged.
      expect([...seen.keys()].sort()).toEqual(["t/m.a", "t/m.b", "t/m.c", "t/m.d", "t/m.e"]);
      const before = [...seen.values()].filter((states) => [...states].some((s) => s !== "merged")).length;
      expect(before).toBeGreaterThanOrEqual(3);
      // The DAG's edges are the plan's dependencies.
      const edges = await page.$$eval("path.edge", (paths: Element[]) => paths.map((p) => `${p.getAttribute("data-from")}→${p.getAttribute("data-to")}`).sort());
      expect(edges).toEqual(["t/m.a→t/m.c", "t/m.a→t/m.d", "t/m.b→t/m.d", "t/m.c→t/m.e", "t/m.d→t/m.e"]);
      // The merge order: each node says when it landed, every task after what it depends on.
      const order = Object.fromEntries(
        (await page.$$eval("g.node", (nodes: Element[]) => nodes.map((n) => [n.getAttribute("data-task") ?? "", n.textContent ?? ""] as const))).map(([t, text]) => [t, Number(/landed #(\d)/.exec(text)?.[1])]),
      );
      expect(Object.values(order).sort()).toEqual([1, 2, 3, 4, 5]);
      for (const edge of edges) {
        const [from, to] = edge.split("→") as [string, string];
        expect(order[from]!).toBeLessThan(order[to]!);
      }

      // Task c: the tests gate's rejection with its finding, in the settlement timeline.
      await page.focus('g.node[data-task="t/m.c"]');
      await page.keyboard.press("Enter");
      await page.waitForSelector('#task [data-gate="tests"]');
      const failed = await page.$$eval('#task details.g-fail[data-gate="tests"]', (els: Element[]) => els.map((e) => e.textContent ?? ""));
      expect(failed.length).toBe(1);
      expect(failed[0]).toContain("BROKEN marker found: c.txt must not say BROKEN");
      // The transcript: the worker's write_file call and its result (collapsed until opened).
      await page.click('#task button[data-tab="transcript"]');
      const result = page.locator('#task details.result[data-tool="write_file"]').first();
      expect(await result.getAttribute("open")).toBeNull();
      await result.locator("summary").click();
      expect(await result.locator("pre").textContent()).toContain("c.txt");
      // The landed diff: the fixed c.txt.
      await page.click('#task button[data-tab="diff"]');
      const diff = await page.locator("#task pre.diff").textContent();
      expect(diff).toContain("+c fixed");
      expect(await page.locator("#task pre.diff span.add").count()).toBeGreaterThan(0);

      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, "ui-1280x800.png"), fullPage: true });
      await page.setViewportSize({ width: 390, height: 844 });
      await page.screenshot({ path: join(ARTIFACTS, "ui-390x844.png"), fullPage: true });
      expect(Bun.file(join(ARTIFACTS, "ui-390x844.png")).size).toBeGreaterThan(10_000);
    } finally {
      await page.close();
      ui.proc.kill();
    }
  }, 120_000);

  test("the server restarted mid-run: the page reconnects and shows the final state", async () => {
    const r = fiveTasks();
    const first = await serveUi(r.repo.dir);
    const page = await browser!.newPage({ viewport: { width: 1280, height: 800 } });
    let second: Awaited<ReturnType<typeof serveUi>> | undefined;
    try {
      await page.goto(first.url);
      const run = r.run(["--json"]);
      await page.waitForSelector("g.node");
      first.proc.kill();
      await first.proc.exited;
      await page.waitForFunction(() => document.getElementById("conn")?.textContent === "reconnecting…", undefined, { timeout: 10_000 });
      expect((await run).code).toBe(0);
      // Back on the same port (a new session): the page's EventSource finds it and re-reads everything.
      second = await serveUi(r.repo.dir, [], first.port);
      await page.waitForFunction(() => document.getElementById("conn")?.textContent === "live", undefined, { timeout: 15_000 });
      await page.waitForFunction(() => [...document.querySelectorAll("g.node")].filter((n) => n.getAttribute("data-state") === "merged").length === 5, undefined, { timeout: 15_000 });
    } finally {
      await page.close();
      first.proc.kill();
      second?.proc.kill();
    }
  }, 120_000);
});

describe.if(CHROMIUM !== null)("dgov ui actions in headless Chromium", () => {
  test("with --allow-actions a failed run offers Retry and Abandon; Abandon goes through `dgov plan abandon` and the page shows it", async () => {
    const r = harness.setup({ conversations: [byTask("a", [write("a.txt", "a\n"), write("stray.txt", "x\n"), done()])] }, [{ slug: "a", create: ["a.txt"] }]);
    expect((await r.run()).code).toBe(1);
    const ui = await serveUi(r.repo.dir, ["--allow-actions"]);
    const page = await browser!.newPage({ viewport: { width: 1280, height: 800 } });
    try {
      await page.goto(ui.url);
      await page.click('g.node[data-task="t/m.a"]');
      await page.waitForSelector('#task button[data-action="retry"]');
      await page.click('#plan button[data-action="abandon"]');
      await page.waitForFunction(() => document.getElementById("said")?.textContent?.includes("plan abandon p: done"), undefined, { timeout: 15_000 });
      const overview = (await (await fetch(`${ui.url.split("?")[0]}api/overview`)).json()) as { plans: { plan: string; abandoned: boolean }[] };
      expect(overview.plans.find((p) => p.plan === "p")?.abandoned).toBe(true);
      // Abandoned: the page no longer offers it.
      await page.waitForSelector('#plan button[data-action="abandon"]', { state: "detached", timeout: 10_000 });
      // Retry: `dgov run p --continue --only t/m.a` in its own process; the page follows the new run to its end.
      await page.click('#task button[data-action="retry"]');
      await page.waitForFunction(() => document.getElementById("said")?.textContent?.startsWith("started: dgov run p --continue --only t/m.a"), undefined, { timeout: 15_000 });
      await page.waitForFunction(() => document.querySelectorAll("details.runs li").length === 2 && !document.querySelector("details.runs li [data-state=running]"), undefined, { timeout: 30_000 });
    } finally {
      await page.close();
      ui.proc.kill();
    }
    // Without --allow-actions the page offers no action at all.
    const ro = await serveUi(r.repo.dir);
    const page2 = await browser!.newPage();
    try {
      await page2.goto(ro.url);
      await page2.waitForSelector("g.node");
      expect(await page2.locator("button.action").count()).toBe(0);
    } finally {
      await page2.close();
      ro.proc.kill();
    }
    // Off the loopback the URL's token opens the page, its assets and its live stream (a cookie carries it on).
    const wide = await serveUi(r.repo.dir, ["--host", "0.0.0.0"]);
    const page3 = await browser!.newPage();
    try {
      await page3.goto(`http://127.0.0.1:${wide.port}/?token=${wide.token}`);
      await page3.waitForSelector('g.node[data-task="t/m.a"]');
      await page3.waitForFunction(() => document.getElementById("conn")?.textContent === "live", undefined, { timeout: 10_000 });
    } finally {
      await page3.close();
      wide.proc.kill();
    }
  }, 60_000);
});

describe("dgov ui security", () => {
  test("an action without the session token is refused (403), as is one with it while actions are off; a foreign Host is refused", async () => {
    const r = fiveTasks();
    const ui = await serveUi(r.repo.dir);
    try {
      const base = ui.url.split("?")[0]!;
      expect((await fetch(`${base}api/overview`)).status).toBe(200);
      expect((await fetch(`${base}api/actions/stop`, { method: "POST", body: JSON.stringify({ plan: "p" }) })).status).toBe(403);
      expect((await fetch(`${base}api/actions/stop`, { method: "POST", headers: { "x-dgov-token": "wrong" }, body: "{}" })).status).toBe(403);
      const off = await fetch(`${base}api/actions/stop`, { method: "POST", headers: { "x-dgov-token": ui.token }, body: JSON.stringify({ plan: "p" }) });
      expect(off.status).toBe(403);
      expect(((await off.json()) as { error: string }).error).toContain("--allow-actions");
      expect((await fetch(`${base}api/overview`, { headers: { host: "attacker.example:80" } })).status).toBe(403);
    } finally {
      ui.proc.kill();
    }
    const open = await serveUi(r.repo.dir, ["--allow-actions"]);
    try {
      const base = open.url.split("?")[0]!;
      expect((await fetch(`${base}api/actions/stop`, { method: "POST", body: JSON.stringify({ plan: "p" }) })).status).toBe(403);
      const ok = await fetch(`${base}api/actions/stop`, { method: "POST", headers: { "x-dgov-token": open.token }, body: JSON.stringify({ plan: "p" }) });
      // With the token the action runs: no run of p is going on, which it says.
      expect(ok.status).toBe(409);
      expect(((await ok.json()) as { message: string }).message).toBe("no run of 'p' is going on");
    } finally {
      open.proc.kill();
    }
  });

  test("with --host 0.0.0.0 every request needs the token", async () => {
    const r = fiveTasks();
    const ui = await serveUi(r.repo.dir, ["--host", "0.0.0.0"]);
    try {
      const base = `http://127.0.0.1:${ui.port}/`;
      for (const path of ["", "api/overview", "api/events?after=0", "api/task?plan=p&task=t/m.a"]) expect({ path, status: (await fetch(`${base}${path}`)).status }).toEqual({ path, status: 403 });
      expect((await fetch(`${base}api/overview?token=${ui.token}`)).status).toBe(200);
      expect((await fetch(`${base}api/overview`, { headers: { "x-dgov-token": ui.token } })).status).toBe(200);
    } finally {
      ui.proc.kill();
    }
  });
});
