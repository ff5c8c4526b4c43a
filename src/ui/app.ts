/// <reference lib="dom" />
/**
 * The dashboard page: plans and their runs, a DAG of the selected plan's tasks coloured by
 * state, and a task panel (settlement timeline, transcript, diff, worktree). It follows the
 * event log over server-sent events and re-reads what an event touches; after a lost
 * connection (the server restarted) it reconnects and re-reads everything.
 */

type Usage = { prompt_tokens: number; completion_tokens: number; cost_usd: number | null };
interface TaskRow { id: string; state: string; deps: string[]; attempts: number; error: string | null; sha: string | null; usage: Usage }
interface RunRow { id: string; status: string; started_at: string; finished_at: string | null }
interface PlanRow { plan: string; run: string | null; live: boolean; status: string; abandoned: boolean; runs: RunRow[]; landed: string[]; counts: Record<string, number>; usage: Usage; tasks: TaskRow[] }
interface Overview { root: string; actions: boolean; last_event: number; plans: PlanRow[] }
interface Finding { message?: string; file?: string | null; line?: number | null; rule?: string | null }
interface Gate { gate: string; phase: string; level: string; status: string; duration_ms: number; reason: string | null; findings: Finding[] }
interface Launch { attempt: number; kind: string; started_at: string; worker: { status: string; error: string | null; duration_s: number | null; summary: string | null; tool_calls: number }; settlement: { phases: { phase: string; status: string; duration_s: number | null; error: string | null }[]; gates: Gate[]; outcome: string | null } | null }
interface Entry { id: number; attempt: number; kind: string; data: Record<string, unknown> }
interface TaskDetail {
  plan: string; task: string; state: string; label: string; attempts: number; sha: string | null; error: string | null;
  worktree: { path: string; branch: string; base: string; exists: boolean } | null; launches: Launch[]; next: string[];
  failure: { gates: Gate[] } | null; transcript: Entry[]; transcript_total: number; diff: { source: unknown; diff: string } | null;
}

const token = new URLSearchParams(location.search).get("token") ?? "";
const headers: Record<string, string> = token ? { "x-dgov-token": token } : {};
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

const view = { plan: null as string | null, task: null as string | null, tab: "timeline", overview: null as Overview | null };

/** The colour family of a kernel state. */
export function stateClass(state: string): string {
  // A run's status shares the colours: complete as merged, running as running, the rest as failed or halted.
  if (state === "complete") return "merged";
  if (state === "running" || state === "dispatching" || state === "active") return "running";
  if (state === "degraded" || state === "error") return "failed";
  if (state === "interrupted" || state === "halted" || state === "unknown") return "skipped";
  if (state === "reviewing" || state === "settling") return "settling";
  if (state === "failed" || state === "timed_out") return "failed";
  if (state === "skipped" || state === "abandoned") return "skipped";
  return state === "merged" ? "merged" : "pending";
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string | null)[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const c of children) if (c !== null) node.append(c);
  return node;
}
const badge = (state: string) => el("span", { class: `state s-${stateClass(state)}`, "data-state": state }, state);
const tokens = (u: Usage) => `${(u.prompt_tokens + u.completion_tokens).toLocaleString()} tokens${u.cost_usd === null ? "" : ` · $${u.cost_usd.toFixed(4)}`}`;

async function getJson<T>(path: string): Promise<T> {
  const res = await fetch(path, { headers });
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
  return (await res.json()) as T;
}

function renderPlans(o: Overview): void {
  $("root").textContent = o.root;
  const list = $("plans");
  list.replaceChildren(
    ...o.plans.map((p) => {
      const b = el("button", { class: "plan-link", "data-plan": p.plan, "aria-current": String(p.plan === view.plan) }, el("strong", {}, p.plan), " ", badge(p.status), el("br"), el("small", { class: "muted" }, `${p.tasks.length} tasks · ${tokens(p.usage)}`));
      b.addEventListener("click", () => select(p.plan, null));
      return el("li", {}, b);
    }),
  );
  if (o.plans.length === 0) list.replaceChildren(el("li", { class: "muted" }, "No runs yet."));
}

/** Layers by longest path from the roots; one column per layer, tasks in plan order. */
export function layout(tasks: TaskRow[]): Map<string, { x: number; y: number }> {
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const rank = new Map<string, number>();
  const rankOf = (id: string, seen = new Set<string>()): number => {
    if (rank.has(id)) return rank.get(id)!;
    if (seen.has(id)) return 0;
    seen.add(id);
    const deps = byId.get(id)?.deps.filter((d) => byId.has(d)) ?? [];
    const r = deps.length ? 1 + Math.max(...deps.map((d) => rankOf(d, seen))) : 0;
    rank.set(id, r);
    return r;
  };
  const rows = new Map<number, number>();
  const at = new Map<string, { x: number; y: number }>();
  for (const t of tasks) {
    const r = rankOf(t.id);
    const row = rows.get(r) ?? 0;
    rows.set(r, row + 1);
    at.set(t.id, { x: r, y: row });
  }
  return at;
}

const SVG = "http://www.w3.org/2000/svg";
const svg = (tag: string, attrs: Record<string, string | number>) => {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  return node;
};

function renderDag(p: PlanRow): SVGSVGElement {
  const W = 190, H = 38, GX = 56, GY = 14;
  const at = layout(p.tasks);
  const cols = Math.max(1, ...[...at.values()].map((a) => a.x + 1));
  const rows = Math.max(1, ...[...at.values()].map((a) => a.y + 1));
  const root = svg("svg", { class: "dag", viewBox: `0 0 ${cols * (W + GX)} ${rows * (H + GY) + GY}`, width: cols * (W + GX), role: "group", "aria-label": `Tasks of ${p.plan} and their dependencies` }) as SVGSVGElement;
  const defs = svg("defs", {});
  const marker = svg("marker", { id: "arrow", viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse" });
  marker.append(svg("path", { d: "M 0 0 L 10 5 L 0 10 z", fill: "currentColor" }));
  defs.append(marker);
  root.append(defs);
  const pos = (id: string) => {
    const a = at.get(id)!;
    return { x: a.x * (W + GX) + 4, y: a.y * (H + GY) + GY };
  };
  for (const t of p.tasks) {
    for (const d of t.deps) {
      if (!at.has(d)) continue;
      const from = pos(d), to = pos(t.id);
      const path = svg("path", { class: "edge", "data-from": d, "data-to": t.id, d: `M ${from.x + W} ${from.y + H / 2} C ${from.x + W + GX / 2} ${from.y + H / 2}, ${to.x - GX / 2} ${to.y + H / 2}, ${to.x} ${to.y + H / 2}` });
      root.append(path);
    }
  }
  for (const t of p.tasks) {
    const { x, y } = pos(t.id);
    const g = svg("g", { class: "node", tabindex: 0, role: "button", "data-task": t.id, "data-state": t.state, "aria-label": `${t.id}: ${t.state}`, transform: `translate(${x} ${y})` });
    g.append(svg("rect", { width: W, height: H, rx: 6 }));
    const bar = svg("rect", { class: `bar s-${stateClass(t.state)}`, width: 6, height: H, rx: 3 });
    bar.setAttribute("style", `fill: var(--${stateClass(t.state)})`);
    g.append(bar);
    const label = svg("text", { x: 14, y: 16 });
    label.textContent = t.id.length > 26 ? `…${t.id.slice(-25)}` : t.id;
    const state = svg("text", { x: 14, y: 31, class: "muted" });
    const landed = p.landed.indexOf(t.id);
    state.textContent = `${t.state}${landed >= 0 ? ` · landed #${landed + 1}` : ""}${t.attempts > 1 ? ` · attempt ${t.attempts}` : ""}`;
    g.append(label, state);
    const open = () => select(p.plan, t.id);
    g.addEventListener("click", open);
    g.addEventListener("keydown", (e) => {
      if ((e as KeyboardEvent).key === "Enter" || (e as KeyboardEvent).key === " ") (e.preventDefault(), open());
    });
    root.append(g);
  }
  return root;
}

function renderPlan(o: Overview): void {
  const section = $("plan");
  const p = o.plans.find((x) => x.plan === view.plan) ?? o.plans[0];
  if (!p) return void section.replaceChildren(el("p", { class: "muted" }, "No plan has run here yet: `dgov run <plan>` starts one."));
  view.plan = p.plan;
  const rows = p.tasks.map((t) => {
    const open = el("button", { "data-task": t.id }, t.id);
    open.addEventListener("click", () => select(p.plan, t.id));
    return el("tr", {}, el("td", {}, open), el("td", {}, badge(t.state)), el("td", {}, String(t.attempts)), el("td", {}, tokens(t.usage)), el("td", {}, t.sha ? t.sha.slice(0, 8) : (t.error ?? "").slice(0, 120)));
  });
  const ended = !p.live && p.status !== "complete" && !p.abandoned;
  section.replaceChildren(
    el("h2", {}, p.plan, " ", badge(p.status), " ", p.live ? actionButton("Stop the run", "stop", { plan: p.plan }) : null, ended ? actionButton("Abandon", "abandon", { plan: p.plan }) : null),
    el("p", { class: "muted" }, `run ${p.run ?? "—"} · ${tokens(p.usage)} · a task lands after what it depends on (arrows); #n is the order the run landed them in`),
    renderDag(p),
    el("details", { class: "runs" }, el("summary", {}, `last runs (${p.runs.length})`), el("ul", {}, ...p.runs.map((r) => el("li", {}, `${r.id} `, badge(r.status), ` ${r.started_at}${r.finished_at ? ` → ${r.finished_at}` : ""}`)))),
    el("table", {}, el("thead", {}, el("tr", {}, el("th", {}, "task"), el("th", {}, "state"), el("th", {}, "attempts"), el("th", {}, "usage"), el("th", {}, "sha / last error"))), el("tbody", {}, ...rows)),
  );
}

/**
 * An action button (shown only when `dgov ui --allow-actions`): the request carries the
 * session token from the page's URL; the answer is said in the status line.
 */
function actionButton(label: string, action: string, body: Record<string, string>): HTMLElement | null {
  if (!view.overview?.actions) return null;
  const b = el("button", { class: "action", "data-action": action }, label);
  b.addEventListener("click", async () => {
    b.setAttribute("disabled", "");
    const res = await fetch(`/api/actions/${action}`, { method: "POST", headers: { ...headers, "content-type": "application/json" }, body: JSON.stringify(body) });
    const answer = (await res.json().catch(() => ({}))) as { message?: string; error?: string };
    $("said").textContent = answer.message ?? answer.error ?? `HTTP ${res.status}`;
    b.removeAttribute("disabled");
    soon();
  });
  return b;
}

function findings(list: Finding[]): HTMLElement[] {
  return list.map((f) => el("div", { class: "finding" }, `${f.file ? `${f.file}${f.line ? `:${f.line}` : ""} ` : ""}${f.rule ? `[${f.rule}] ` : ""}${f.message ?? ""}`));
}

function gateRow(g: Gate): HTMLElement {
  return el("details", { class: `gate g-${g.status}`, "data-gate": g.gate, ...(g.status === "fail" ? { open: "" } : {}) },
    el("summary", {}, `${g.phase} · ${g.gate} (${g.level}): ${g.status} · ${g.duration_ms} ms${g.reason ? ` — ${g.reason}` : ""}`),
    ...findings(g.findings));
}

function timeline(t: TaskDetail): HTMLElement {
  return el("div", {}, ...t.launches.map((l) =>
    el("section", { class: "launch" },
      el("h4", {}, `attempt ${l.attempt} (${l.kind}) · worker ${l.worker.status}${l.worker.duration_s === null ? "" : ` in ${l.worker.duration_s.toFixed(1)} s`} · ${l.worker.tool_calls} tool calls`),
      l.worker.error ? el("div", { class: "finding" }, l.worker.error) : null,
      ...(l.settlement ? [el("p", { class: "muted" }, `settlement: ${l.settlement.phases.map((ph) => `${ph.phase} ${ph.status}`).join(" → ") || "—"}${l.settlement.outcome ? ` · ${l.settlement.outcome}` : ""}`), ...l.settlement.gates.map(gateRow)] : []),
    )));
}

function transcript(t: TaskDetail): HTMLElement {
  const items = t.transcript.map((e) => {
    const d = e.data;
    if (e.kind === "call") return el("div", { class: "call" }, el("code", {}, `▸ ${String(d.tool ?? "?")}(${JSON.stringify(d.args ?? {}).slice(0, 300)})`));
    if (e.kind === "result") return el("details", { class: "result", "data-tool": String(d.tool ?? "") }, el("summary", {}, `◂ ${String(d.tool ?? "?")}: ${String(d.status ?? "")}`), el("pre", {}, String(d.output ?? "")));
    if (e.kind === "thought") return el("p", {}, String(d.text ?? ""));
    return el("p", { class: "muted" }, `${e.kind}: ${JSON.stringify(d).slice(0, 300)}`);
  });
  const shown = t.transcript_total > t.transcript.length ? [el("p", { class: "muted" }, `the last ${t.transcript.length} of ${t.transcript_total} entries (\`dgov log ${t.task}\` has all)`)] : [];
  return el("div", {}, ...shown, ...(items.length ? items : [el("p", { class: "muted" }, "No transcript (not an LLM worker, or not started).")]));
}

function diffView(t: TaskDetail): HTMLElement {
  if (!t.diff) return el("p", { class: "muted" }, "Nothing to show: it did not land and no worktree of it is kept.");
  const pre = el("pre", { class: "diff" });
  for (const line of t.diff.diff.split("\n")) {
    const cls = line.startsWith("+++") || line.startsWith("---") || line.startsWith("diff ") ? "file" : line.startsWith("+") ? "add" : line.startsWith("-") ? "del" : line.startsWith("@@") ? "hunk" : "";
    pre.append(el("span", cls ? { class: cls } : {}, line), "\n");
  }
  return pre;
}

function worktree(t: TaskDetail): HTMLElement {
  const w = t.worktree;
  return el("div", {},
    w ? el("p", {}, `worktree ${w.path} (${w.exists ? "kept" : "gone"}), branch ${w.branch}, base ${w.base.slice(0, 12)}`) : el("p", { class: "muted" }, "No worktree is kept for it."),
    el("p", {}, "Commands:"), el("pre", {}, [...new Set([...t.next, `dgov show ${t.task}`, `dgov diff ${t.task}`, `dgov log ${t.task}`, ...(w?.exists ? ["dgov clean"] : [])])].join("\n")));
}

const TABS: Record<string, (t: TaskDetail) => HTMLElement> = { timeline, transcript, diff: diffView, worktree };

async function renderTask(): Promise<void> {
  const panel = $("task");
  if (!view.plan || !view.task) return void (panel.hidden = true);
  const t = await getJson<TaskDetail>(`/api/task?plan=${encodeURIComponent(view.plan)}&task=${encodeURIComponent(view.task)}`);
  const tabs = el("div", { class: "tabs", role: "tablist" }, ...Object.keys(TABS).map((name) => {
    const b = el("button", { role: "tab", "aria-selected": String(name === view.tab), "data-tab": name }, name);
    b.addEventListener("click", () => ((view.tab = name), void renderTask()));
    return b;
  }));
  panel.hidden = false;
  panel.replaceChildren(
    el("h3", {}, t.task, " ", badge(t.state), " ", t.state === "failed" || t.state === "timed_out" ? actionButton("Retry", "retry", { plan: t.plan, task: t.task }) : null),
    el("p", { class: "muted" }, `${t.label} · ${t.attempts} attempt(s)${t.sha ? ` · landed ${t.sha.slice(0, 12)}` : ""}`),
    ...(t.failure ? [el("h4", {}, "Why it was rejected"), ...t.failure.gates.map(gateRow)] : []),
    tabs,
    el("div", { role: "tabpanel", "data-panel": view.tab }, TABS[view.tab]!(t)),
  );
}

async function refresh(): Promise<void> {
  view.overview = await getJson<Overview>("/api/overview");
  renderPlans(view.overview);
  renderPlan(view.overview);
  await renderTask();
}

function select(plan: string, task: string | null): void {
  view.plan = plan;
  view.task = task;
  void refresh();
}

let pending: Timer | number | null = null;
/** Many events arrive together (a landing is a dozen): one re-read for a burst. */
function soon(): void {
  if (pending !== null) return;
  pending = setTimeout(() => {
    pending = null;
    void refresh().catch(() => {});
  }, 150);
}

function follow(after: number): void {
  const conn = $("conn");
  const source = new EventSource(`/api/events?after=${after}${token ? `&token=${encodeURIComponent(token)}` : ""}`);
  let lost = false;
  source.addEventListener("open", () => {
    conn.textContent = "live";
    conn.className = "conn live";
    // Back after a lost connection: what happened meanwhile is read again in full.
    if (lost) soon();
    lost = false;
  });
  source.addEventListener("change", () => soon());
  source.addEventListener("error", () => {
    lost = true;
    conn.textContent = "reconnecting…";
    conn.className = "conn";
  });
}

void refresh().then(() => follow(view.overview?.last_event ?? 0), (error: Error) => {
  $("conn").textContent = `error: ${error.message}`;
});
