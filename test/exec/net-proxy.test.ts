/** `[sandbox] network = [hosts]`: the allowlist proxy, and sandboxed commands reaching the network only through it. */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Confinement, confine, hostsKey } from "../../src/exec/confine.ts";
import { exec } from "../../src/exec/exec.ts";
import { hostAllowed, requestTarget, type RunningProxy, startProxy } from "../../src/exec/net-proxy.ts";
import { detectSandbox } from "../../src/exec/sandbox.ts";
import { selfPaths } from "../../src/exec/self.ts";

describe("host allowlist", () => {
  test("exact names, subdomain wildcards, ports", () => {
    const allow = ["api.example.com", "*.pkg.dev", "10.0.0.2:8443"];
    expect(hostAllowed("api.example.com", 443, allow)).toBe(true);
    expect(hostAllowed("API.Example.com", 80, allow)).toBe(true);
    expect(hostAllowed("evil-api.example.com", 443, allow)).toBe(false);
    expect(hostAllowed("example.com", 443, allow)).toBe(false);
    expect(hostAllowed("a.b.pkg.dev", 443, allow)).toBe(true);
    expect(hostAllowed("pkg.dev", 443, allow)).toBe(false);
    expect(hostAllowed("10.0.0.2", 8443, allow)).toBe(true);
    expect(hostAllowed("10.0.0.2", 22, allow)).toBe(false);
  });

  test("request heads: CONNECT, absolute-form HTTP rewritten to origin form, anything else refused", () => {
    expect(requestTarget("CONNECT api.example.com:443 HTTP/1.1\r\nHost: api.example.com:443")).toMatchObject({ host: "api.example.com", port: 443, connect: true });
    const plain = requestTarget("GET http://h.test:8080/a?b=1 HTTP/1.1\r\nHost: h.test:8080\r\nProxy-Connection: keep-alive\r\nAccept: */*");
    expect(plain).toMatchObject({ host: "h.test", port: 8080, connect: false });
    expect(plain!.head).toBe("GET /a?b=1 HTTP/1.1\r\nHost: h.test:8080\r\nAccept: */*\r\nConnection: close\r\n\r\n");
    expect(requestTarget("GET /relative HTTP/1.1")).toBeNull();
    expect(requestTarget("GET ftp://h/ HTTP/1.1")).toBeNull();
  });
});

const available = await detectSandbox();
describe.if(process.platform === "linux")("sandboxed commands with a host list", () => {
  let server: ReturnType<typeof Bun.serve>;
  let proxies: RunningProxy[] = [];
  const base = mkdtempSync(join(tmpdir(), "dgov-net-test-"));
  beforeAll(() => {
    server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response("hello from the host\n") });
  });
  afterAll(() => {
    server.stop(true);
    for (const p of proxies) p.close();
    rmSync(base, { recursive: true, force: true });
  });

  async function sandboxFor(hosts: string[]) {
    if (!available.ok) throw new Error(available.reason);
    const proxy = await startProxy(hosts);
    proxies.push(proxy);
    const cache = join(base, "cache");
    mkdirSync(cache, { recursive: true });
    const c: Confinement = { sandbox: { kind: available.kind, program: available.program }, network: hosts, hide: [], readable: selfPaths(), cache, proxies: { [hostsKey(hosts)]: { socket: proxy.socket, port: proxy.port } } };
    const work = mkdtempSync(join(base, "w-"));
    const wrapper = confine(c, { writable: [work], agentLogins: true });
    return (line: string) => exec(["sh", "-c", line], { cwd: work, env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: work }, sandbox: wrapper, timeoutMs: 30_000 });
  }

  test("an allowed host answers through the proxy; a direct connection has no network", async () => {
    const run = await sandboxFor(["127.0.0.1"]);
    const url = `http://127.0.0.1:${server.port}/`;
    const via = await run(`curl -sS --max-time 10 ${url}`);
    expect(via.stdout).toBe("hello from the host\n");
    // CONNECT, as TLS clients use it.
    const tunnel = await run(`curl -sS --max-time 10 --proxytunnel ${url}`);
    expect(tunnel.stdout).toBe("hello from the host\n");
    const direct = await run(`curl -sS --max-time 5 --noproxy '*' ${url}; echo rc=$?`);
    expect(direct.stdout).not.toContain("hello");
  }, 60_000);

  test("a host not in the list is refused by the proxy, naming it", async () => {
    const run = await sandboxFor(["api.example.com"]);
    const r = await run(`curl -sS --max-time 10 http://127.0.0.1:${server.port}/; curl -sS --max-time 10 -o /dev/null -w '%{http_code}\\n' http://127.0.0.1:${server.port}/`);
    expect(r.stdout).toContain("dgov sandbox: 127.0.0.1:");
    expect(r.stdout).toContain("is not in [sandbox] network");
    expect(r.stdout).toContain("403");
  }, 60_000);

  test("an allowed name that resolves to loopback is not reached unless the address itself is listed", async () => {
    const run = await sandboxFor(["localhost"]);
    const r = await run(`curl -sS --max-time 10 http://localhost:${server.port}/`);
    expect(r.stdout).not.toContain("hello");
    expect(r.stdout).toContain("resolves to no address it may reach");
  }, 60_000);
});
