import { statSync } from "node:fs";
import { resolve } from "node:path";
import { exec } from "../exec/exec.ts";

/*
 * dgov's own git never runs a program the repository names. A repository's config (which a
 * worker could have written, and which dgov's git reads in the root, the worktrees and the
 * checkouts) can make git execute commands: hooks, fsmonitor, pagers, editors, credential
 * helpers, signing programs, and the filter, diff and merge drivers that `.gitattributes`
 * (worker-written) selects. Every git call dgov makes overrides all of them on its command
 * line (as GIT_CONFIG_COUNT variables, which take precedence over every config file).
 * Patch output is always asked for with `--no-ext-diff`, the one driver no value disables.
 */

/** Keys that name a program, with values under which git runs none. */
export const NEUTRAL_CONFIG: readonly (readonly [string, string])[] = [
  ["core.hooksPath", "/dev/null"],
  ["core.fsmonitor", "false"],
  ["core.sshCommand", "false"],
  ["core.pager", "cat"],
  ["core.editor", "false"],
  ["sequence.editor", "false"],
  ["core.askPass", ""],
  ["credential.helper", ""],
  ["core.alternateRefsCommand", ""],
  ["gpg.program", "false"],
  ["commit.gpgSign", "false"],
  ["tag.gpgSign", "false"],
  ["log.showSignature", "false"],
  ["merge.verifySignatures", "false"],
  ["submodule.recurse", "false"],
  ["protocol.ext.allow", "never"],
  ["gc.auto", "0"],
  ["maintenance.auto", "false"],
];

/** Driver settings that name programs, and the value that replaces each: none, or the built-in behaviour. */
const DRIVER_VALUES: Record<string, string> = {
  "filter.clean": "",
  "filter.smudge": "",
  "filter.process": "",
  "filter.required": "false",
  // An identity conversion: the raw text is diffed.
  "diff.textconv": "cat",
  // `git merge-file` is the built-in three-way text merge, as a driver.
  "merge.driver": "git merge-file --marker-size=%L %A %O %B",
};
const DRIVER_KEY = /^(filter|diff|merge)\.(.+)\.(clean|smudge|process|required|textconv|command|driver)$/i;

/** The overrides that disable every driver a config listing names. */
export function driverOverrides(keys: Iterable<string>): [string, string][] {
  const names = new Map<string, Set<string>>();
  for (const key of keys) {
    const m = DRIVER_KEY.exec(key);
    if (!m) continue;
    const kind = m[1]!.toLowerCase();
    if (!names.has(kind)) names.set(kind, new Set());
    names.get(kind)!.add(m[2]!);
  }
  const out: [string, string][] = [];
  for (const [kind, set] of names) {
    for (const name of [...set].sort()) {
      for (const [setting, value] of Object.entries(DRIVER_VALUES)) {
        const [k, field] = setting.split(".") as [string, string];
        if (k === kind) out.push([`${kind}.${name}.${field}`, value]);
      }
    }
  }
  return out;
}

/** Parses `git config --list --show-origin -z`: `<origin>\0<key>\n<value>\0` entries. */
export function parseConfigListing(out: string): { keys: string[]; files: string[] } {
  const parts = out.split("\0");
  const keys: string[] = [];
  const files = new Set<string>();
  for (let i = 0; i + 1 < parts.length; i += 2) {
    const origin = parts[i]!;
    const entry = parts[i + 1]!;
    if (origin.startsWith("file:")) files.add(origin.slice(5));
    const newline = entry.indexOf("\n");
    keys.push(newline === -1 ? entry : entry.slice(0, newline));
  }
  return { keys, files: [...files] };
}

/**
 * The config files' identity: a change to any of them invalidates the cached overrides. git
 * names the repository's own config relative to the repository (`.git/config`), so it is
 * looked up from `cwd`, not from this process's directory (where `.git` may be a file).
 */
function signature(cwd: string, files: readonly string[]): string {
  return files
    .map((f) => {
      const s = statSync(resolve(cwd, f), { throwIfNoEntry: false, bigint: true });
      return s ? `${f}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}` : `${f}:-`;
    })
    .join("|");
}

/** As GIT_CONFIG_COUNT/KEY/VALUE variables. */
export function configEnv(pairs: readonly (readonly [string, string])[]): Record<string, string> {
  const env: Record<string, string> = { GIT_CONFIG_COUNT: String(pairs.length) };
  pairs.forEach(([key, value], i) => {
    env[`GIT_CONFIG_KEY_${i}`] = key;
    env[`GIT_CONFIG_VALUE_${i}`] = value;
  });
  return env;
}

const cache = new Map<string, { sig: string; files: string[]; overrides: [string, string][] }>();

/**
 * Every override for a git call in `cwd` (with the call's own `--git-dir`, so the config read
 * is the config the call will use): the fixed ones, and one per driver that config defines.
 * The listing is read once per repository and directory, and again only when a config file it
 * came from changes (one stat per file per call).
 */
export async function neutralConfig(cwd: string, env: Record<string, string | undefined>, gitDir: readonly string[] = []): Promise<Record<string, string>> {
  const key = `${cwd}\0${gitDir.join("\0")}`;
  let hit = cache.get(key);
  if (!hit || signature(cwd, hit.files) !== hit.sig) {
    const listed = await exec(["git", ...gitDir, "config", "--list", "--show-origin", "-z"], { cwd, env: { ...env, ...configEnv(NEUTRAL_CONFIG) }, timeoutMs: 30_000 });
    const { keys, files } = parseConfigListing(listed.code === 0 ? listed.stdout : "");
    hit = { sig: signature(cwd, files), files, overrides: driverOverrides(keys) };
    cache.set(key, hit);
  }
  return configEnv([...NEUTRAL_CONFIG, ...hit.overrides]);
}
