/**
 * `dgov ui`: the dashboard, a Bun.serve app over the store (DESIGN "The dashboard"). The page
 * (page.html, app.ts, style.css) is bundled by Bun into the binary; the API answers from the
 * same report queries the CLI prints (planView, taskShow, the transcript, the task's diff), and
 * /api/events streams the event log as server-sent events, a page at a time, so a page opened
 * mid-run catches up from any event id and memory stays bounded on any log.
 *
 * Security: bound to 127.0.0.1 by default, where reads need no token but the Host header must be
 * the loopback (no DNS rebinding); on any other address a front server checks the session token
 * on every request before handing it to the app on the loopback.
 * Actions (off unless enabled) always need it in the `x-dgov-token` header, which no other origin
 * can send without the token and a CORS answer this server never gives.
 */
import { existsSync } from "node:fs";
import { basename, dirname, isAbsolute, join } from "node:path";
import { fileURLToPath } from "node:url";
import { taskDiff } from "../git/change-diff.ts";
import { taskRefs } from "../report/task-ref.ts";
import { showJson } from "../report/story-json.ts";
import { taskShow } from "../report/task-show.ts";
import { openStore, type Store, storePath } from "../store/db.ts";
import { eventHeads, latestEventId, readEvents } from "../store/events.ts";
import { type PlanView, planView, plansWithHistory } from "../store/plan-state.ts";
import { liveRuns, runsOf } from "../store/runtime.ts";
import { readTranscript } from "../store/transcripts.ts";
import page from "./page.html";

export interface UiOptions {
  root: string;
  host: string;
  port: number;
  token: string;
  allowActions: boolean;
  /** An action the page asked for, run as the CLI runs it; the answer is its result. */
  act?: (action: string, body: Record<string, unknown>) => Promise<{ ok: boolean; message: string }>;
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);
/** Events per SSE page: the catch-up of a long log is many bounded pages, never one big read. */
const PAGE = 500;
const POLL_MS = 250;

interface BundleFile {
  path: string;
  loader: string;
  headers: Record<string, string>;
}

/**
 * The page's routes. Bun serves the HTML import itself in the binary and from source; in the npm
 * package's bundle (`bun build --target=bun`) its files are named relative to the bundle's folder,
 * which Bun would look up from the working directory, so they are served from that folder here:
 * the HTML at `/`, each asset at `/<its name>` (where the HTML's relative links resolve).
 */
function pageRoutes(): Record<string, unknown> {
  const files = (page as unknown as { files?: BundleFile[] }).files ?? [];
  if (!files.some((f) => !isAbsolute(f.path))) return { "/": page };
  const dir = dirname(fileURLToPath(import.meta.url));
  const serve = (f: BundleFile) => () => new Response(Bun.file(join(dir, f.path)), { headers: f.headers });
  return Object.fromEntries(files.map((f) => [f.loader === "html" ? "/" : `/${basename(f.path)}`, serve(f)]));
}

const json = (data: unknown, status = 200) => Response.json(data, { status, headers: { "cache-control": "no-store" } });
const refuse = (status: number, message: string) => json({ error: message }, status);

/** The order the latest run landed its tasks in (merge_completed events since its run_start). */
function landedOrder(store: Store, plan: string): string[] {
  const start = readEvents(store, { plan, events: ["run_start"], limit: 1 })[0];
  return readEvents(store, { plan, events: ["merge_completed"], afterId: start?.id ?? 0 }).flatMap((e) => (e.task ? [e.task] : []));
}

function planJson(store: Store, view: PlanView) {
  const counts: Record<string, number> = {};
  for (const t of view.tasks) counts[t.state] = (counts[t.state] ?? 0) + 1;
  return {
    plan: view.plan,
    run: view.run,
    live: view.live,
    status: view.live ? "running" : (view.runStatus ?? "unknown"),
    halted: view.halted,
    abandoned: view.abandoned,
    counts,
    runs: runsOf(store, view.plan).slice(-5).reverse().map((r) => ({ id: r.id, status: r.finished_at ? (r.status ?? "unknown") : "running", started_at: r.started_at, finished_at: r.finished_at })),
    landed: landedOrder(store, view.plan),
    usage: { prompt_tokens: view.usage.promptTokens, completion_tokens: view.usage.completionTokens, cost_usd: view.usage.costUsd },
    tasks: view.tasks.map((t) => ({
      id: t.id, state: t.state, deps: t.deps, attempts: t.attempts, error: t.error, sha: t.sha, duration_s: t.durationS,
      usage: { prompt_tokens: t.usage.promptTokens, completion_tokens: t.usage.completionTokens, cost_usd: t.usage.costUsd },
    })),
  };
}

export function startUi(opts: UiOptions) {
  const loopback = LOOPBACK.has(opts.host);
  let store: Store | null = null;
  const withStore = <T>(fn: (s: Store) => T): T | null => {
    if (!store) {
      if (!existsSync(storePath(opts.root))) return null;
      store = openStore(opts.root);
    }
    return fn(store);
  };

  /** Null when the request may go on; else the refusal. */
  function gate(req: Request, action: boolean): Response | null {
    const host = (req.headers.get("host") ?? "").replace(/:\d+$/, "");
    if (!LOOPBACK.has(host)) return refuse(403, `Host '${host}' is not this dashboard's (it serves ${opts.host} only)`);
    if (action) return req.headers.get("x-dgov-token") === opts.token ? null : refuse(403, "actions need the session token in x-dgov-token");
    return null;
  }

  const api = (handler: (req: Request, url: URL) => Response | Promise<Response>) => async (req: Request) => gate(req, false) ?? handler(req, new URL(req.url));

  /**
   * Every plan as the page lists it. Folding a long log is the costly read, so the answer is
   * kept until the log grows or a run starts or ends: many pages, or one re-reading after each
   * burst of events, cost one fold per change.
   */
  let kept: { key: string; body: unknown } | null = null;
  const overview = () =>
    withStore((s) => {
      const last = latestEventId(s);
      const key = `${last}:${liveRuns(s).map((r) => r.id).join(",")}`;
      if (kept?.key === key) return kept.body;
      const body = { root: opts.root, actions: opts.allowActions, last_event: last, plans: plansWithHistory(s).flatMap((name) => {
        const view = planView(s, opts.root, name);
        return view ? [planJson(s, view)] : [];
      }) };
      kept = { key, body };
      return body;
    }) ?? { root: opts.root, actions: opts.allowActions, last_event: 0, plans: [] };

  async function task(url: URL): Promise<Response> {
    const plan = url.searchParams.get("plan") ?? "";
    const id = url.searchParams.get("task") ?? "";
    const found = withStore((s) => (taskRefs(s, plan).some((r) => r.task === id) ? { show: taskShow(s, opts.root, { plan, task: id }), transcript: readTranscript(s, plan, id) } : null));
    if (!found) return refuse(404, `no task '${id}' in plan '${plan}'`);
    const diff = await taskDiff(opts.root, found.show, { stat: false }).catch((error: Error) => ({ source: null, diff: `(could not read the diff: ${error.message})` }));
    return json({ ...showJson(found.show), transcript: found.transcript.slice(-400), transcript_total: found.transcript.length, diff });
  }

  /**
   * The event log from an id on, as SSE: a page of PAGE events each time the client has taken
   * the last (a pull stream: a slow reader holds one page, never the log), then new ones as
   * they are written.
   */
  function events(req: Request, url: URL): Response {
    const from = Number(req.headers.get("last-event-id") ?? url.searchParams.get("after") ?? 0) || 0;
    const enc = new TextEncoder();
    let last = from;
    let closed = false;
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(enc.encode(`retry: 1000\n: dgov events after ${from}\n\n`));
      },
      async pull(controller) {
        for (;;) {
          if (closed) return;
          const rows = withStore((s) => eventHeads(s, last, PAGE)) ?? [];
          if (rows.length) {
            last = rows.at(-1)!.id;
            controller.enqueue(enc.encode(rows.map((e) => `id: ${e.id}\nevent: change\ndata: ${JSON.stringify({ id: e.id, plan: e.plan, task: e.task, event: e.event })}\n\n`).join("")));
            return;
          }
          await Bun.sleep(POLL_MS);
        }
      },
      cancel() {
        closed = true;
      },
    }, { highWaterMark: 1 });
    return new Response(stream, { headers: { "content-type": "text/event-stream", "cache-control": "no-store", connection: "keep-alive" } });
  }

  async function action(req: Request, name: string): Promise<Response> {
    const refused = gate(req, true);
    if (refused) return refused;
    if (!opts.allowActions || !opts.act) return refuse(403, "actions are off: start `dgov ui --allow-actions`");
    if (req.method !== "POST") return refuse(405, "actions are POST requests");
    const body = (await req.json().catch(() => ({}))) as Record<string, unknown>;
    const result = await opts.act(name, body);
    return json(result, result.ok ? 200 : 409);
  }

  const app = Bun.serve({
    // Off the loopback, the page is served behind the token check below, from the loopback.
    hostname: loopback ? opts.host : "127.0.0.1",
    port: loopback ? opts.port : 0,
    development: false,
    // An SSE stream stays open: no idle timeout cuts it.
    idleTimeout: 0,
    routes: {
      ...(pageRoutes() as Record<string, typeof page>),
      "/api/overview": api(() => json(overview())),
      "/api/task": api((_req, url) => task(url)),
      "/api/events": api((req, url) => events(req, url)),
      "/api/actions/:name": (req) => action(req, req.params.name),
    },
    fetch: (req) => gate(req, false) ?? refuse(404, `no such page: ${new URL(req.url).pathname}`),
  });
  const front = loopback ? null : tokenFront(opts, app.port!);
  const server = front ?? app;
  return {
    url: `http://${opts.host.includes(":") ? `[${opts.host}]` : opts.host}:${server.port}/`,
    port: server.port!,
    async stop() {
      await front?.stop(true);
      await app.stop(true);
      (store as Store | null)?.close();
    },
  };
}

const COOKIE = "dgov_token";

/**
 * On an address other machines reach, every request needs the session token: in the query (the
 * URL `dgov ui` prints; answered with a SameSite=Strict cookie, so the page's own assets and
 * calls carry it), the `x-dgov-token` header or that cookie. What passes is handed to the app
 * on the loopback.
 */
function tokenFront(opts: UiOptions, inner: number) {
  return Bun.serve({
    hostname: opts.host,
    port: opts.port,
    idleTimeout: 0,
    async fetch(req) {
      const url = new URL(req.url);
      const cookie = /(?:^|;\s*)dgov_token=([0-9a-f]+)/.exec(req.headers.get("cookie") ?? "")?.[1];
      const given = req.headers.get("x-dgov-token") ?? url.searchParams.get("token") ?? cookie;
      if (given !== opts.token) return refuse(403, "this dashboard is reachable from other machines: every request needs the session token");
      const headers = new Headers(req.headers);
      headers.delete("host");
      const res = await fetch(`http://127.0.0.1:${inner}${url.pathname}${url.search}`, { method: req.method, headers, body: req.body, redirect: "manual" });
      if (cookie === opts.token) return res;
      const out = new Response(res.body, res);
      out.headers.append("set-cookie", `${COOKIE}=${opts.token}; Path=/; HttpOnly; SameSite=Strict`);
      return out;
    },
  });
}
