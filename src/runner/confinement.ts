import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { ResolvedConfig } from "../config/resolve.ts";
import { DgovError } from "../errors.ts";
import { type Confinement, expandHome, hostsKey } from "../exec/confine.ts";
import { selfPaths } from "../exec/self.ts";
import { detectSandbox } from "../exec/sandbox.ts";
import { commonDir } from "../git/repo.ts";

export const SANDBOX_OFF_WARNING =
  "sandbox off ([sandbox] mode = \"off\"): the worker's commands and the gates on its code run with your permissions — " +
  "they can read your files and other processes' environments, write outside the worktree and into .git, and reach the network";

/** What a run needs to know of its confinement: the settings, and what to tell the user. */
export interface ResolvedConfinement {
  confinement: Confinement;
  /** Printed on every run that is not sandboxed. */
  warning: string | null;
}

/**
 * Decides how a run confines the worker (`[sandbox] mode`): `auto` uses the sandbox this machine
 * has and refuses to start LLM workers without one (a `command` worker or a preflight then runs
 * unconfined, with a warning); `required` refuses any run without one; `off` runs unconfined,
 * with a warning every time. Throws before anything starts.
 */
export async function resolveConfinement(root: string, config: ResolvedConfig, needs: { llm: boolean }): Promise<ResolvedConfinement> {
  const s = config.sandbox;
  const cache = join(root, ".dgov", "runtime", "sandbox-cache");
  // The private /tmp hides everything under /tmp: what sandboxed commands must still read.
  const readable = [await commonDir(root), root, ...selfPaths(), ...s.readable.map((p) => expandHome(p))];
  const base = { network: s.network, hide: s.hide.map((p) => expandHome(p)), readable, cache, proxies: {} };
  if (s.mode === "off") return { confinement: { ...base, sandbox: null }, warning: SANDBOX_OFF_WARNING };
  const found = await detectSandbox();
  if (found.ok) {
    mkdirSync(join(cache, "tmp"), { recursive: true });
    const proxies = await startProxies(config, found.kind === "seatbelt");
    return { confinement: { ...base, proxies, sandbox: { kind: found.kind, program: found.program } }, warning: null };
  }
  if (s.mode === "required" || needs.llm) {
    const who = s.mode === "required" ? "[sandbox] mode = \"required\"" : "LLM workers run only in a sandbox";
    throw new DgovError({ code: "E_SANDBOX", message: `no sandbox available: ${found.reason} (${who})`, hint: found.hint, exitCode: 2 });
  }
  return { confinement: { ...base, sandbox: null }, warning: `no sandbox available (${found.reason}): command workers and gates run unconfined. ${found.hint}` };
}

/**
 * One allowlist proxy per host list the run may use (`[sandbox] network`, each command agent's
 * `network`), started in this process, which outlives every sandboxed command of the run.
 */
async function startProxies(config: ResolvedConfig, tcp: boolean): Promise<Confinement["proxies"]> {
  const lists = [config.sandbox.network, ...Object.values(config.commands).map((a) => a.network)].filter((n): n is string[] => Array.isArray(n));
  const proxies: Confinement["proxies"] = {};
  if (lists.length === 0) return proxies;
  // Loaded only for a run with an allowlist: node:net costs every other run ~1 ms of CPU.
  const { startProxy } = await import("../exec/net-proxy.ts");
  for (const hosts of lists) {
    const key = hostsKey(hosts);
    if (proxies[key]) continue;
    const running = await startProxy(hosts, { tcp });
    proxies[key] = { socket: running.socket, port: running.port };
  }
  return proxies;
}
