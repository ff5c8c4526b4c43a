import { existsSync, lstatSync, realpathSync } from "node:fs";
import { bwrapArgv } from "./bwrap.ts";
import { exec, type Wrapper } from "./exec.ts";
import { seatbeltArgv } from "./seatbelt.ts";

/**
 * The OS sandbox: what a process the worker causes to run can see and change. exec.ts decides
 * how a process starts; this decides what it can reach. Linux: bubblewrap (new user, PID, IPC
 * and network namespaces; the file system read-only but for the named trees). macOS: Seatbelt
 * (`sandbox-exec`, writes and network denied but for the named trees).
 */

/** Where a sandboxed process may connect: nowhere (default), anywhere, or these hosts through dgov's proxy. */
export type Network = "off" | "on" | string[];

/** What one sandboxed process may see and change. Absolute host paths. */
export interface SandboxSpec {
  /** Folders it may change (a task worktree, a checkout, its HOME); a `.git` at their top stays read-only. */
  writable: readonly string[];
  /** Folders it must still read although they lie under the private /tmp (the repository's git dir). */
  readable: readonly string[];
  /** Paths that look empty inside: credential folders and files, daemon sockets. */
  hidden: readonly string[];
  network: Network;
  /** For a host list: where the allowlist proxy listens (see net-proxy.ts). */
  proxy?: ProxyEndpoint;
}

/** The allowlist proxy of one process: a unix socket (Linux) or a loopback port (macOS). */
export interface ProxyEndpoint {
  socket: string;
  port: number;
  /** The argv that runs the bridge inside the sandbox (`dgov __netbridge`). */
  bridge: readonly string[];
}

export type SandboxKind = "bwrap" | "seatbelt";
export type Availability = { ok: true; kind: SandboxKind; program: string } | { ok: false; reason: string; hint: string };

let detected: Promise<Availability> | undefined;

async function probeBwrap(program: string): Promise<Availability> {
  const probe = await exec(bwrapArgv(["true"], EMPTY, "/", program), { cwd: "/", env: { PATH: process.env.PATH ?? "/usr/bin:/bin" }, timeoutMs: 10_000 });
  if (probe.code === 0) return { ok: true, kind: "bwrap", program };
  const reason = probe.stderr.trim() || `exit ${probe.code}`;
  return {
    ok: false,
    reason: `bubblewrap cannot create a sandbox here: ${reason}`,
    hint: "Unprivileged user namespaces may be disabled (sysctl kernel.unprivileged_userns_clone=1; on Ubuntu 24.04 also kernel.apparmor_restrict_unprivileged_userns=0), or set [sandbox] mode = \"off\" in .dgov/project.toml to run without one.",
  };
}

const EMPTY: SandboxSpec = { writable: [], readable: [], hidden: [], network: "off" };

/** Which sandbox this machine offers; probed once per process (a real trial run of bwrap). */
export function detectSandbox(): Promise<Availability> {
  detected ??= detect();
  return detected;
}

async function detect(): Promise<Availability> {
  if (process.platform === "darwin") {
    return existsSync("/usr/bin/sandbox-exec")
      ? { ok: true, kind: "seatbelt", program: "/usr/bin/sandbox-exec" }
      : { ok: false, reason: "sandbox-exec is missing", hint: "Set [sandbox] mode = \"off\" to run without a sandbox." };
  }
  // DGOV_SANDBOX_PROGRAM: a bubblewrap outside PATH (or, for a check, one that does not exist).
  const wanted = process.env.DGOV_SANDBOX_PROGRAM || "bwrap";
  const bwrap = process.platform === "linux" ? Bun.which(wanted) : null;
  return bwrap
    ? probeBwrap(bwrap)
    : {
        ok: false,
        reason: process.platform === "linux" ? `bubblewrap (${wanted}) is not installed` : `no sandbox is supported on ${process.platform}`,
        hint: process.platform === "linux"
          ? "Install it (apt install bubblewrap, dnf install bubblewrap, pacman -S bubblewrap), or set [sandbox] mode = \"off\" in .dgov/project.toml to run without one."
          : "Set [sandbox] mode = \"off\" in .dgov/project.toml to run without one.",
      };
}

/** Real, existing paths only: a bind of a missing path fails, and links are mounted where they lead. */
function existing(paths: readonly string[]): string[] {
  const out = new Set<string>();
  for (const path of paths) {
    try {
      lstatSync(path);
      out.add(realpathSync(path));
    } catch {
      // Not there: nothing to bind or hide.
    }
  }
  return [...out];
}

/** The spec with every path resolved; what the platform builders get. */
export function resolveSpec(spec: SandboxSpec): SandboxSpec {
  return {
    ...spec,
    writable: existing(spec.writable),
    readable: existing(spec.readable),
    hidden: existing(spec.hidden),
  };
}

/** A wrapper that runs every argv confined by `spec`, with the sandbox `availability` found. */
export function createSandbox(availability: Extract<Availability, { ok: true }>, spec: SandboxSpec): Wrapper {
  const resolved = resolveSpec(spec);
  return {
    wrap: (argv, cwd) =>
      availability.kind === "bwrap" ? bwrapArgv(argv, resolved, cwd, availability.program) : seatbeltArgv(argv, resolved, cwd, availability.program),
  };
}
