import { statSync } from "node:fs";
import { resolve } from "node:path";
import { exec } from "../exec/exec.ts";
import { callGitDir, commonOf } from "./dirs.ts";
import { isSparse, SPARSE_CONFIG } from "./sparse.ts";

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
 * The config files' identity: a change to any of them invalidates the cached overrides. The
 * files are absolute (git names the repository's own config relative to the repository, so
 * they are resolved from the listing's `cwd` when read).
 */
function signature(files: readonly string[]): string {
  return files
    .map((f) => {
      const s = statSync(f, { throwIfNoEntry: false, bigint: true });
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

/**
 * Keys under which one worktree's config can differ from another's of the same repository:
 * conditional or plain includes (`includeIf.gitdir:…`, `includeIf.onbranch:…`) and per-worktree
 * config files. A listing without them holds for every worktree of its repository.
 */
const PER_WORKTREE = /^(include\.|includeif\.|extensions\.worktreeconfig$)/i;

/** Keys with which git writes a commit object otherwise than objects.ts does: an `encoding` header, shared-repository permissions. */
const OBJECT_FORM = /^(i18n\.commitencoding|core\.sharedrepository)$/i;

interface Listing {
  sig: string;
  files: string[];
  overrides: [string, string][];
  /** The listing holds for every worktree of the repository (no key of PER_WORKTREE). */
  shared: boolean;
  /** No key of OBJECT_FORM: dgov may write commit objects itself. */
  plainObjects: boolean;
}

const cache = new Map<string, Listing>();

/**
 * Every override for a git call in `cwd` (with the call's own `--git-dir`, so the config read
 * is the config the call will use): the fixed ones, one per driver that config defines, and in
 * a sparse worktree dgov made, the keys that apply its patterns (sparse.ts).
 * The listing is read once per repository (once per directory when its config can differ
 * between worktrees, see PER_WORKTREE), and again only when a config file it came from
 * changes (one stat per file per call). It is read with the user's and the system's config
 * whatever `env` leaves out: an override of a driver a call never sees changes nothing.
 */
export async function neutralConfig(cwd: string, env: Record<string, string | undefined>, gitDir: readonly string[] = []): Promise<Record<string, string>> {
  // Read every call: a folder's git dir changes when a parked checkout is moved there.
  const own = callGitDir(cwd, gitDir);
  const hit = await listing(cwd, env, gitDir, own);
  return configEnv([...NEUTRAL_CONFIG, ...hit.overrides, ...(own && isSparse(own) ? SPARSE_CONFIG : [])]);
}

/** Whether a commit dgov writes in-process in this repository is byte for byte the one git would write (objects.ts). */
export async function plainObjects(cwd: string, env: Record<string, string | undefined>, gitDir: readonly string[] = []): Promise<boolean> {
  return (await listing(cwd, env, gitDir, callGitDir(cwd, gitDir))).plainObjects;
}

/** The config listing of a git call in `cwd`, from the cache while its files are unchanged. */
async function listing(cwd: string, env: Record<string, string | undefined>, gitDir: readonly string[], own: string | null): Promise<Listing> {
  const key = `${cwd}\0${gitDir.join("\0")}`;
  let hit = cache.get(key);
  if (!hit || signature(hit.files) !== hit.sig) {
    const common = own && commonOf(own);
    const repo = common ? cache.get(`repo\0${common}`) : undefined;
    if (repo && signature(repo.files) === repo.sig) hit = repo;
    else {
      const listEnv = { ...env, GIT_CONFIG_GLOBAL: undefined, GIT_CONFIG_NOSYSTEM: undefined, ...configEnv(NEUTRAL_CONFIG) };
      const listed = await exec(["git", ...gitDir, "config", "--list", "--show-origin", "-z"], { cwd, env: listEnv, timeoutMs: 30_000 });
      const { keys, files } = parseConfigListing(listed.code === 0 ? listed.stdout : "");
      const absolute = files.map((f) => resolve(cwd, f));
      hit = { sig: signature(absolute), files: absolute, overrides: driverOverrides(keys), shared: !keys.some((k) => PER_WORKTREE.test(k)), plainObjects: !keys.some((k) => OBJECT_FORM.test(k)) };
      if (common && hit.shared) cache.set(`repo\0${common}`, hit);
    }
    cache.set(key, hit);
  }
  return hit;
}
