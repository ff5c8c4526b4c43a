import { connect, createServer } from "node:net";
import { proxyEnv } from "./proxy-env.ts";
import { BRIDGE_COMMAND } from "./self.ts";
import { writeStd } from "../tty.ts";

/**
 * Inside a sandbox without a network of its own (Linux, `[sandbox] network = [hosts]`): listens
 * on 127.0.0.1:<port> of the sandbox's private loopback and carries each connection to the
 * allowlist proxy's unix socket, bound in from outside; then runs `argv` with the proxy
 * variables set and exits as it does. It is the sandbox's first process, so everything dies
 * with it.
 */
export async function runBridge(socket: string, port: number, argv: readonly string[]): Promise<number> {
  const server = createServer((client) => {
    const upstream = connect(socket);
    client.pipe(upstream).pipe(client);
    const close = () => (client.destroy(), upstream.destroy());
    client.on("error", close);
    upstream.on("error", close);
  });
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(port, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${port}`;
  const env = { ...process.env, ...proxyEnv(url) };
  // Not through exec(): the command gets the bridge's own stdio, and the sandbox ends it.
  const child = Bun.spawn([...argv], { env, stdio: ["inherit", "inherit", "inherit"] });
  for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"] as const) process.on(signal, () => child.kill(signal));
  const code = await child.exited;
  server.close();
  return child.signalCode ? 128 + (typeof child.signalCode === "number" ? child.signalCode : 15) : code;
}


/** The bridge's own argv; a malformed one is exit 2. */
export async function runBridgeArgv(argv: readonly string[]): Promise<number> {
  const [socket, port, dashes, ...rest] = argv;
  if (!socket || !/^\d+$/.test(port ?? "") || dashes !== "--" || rest.length === 0) {
    writeStd(2, `usage: dgov ${BRIDGE_COMMAND} <socket> <port> -- <program> [args…]\n`);
    return 2;
  }
  return runBridge(socket, Number(port), rest);
}
