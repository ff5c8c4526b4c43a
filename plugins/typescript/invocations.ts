/**
 * Which tools a JavaScript project's scripts and CI lines run, and with which arguments.
 * Scripts are read, never run: `"test": "npm run lint && vitest run"` runs eslint (through
 * the lint script) and vitest. Runner prefixes (`npx`, `pnpm exec`, `cross-env X=1`, …) are
 * looked through, and script references (`npm run`, `pnpm <script>`, `run-s`, `concurrently
 * "npm:x"`) are followed, with pre/post scripts, to a bounded depth.
 */

export type Scripts = Readonly<Record<string, string>>;

/** A tool a line runs: `eslint` with `[".", "--max-warnings", "0"]`; built-in runners as `node --test`, `bun test`. */
export interface Invocation {
  tool: string;
  args: string[];
}

const MAX_DEPTH = 8;
const ENV_ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;
const TRANSPARENT = new Set(["cross-env", "env", "time", "nice", "dotenv"]);
const RUNNERS = new Set(["npx", "pnpx", "bunx"]);
const EXEC_SUBCOMMANDS: Record<string, string[]> = { bun: ["x"], pnpm: ["exec", "dlx"], yarn: ["exec", "dlx"], npm: ["exec", "x"] };
const RUN_ALL = new Set(["run-s", "run-p", "npm-run-all", "npm-run-all2"]);
/** Commands of yarn and pnpm themselves; any other word after them names a script or a binary to run. */
const MANAGER_COMMANDS = new Set([
  "install", "i", "add", "remove", "rm", "up", "upgrade", "update", "init", "create", "dlx", "exec", "run", "why", "info",
  "link", "unlink", "publish", "pack", "version", "config", "cache", "audit", "outdated", "list", "ls", "workspace",
  "workspaces", "set", "plugin", "rebuild", "store", "prune", "import", "fetch", "dedupe", "patch", "node", "test", "start",
]);

/** Splits a command line at `&&`, `||`, `;`, `|` and `&`, outside quotes. */
function segments(line: string): string[] {
  const out: string[] = [];
  let current = "";
  let quote: string | null = null;
  for (const ch of line) {
    if (quote) {
      if (ch === quote) quote = null;
      current += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      current += ch;
    } else if (ch === "&" || ch === "|" || ch === ";" || ch === "\n") {
      out.push(current);
      current = "";
    } else {
      current += ch;
    }
  }
  out.push(current);
  return out.map((s) => s.trim()).filter(Boolean);
}

/** Shell words, quotes removed (no expansion: scripts are read, not run). */
function words(segment: string): string[] {
  return [...segment.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]!);
}

/** Drops leading flags and a `--` separator. */
function dropFlags(list: string[]): string[] {
  let i = 0;
  while (i < list.length && list[i]!.startsWith("-")) i++;
  return list[i] === "--" ? list.slice(i + 1) : list.slice(i);
}

/** `cross-env CI=1 npx --no tsc -p x` → `tsc -p x`: what actually starts. */
function throughRunners(list: string[]): string[] {
  let rest = list;
  for (;;) {
    const [first, second] = rest;
    if (first === undefined) return rest;
    if (ENV_ASSIGNMENT.test(first) || TRANSPARENT.has(first)) rest = rest.slice(1);
    else if (RUNNERS.has(first)) rest = dropFlags(rest.slice(1));
    else if (second !== undefined && EXEC_SUBCOMMANDS[first]?.includes(second)) rest = dropFlags(rest.slice(2));
    else return rest;
  }
}

/** npm-run-all patterns: `*` within one `:` segment, `**` across them. */
function matchScripts(pattern: string, scripts: Scripts): string[] {
  if (!pattern.includes("*")) return pattern in scripts ? [pattern] : [];
  const source = pattern.replace(/[.+?^${}()[\]\\]/g, "\\$&").replace(/\*\*/g, "\0").replace(/\*/g, "[^:]*").replace(/\0/g, ".*");
  const regex = new RegExp(`^${source}$`);
  return Object.keys(scripts).filter((name) => regex.test(name));
}

/** The scripts a command names, or null when it names none. */
function scriptReferences(list: string[], scripts: Scripts): string[] | null {
  const [cmd, ...rest] = list;
  const args = rest.filter((w) => !w.startsWith("-"));
  const [sub, name] = args;
  if (cmd === undefined) return null;
  if (RUN_ALL.has(cmd)) return args.flatMap((pattern) => matchScripts(pattern, scripts));
  if (cmd === "npm") {
    if (sub === "run" || sub === "run-script" || sub === "rum" || sub === "urn") return name ? [name] : [];
    if (sub === "test" || sub === "t" || sub === "tst") return ["test"];
    return sub === "start" ? ["start"] : null;
  }
  if (cmd === "pnpm" || cmd === "yarn" || cmd === "bun") {
    if (sub === "run") return name && name in scripts ? [name] : null;
    if (cmd === "bun" && sub === "test") return null; // bun's own test runner, not the script
    return sub !== undefined && sub in scripts ? [sub] : null;
  }
  return null;
}

function toInvocation(list: string[]): Invocation | null {
  const [cmd, ...args] = list;
  if (cmd === undefined) return null;
  // `yarn eslint .`, `pnpm tsc`: the manager runs a local binary.
  if ((cmd === "yarn" || cmd === "pnpm") && args[0] && !args[0].startsWith("-") && !MANAGER_COMMANDS.has(args[0])) return toInvocation(args);
  const tool = cmd.slice(cmd.lastIndexOf("/") + 1);
  if (tool === "node" && args.includes("--test")) return { tool: "node --test", args };
  if (tool === "bun" && args[0] === "test") return { tool: "bun test", args: args.slice(1) };
  return { tool, args };
}

/** The tools one command line runs, following the scripts it calls. */
export function lineInvocations(line: string, scripts: Scripts, depth = 0): Invocation[] {
  if (depth > MAX_DEPTH) return [];
  return segments(line).flatMap((segment) => {
    const list = throughRunners(words(segment));
    if (list[0] === "concurrently") {
      // Each argument is a command, or `npm:<script>` naming one.
      return dropFlags(list.slice(1)).flatMap((arg) =>
        /^(npm|pnpm|yarn|bun):/.test(arg) ? scriptInvocations(arg.slice(arg.indexOf(":") + 1), scripts, depth + 1) : lineInvocations(arg, scripts, depth + 1),
      );
    }
    const refs = scriptReferences(list, scripts);
    if (refs) return refs.flatMap((name) => scriptInvocations(name, scripts, depth + 1));
    const invocation = toInvocation(list);
    return invocation ? [invocation] : [];
  });
}

/** The tools a package.json script runs, with its `pre` and `post` scripts. */
export function scriptInvocations(name: string, scripts: Scripts, depth = 0): Invocation[] {
  if (depth > MAX_DEPTH || !(name in scripts)) return [];
  return [`pre${name}`, name, `post${name}`]
    .filter((n) => n in scripts)
    .flatMap((n) => lineInvocations(scripts[n]!, scripts, depth + 1));
}
