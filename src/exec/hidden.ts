import { join } from "node:path";

/** Credential stores under a HOME: keys, tokens and passwords of the user's other tools. */
const CREDENTIALS = [
  ".ssh", ".gnupg", ".aws", ".azure", ".kube", ".docker", ".netrc", ".git-credentials", ".npmrc", ".pypirc",
  ".gem/credentials", ".cargo/credentials", ".cargo/credentials.toml", ".m2/settings-security.xml", ".password-store",
  ".terraform.d/credentials.tfrc.json", ".config/gcloud", ".config/gh", ".config/hub", ".config/op", ".config/git/credentials",
  ".local/share/keyrings",
];

/** Where coding agents keep their logins: hidden from tools, visible to a `command` agent that needs its own. */
const AGENT_LOGINS = [".claude", ".claude.json", ".codex", ".config/openai", ".aider", ".config/github-copilot", ".gemini"];

/** Sockets of daemons that act for whoever connects (a container engine is root on this machine). */
const DAEMON_SOCKETS = [
  "/run/docker.sock", "/var/run/docker.sock", "/run/containerd/containerd.sock", "/run/podman", "/run/snapd.socket",
  "/run/dbus/system_bus_socket", "/var/run/dbus/system_bus_socket",
];

/**
 * What a sandboxed process must not read or reach, besides what the namespaces already hide:
 * the real HOME's credential stores (processes get a private HOME, but the real one is still
 * on the read-only file system), the user's session sockets, and daemon sockets. Paths that do
 * not exist are dropped when the sandbox is made.
 */
export function defaultHidden(home: string | undefined, opts: { agentLogins: boolean }, uid = process.getuid?.() ?? 0): string[] {
  const inHome = home ? [...CREDENTIALS, ...(opts.agentLogins ? AGENT_LOGINS : [])].map((p) => join(home, p)) : [];
  return [...inHome, ...DAEMON_SOCKETS, `/run/user/${uid}`];
}
