import { homedir } from "node:os";
import { join } from "node:path";
import type { Wrapper } from "./exec.ts";
import { defaultHidden } from "./hidden.ts";
import { createSandbox, type Network, type SandboxKind } from "./sandbox.ts";

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
  /** Folders sandboxed processes read although they may lie under the private /tmp: the repository's git dir, the project root. */
  readable: string[];
  /** A writable cache the project's sandboxed commands share (build caches: XDG_CACHE_HOME, GOCACHE), never the user's own. */
  cache: string;
}

/** `~/x` as an absolute path. */
export function expandHome(path: string, home = homedir()): string {
  return path === "~" ? home : path.startsWith("~/") ? join(home, path.slice(2)) : path;
}

export interface Trees {
  /** What the process may change: the tree it runs in, its HOME, … (the cache is added). */
  writable: string[];
  /** Writable copies mounted over read-only paths (a worker's own copy of its git dir). */
  overlays?: { from: string; to: string }[];
  /** Hide coding agents' logins too (tools: yes; a `command` agent needs its own). */
  agentLogins: boolean;
}

/** The wrapper for processes that may change `trees`; null when the run is unconfined. */
export function confine(c: Confinement, trees: Trees): Wrapper | null {
  if (!c.sandbox) return null;
  const hidden = [...defaultHidden(homedir(), { agentLogins: trees.agentLogins }), ...c.hide];
  return createSandbox(
    { ok: true, ...c.sandbox },
    { writable: [...trees.writable, c.cache], readable: c.readable, overlays: trees.overlays ?? [], hidden, network: c.network },
  );
}

/**
 * Variables a sandboxed process needs on top of its environment: build caches in the shared
 * cache (the user's own are read-only inside), and a writable TMPDIR (bubblewrap's /tmp is
 * private; Seatbelt has none, so a folder of the cache). Outside a sandbox: none.
 */
export function sandboxedEnv(c: Confinement): Record<string, string> {
  if (!c.sandbox) return {};
  return { XDG_CACHE_HOME: c.cache, GOCACHE: join(c.cache, "go-build"), TMPDIR: c.sandbox.kind === "bwrap" ? "/tmp" : join(c.cache, "tmp") };
}
