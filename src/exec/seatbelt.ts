import { join } from "node:path";
import { proxyEnv } from "./proxy-env.ts";
import type { SandboxSpec } from "./sandbox.ts";

/**
 * The Seatbelt command line for one sandboxed argv (macOS `sandbox-exec -p <profile>`). Seatbelt
 * has no namespaces: it denies file writes but to the writable trees (their `.git` stays
 * read-only), reads of the hidden paths, looking into or signalling processes outside the
 * sandbox, and the network unless it is "on" (a host list may reach only dgov's proxy on
 * loopback). Processes are ended by their process group, as without a sandbox.
 */

/** An SBPL string literal. */
const lit = (s: string) => `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;

export function seatbeltProfile(spec: SandboxSpec): string {
  const lines = ["(version 1)", "(allow default)", "(deny file-write*)"];
  const writable = spec.writable.map((p) => `(subpath ${lit(p)})`);
  lines.push(`(allow file-write* ${[...writable, '(literal "/dev/null")', '(regex #"^/dev/tty")', '(regex #"^/dev/fd/")'].join(" ")})`);
  const gits = spec.writable.map((p) => join(p, ".git"));
  if (gits.length) lines.push(`(deny file-write* ${gits.map((g) => `(literal ${lit(g)}) (subpath ${lit(g)})`).join(" ")})`);
  if (spec.hidden.length) lines.push(`(deny file-read* ${spec.hidden.map((h) => `(literal ${lit(h)}) (subpath ${lit(h)})`).join(" ")})`);
  lines.push("(deny process-info*)", "(allow process-info* (target same-sandbox))", "(deny signal)", "(allow signal (target same-sandbox))");
  if (spec.network === "off") lines.push("(deny network*)");
  else if (Array.isArray(spec.network)) {
    lines.push("(deny network*)");
    if (spec.proxy) lines.push(`(allow network-outbound (remote tcp ${lit(`localhost:${spec.proxy.port}`)}))`);
  }
  return lines.join("\n");
}

/**
 * `cwd` is not needed: sandbox-exec keeps the working directory the caller starts it in. With a
 * host list, the program is told where the proxy is (`env HTTPS_PROXY=… argv`).
 */
export function seatbeltArgv(argv: readonly string[], spec: SandboxSpec, _cwd: string, program = "/usr/bin/sandbox-exec"): string[] {
  const proxy = Array.isArray(spec.network) && spec.proxy ? ["/usr/bin/env", ...Object.entries(proxyEnv(`http://127.0.0.1:${spec.proxy.port}`)).map(([k, v]) => `${k}=${v}`)] : [];
  return [program, "-p", seatbeltProfile(spec), ...proxy, ...argv];
}
