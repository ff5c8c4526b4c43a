import { homedir } from "node:os";
import { join } from "node:path";
import type { Wrapper } from "./exec.ts";
import { defaultHidden } from "./hidden.ts";
import { createSandbox, type Network, type ProxyEndpoint, type SandboxKind } from "./sandbox.ts";
import { BRIDGE_COMMAND, selfCommand } from "./self.ts";

/**
 * How one run confines what the worker causes to run (its tools, the project's commands on its
 * code, a `command` agent): decided once by the governor and handed to each agent process in
 * its spec, so both sides confine the same way.
 */
export interface Confinement {
  /** The sandbox to use; null runs unconfined (`[sandbox] mode = "off"`). */
  sandbox: { kind: SandboxKind; program: string } | null;
  network: Network;
  /** `[sandbox] hide`, expanded: hidden besides the built-in credential stores. */
  hide: string[];
  /** Folders sandboxed processes read although they may lie under the private /tmp: the repository's git dir, the project root, dgov itself, `[sandbox] readable`. */
  readable: string[];
  /** A writable cache the project's sandboxed commands share (build caches: XDG_CACHE_HOME, GOCACHE), never the user's own. */
  cache: string;
  /** The allowlist proxies the run started, by host list (`hostsKey`): where sandboxed processes with that list connect. */
  proxies: Record<string, { socket: string; port: number }>;
}

/** The key of a host list in `Confinement.proxies`. */
export function hostsKey(hosts: readonly string[]): string {
  return [...new Set(hosts.map((h) => h.toLowerCase()))].sort().join(",");
}

/** The port the bridge listens on inside a sandbox (its loopback is its own). */
const BRIDGE_PORT = 3128;

function proxyOf(c: Confinement, network: Network): ProxyEndpoint | undefined {
  if (!Array.isArray(network)) return undefined;
  const running = c.proxies[hostsKey(network)];
  if (!running) throw new Error(`no allowlist proxy was started for network [${network.join(", ")}]`);
  return running.socket
    ? { socket: running.socket, port: BRIDGE_PORT, bridge: [...selfCommand(), BRIDGE_COMMAND, running.socket, String(BRIDGE_PORT), "--"] }
    : { socket: "", port: running.port, bridge: [] };
}

/** `~/x` as an absolute path. */
export function expandHome(path: string, home = homedir()): string {
  return path === "~" ? home : path.startsWith("~/") ? join(home, path.slice(2)) : path;
}

export interface Trees {
  /** What the process may change: the tree it runs in, its HOME, … (the cache is added). */
  writable: string[];
  /** Hide coding agents' logins too (tools: yes; a `command` agent needs its own). */
  agentLogins: boolean;
  /** Instead of `[sandbox] network` (setup_cmd installs dependencies; a `command` agent may name its own). */
  network?: Network;
}

/** The wrapper for processes that may change `trees`; null when the run is unconfined. */
export function confine(c: Confinement, trees: Trees): Wrapper | null {
  if (!c.sandbox) return null;
  const hidden = [...defaultHidden(homedir(), { agentLogins: trees.agentLogins }), ...c.hide];
  const network = trees.network ?? c.network;
  const proxy = proxyOf(c, network);
  return createSandbox(
    { ok: true, ...c.sandbox },
    { writable: [...trees.writable, c.cache], readable: c.readable, hidden, network, ...(proxy ? { proxy } : {}) },
  );
}

/**
 * Variables a sandboxed process needs on top of its environment: build caches in the shared
 * cache (the user's own are read-only inside), and a writable TMPDIR (bubblewrap's /tmp is
 * private; Seatbelt has none, so a folder of the cache). Outside a sandbox: none.
 */
export function sandboxedEnv(c: Confinement): Record<string, string> {
  if (!c.sandbox) return {};
  const cache = (name: string) => join(c.cache, name);
  return {
    XDG_CACHE_HOME: c.cache,
    GOCACHE: cache("go-build"),
    // Package managers' download caches (setup_cmd installs dependencies; HOME is read-only).
    npm_config_cache: cache("npm"),
    BUN_INSTALL_CACHE_DIR: cache("bun"),
    YARN_CACHE_FOLDER: cache("yarn"),
    npm_config_store_dir: cache("pnpm-store"),
    UV_CACHE_DIR: cache("uv"),
    PIP_CACHE_DIR: cache("pip"),
    TMPDIR: c.sandbox.kind === "bwrap" ? "/tmp" : cache("tmp"),
  };
}

/** The sandbox of a worker's tools: its worktree and its tools' HOME writable, coding agents' logins hidden too. */
export function workerSandbox(c: Confinement, worktree: string, home: string, opts: { readOnly?: boolean } = {}): Wrapper | null {
  return confine(c, { writable: opts.readOnly ? [home] : [worktree, home], agentLogins: true });
}

/** The sandbox of commands run on a task's code in a tree (gates, setup_cmd): that tree writable; one wrapper per tree. */
export function treeSandbox(c: Confinement, opts: { network?: Network } = {}): (cwd: string) => Wrapper | null {
  const made = new Map<string, Wrapper | null>();
  return (cwd) => {
    if (!made.has(cwd)) made.set(cwd, confine(c, { writable: [cwd], agentLogins: true, ...(opts.network ? { network: opts.network } : {}) }));
    return made.get(cwd)!;
  };
}
