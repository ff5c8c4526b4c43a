import { existsSync, lstatSync } from "node:fs";
import { join } from "node:path";
import type { SandboxSpec } from "./sandbox.ts";

/**
 * The bubblewrap command line for one sandboxed argv (Linux). Every namespace bwrap can make
 * unprivileged is new: user (no capabilities, even for root: with them a root process could
 * remount `/` read-write), PID (no other process's `/proc` is visible, and every process dies
 * with the command, `setsid` or not), IPC, UTS, cgroup, and network unless it is "on". The
 * whole file system is read-only; /tmp, /var/tmp and /dev/shm are private and empty; then the
 * writable trees are bound read-write, their `.git` entries read-only over them, and the
 * hidden paths masked. Mount order is argv order: later mounts lie on top.
 */
export function bwrapArgv(argv: readonly string[], spec: SandboxSpec, cwd: string, program = "bwrap"): string[] {
  const out = [program, "--unshare-user", "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try"];
  if (spec.network !== "on") out.push("--unshare-net");
  out.push("--die-with-parent", "--new-session", "--cap-drop", "ALL");
  out.push("--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp", "--tmpfs", "/var/tmp", "--tmpfs", "/dev/shm");
  for (const path of spec.readable) out.push("--ro-bind", path, path);
  for (const path of spec.writable) {
    out.push("--bind", path, path);
    const git = join(path, ".git");
    if (existsSync(git)) out.push("--ro-bind", git, git);
  }
  for (const path of spec.hidden) {
    if (lstatSync(path, { throwIfNoEntry: false })?.isDirectory()) out.push("--tmpfs", path, "--remount-ro", path);
    else out.push("--ro-bind", "/dev/null", path);
  }
  if (Array.isArray(spec.network) && spec.proxy) {
    out.push("--bind", spec.proxy.socket, spec.proxy.socket, "--chdir", cwd, "--", ...spec.proxy.bridge, ...argv);
    return out;
  }
  out.push("--chdir", cwd, "--", ...argv);
  return out;
}
