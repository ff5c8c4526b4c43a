import { lookup } from "node:dns/promises";
import { isIP, connect, createServer, type Server, type Socket } from "node:net";
import { join } from "node:path";
import { scratchDir } from "../scratch.ts";

/*
 * The allowlist proxy of `[sandbox] network = ["host", …]`: an HTTP proxy (CONNECT for TLS,
 * absolute-form requests for plain HTTP) that connects only to the hosts listed. Sandboxed
 * processes have no network of their own; on Linux they reach this proxy through a unix socket
 * bound into the sandbox (and a bridge inside it, net-bridge.ts), on macOS on a loopback port.
 */

const MAX_HEAD = 16 * 1024;

/** `api.example.com` (any port), `*.example.com` (its subdomains), `host:443` (that port only). */
export function hostAllowed(host: string, port: number, allow: readonly string[]): boolean {
  const name = host.toLowerCase().replace(/^\[|\]$/g, "");
  return allow.some((entry) => {
    const m = /^(.*?)(?::(\d+))?$/.exec(entry.toLowerCase())!;
    const [pattern, onlyPort] = [m[1]!, m[2]];
    if (onlyPort !== undefined && Number(onlyPort) !== port) return false;
    return pattern.startsWith("*.") ? name.endsWith(pattern.slice(1)) : name === pattern;
  });
}

/** Loopback, link-local, unspecified and metadata addresses: reached only when listed as literals. */
function internal(address: string): boolean {
  return /^(127\.|0\.|169\.254\.|::1$|::$|fe80:|::ffff:127\.|100\.100\.100\.200$)/i.test(address);
}

/** Where a request goes: CONNECT host:port, or the host of an absolute-form URL. */
export function requestTarget(head: string): { host: string; port: number; connect: boolean; head: string } | null {
  const [line = "", ...headers] = head.split("\r\n");
  const m = /^([A-Z]+) (\S+) (HTTP\/1\.[01])$/.exec(line);
  if (!m) return null;
  const [, method, target, version] = m as unknown as [string, string, string, string];
  if (method === "CONNECT") {
    const t = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(target);
    return t ? { host: t[1]!, port: Number(t[2]), connect: true, head: "" } : null;
  }
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return null;
  }
  if (url.protocol !== "http:") return null;
  // Origin form upstream, one request per connection (a second one could name another host).
  const kept = headers.filter((h) => h && !/^(proxy-[\w-]+|connection|keep-alive):/i.test(h));
  const rewritten = [`${method} ${url.pathname}${url.search} ${version}`, ...kept, "Connection: close", "", ""].join("\r\n");
  return { host: url.hostname, port: Number(url.port || 80), connect: false, head: rewritten };
}

function refuse(client: Socket, status: string, why: string): void {
  client.end(`HTTP/1.1 ${status}\r\nContent-Type: text/plain\r\nConnection: close\r\nContent-Length: ${Buffer.byteLength(why)}\r\n\r\n${why}`);
}

async function upstreamAddress(host: string, allow: readonly string[]): Promise<string | null> {
  if (isIP(host.replace(/^\[|\]$/g, ""))) return host.replace(/^\[|\]$/g, "");
  const addresses = await lookup(host, { all: true }).catch(() => []);
  const literalOk = (a: string) => allow.some((e) => e.replace(/:\d+$/, "") === a);
  return addresses.map((a) => a.address).find((a) => !internal(a) || literalOk(a)) ?? null;
}

async function serve(client: Socket, first: Buffer, allow: readonly string[]): Promise<void> {
  const end = first.indexOf("\r\n\r\n");
  const target = requestTarget(first.subarray(0, end).toString("latin1"));
  if (!target) return refuse(client, "400 Bad Request", "dgov sandbox proxy: not a proxy request\n");
  if (!hostAllowed(target.host, target.port, allow)) {
    return refuse(client, "403 Forbidden", `dgov sandbox: ${target.host}:${target.port} is not in [sandbox] network\n`);
  }
  const address = await upstreamAddress(target.host, allow);
  if (!address) return refuse(client, "502 Bad Gateway", `dgov sandbox: ${target.host} resolves to no address it may reach\n`);
  const upstream = connect({ host: address, port: target.port });
  const rest = first.subarray(end + 4);
  let connected = false;
  upstream.once("connect", () => {
    connected = true;
    if (target.connect) client.write("HTTP/1.1 200 Connection established\r\n\r\n");
    else upstream.write(target.head);
    if (rest.length) upstream.write(rest);
    client.pipe(upstream).pipe(client);
  });
  upstream.on("error", () => (connected ? client.destroy() : refuse(client, "502 Bad Gateway", `dgov sandbox: cannot reach ${target.host}:${target.port}\n`)));
  client.on("error", () => upstream.destroy());
  client.on("close", () => upstream.destroy());
}

function handle(allow: readonly string[]) {
  return (client: Socket) => {
    let buffered = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      if (buffered.indexOf("\r\n\r\n") !== -1) {
        client.off("data", onData);
        client.pause();
        void serve(client, buffered, allow).finally(() => client.resume());
      } else if (buffered.length > MAX_HEAD) refuse(client, "431 Request Header Fields Too Large", "dgov sandbox proxy: request head too large\n");
    };
    client.on("data", onData);
    client.on("error", () => client.destroy());
  };
}

/** A running proxy: where it listens. It never keeps the process alive. */
export interface RunningProxy {
  /** The unix socket (Linux), or "" when it listens on loopback TCP. */
  socket: string;
  /** The loopback port (macOS); 0 with a unix socket. */
  port: number;
  close(): void;
}

/** Starts a proxy for `allow`: on a unix socket in a fresh private folder, or with `tcp` on 127.0.0.1. */
export function startProxy(allow: readonly string[], opts: { tcp?: boolean } = {}): Promise<RunningProxy> {
  const server: Server = createServer(handle(allow));
  const socket = opts.tcp ? "" : join(scratchDir("net"), "proxy.sock");
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    const ready = () => {
      server.unref();
      const address = server.address();
      resolve({ socket, port: typeof address === "object" && address ? address.port : 0, close: () => server.close() });
    };
    if (opts.tcp) server.listen(0, "127.0.0.1", ready);
    else server.listen(socket, ready);
  });
}
