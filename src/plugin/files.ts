import { closeSync, constants, existsSync, fstatSync, ftruncateSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, readlinkSync, realpathSync, type Stats, statSync, writeSync } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import type { FileResult, WorktreeFiles } from "./types.ts";

/** Larger files are refused by `readText`: a model cannot use them, and they blow the context. */
export const MAX_TEXT_BYTES = 2 * 1024 * 1024;
/** Directory names `walk` never enters, besides dot directories. */
const SKIPPED_DIRS = new Set(["node_modules", "__pycache__"]);
const TRAVERSAL = "Path traversal attempt blocked.";

const fail = (error: string): { ok: false; error: string } => ({ ok: false, error });

/** Links followed by hand before giving up (the kernel's own limit is 40). */
const MAX_LINK_HOPS = 40;

function linkTarget(path: string): string | null {
  try {
    return readlinkSync(path);
  } catch {
    return null;
  }
}

/**
 * The real path of `abs`, or of its deepest existing ancestor with the rest appended. A
 * dangling link is followed by hand: writing through it would create the file it points at,
 * so that place (possibly outside the worktree) is what must be checked. Too many hops (a
 * link cycle) yield `/`, which is outside every worktree.
 */
function realish(abs: string, hops = 0): string {
  const missing: string[] = [];
  let current = abs;
  for (;;) {
    try {
      return join(realpathSync(current), ...missing.reverse());
    } catch {
      const target = linkTarget(current);
      if (target !== null) {
        if (hops >= MAX_LINK_HOPS) return "/";
        return realish(join(resolve(dirname(current), target), ...missing.reverse()), hops + 1);
      }
      const parent = dirname(current);
      if (parent === current) return abs;
      missing.push(basename(current));
      current = parent;
    }
  }
}

/**
 * Text, unless the bytes are binary: a NUL byte, or not valid UTF-8. A byte-order mark is
 * kept in the text, so a file read, edited and written back keeps it too.
 */
export function decodeText(bytes: Uint8Array): string | null {
  if (bytes.subarray(0, 8192).includes(0)) return null;
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** A file's status, or null when it vanished or cannot be looked at (a listing skips it). */
function statOrNull(abs: string, how: typeof statSync | typeof lstatSync = statSync): Stats | null {
  try {
    return how(abs);
  } catch {
    return null;
  }
}

/**
 * Writes `text` to the real path `abs`: opened without following a link (one swapped in since
 * the path was resolved fails with ELOOP), `create` atomic (`wx`). A file with other names
 * (a hard link, maybe to `.git/config` or a file outside the worktree) is left untouched and
 * its link count returned; it is truncated only once it is known to be this path alone.
 */
function writeResolved(abs: string, text: string, create: boolean): number | null {
  const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_NOFOLLOW | (create ? constants.O_EXCL : 0);
  const fd = openSync(abs, flags, 0o666);
  try {
    const links = fstatSync(fd).nlink;
    if (links > 1) return links;
    ftruncateSync(fd, 0);
    const bytes = Buffer.from(text, "utf8");
    for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at, at);
    return null;
  } finally {
    closeSync(fd);
  }
}

/** The worktree's files as tools see them: contained, `.git/` never writable, no write through a hard link. */
export function createWorktreeFiles(worktree: string): WorktreeFiles {
  const root = realish(resolve(worktree));
  const inside = (abs: string) => abs === root || abs.startsWith(root + sep);
  const toRel = (abs: string) => relative(root, abs).split(sep).join("/") || ".";

  const resolvePath: WorktreeFiles["resolve"] = (path, opts = {}) => {
    if (typeof path !== "string" || path.trim() === "") return fail("path is empty.");
    if (path.includes("\0")) return fail("path contains a NUL byte.");
    const abs = realish(isAbsolute(path) ? resolve(path) : resolve(root, path));
    if (!inside(abs)) return fail(TRAVERSAL);
    const rel = toRel(abs);
    // Case-insensitively: on macOS and Windows file systems `.GIT/config` is `.git/config`.
    if (opts.write && rel.split("/").some((part) => part.toLowerCase() === ".git")) return fail(`${path} is inside .git/, which tools may not change.`);
    return { ok: true, abs, rel };
  };

  const readText: WorktreeFiles["readText"] = (path) => {
    const found = resolvePath(path);
    if (!found.ok) return found;
    if (!existsSync(found.abs)) return fail(`${path} does not exist.`);
    const stat = statSync(found.abs);
    if (stat.isDirectory()) return fail(`${path} is a directory, not a file. Use list_dir to see its entries.`);
    if (!stat.isFile()) return fail(`${path} is not a regular file.`);
    if (stat.size > MAX_TEXT_BYTES) {
      return fail(`${path} is too large to read (${stat.size} bytes; the limit is ${MAX_TEXT_BYTES}). Read a part of it with a command instead.`);
    }
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(found.abs);
    } catch (error) {
      return fail(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    const text = decodeText(bytes);
    if (text === null) return fail(`${path} is a binary file, not UTF-8 text.`);
    return { ok: true, text, rel: found.rel };
  };

  const writeText: WorktreeFiles["writeText"] = (path, text, opts = {}) => {
    const found = resolvePath(path, { write: true });
    if (!found.ok) return found;
    if (found.rel === ".") return fail(`${path} is the worktree itself, not a file.`);
    if (existsSync(found.abs)) {
      if (opts.create) return fail(`${path} already exists.`);
      if (statSync(found.abs).isDirectory()) return fail(`${path} is a directory, not a file.`);
    }
    let step = "mkdir";
    try {
      mkdirSync(dirname(found.abs), { recursive: true });
      step = "write";
      const linked = writeResolved(found.abs, text, Boolean(opts.create));
      if (linked) return fail(`${path} is a hard link (${linked} names for one file); writing it would change a file outside this path. Delete it and write a new file instead.`);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (step === "write" && code === "EEXIST") return fail(`${path} already exists.`);
      if (code === "EEXIST" || code === "ENOTDIR") return fail(`cannot write ${path}: one of its parent folders is a file.`);
      if (code === "ELOOP") return fail(`cannot write ${path}: it became a symbolic link.`);
      return fail(`cannot write ${path}: ${code ?? (error as Error).message}`);
    }
    return { ok: true, rel: found.rel };
  };

  const list: WorktreeFiles["list"] = (path) => {
    const found = resolvePath(path);
    if (!found.ok) return found;
    if (!existsSync(found.abs)) return fail(`${path} does not exist.`);
    if (!statSync(found.abs).isDirectory()) return fail(`${path} is not a directory.`);
    const entries = readdirSync(found.abs)
      .filter((name) => !name.startsWith("."))
      .sort()
      .flatMap((name) => {
        const abs = join(found.abs, name);
        const real = realish(abs);
        const stat = inside(real) ? statOrNull(real) : null;
        if (!stat) return [];
        return [{ name, rel: toRel(abs), dir: stat.isDirectory(), size: stat.isDirectory() ? 0 : stat.size }];
      });
    return { ok: true, entries };
  };

  const walk: WorktreeFiles["walk"] = (path = ".") => {
    const found = resolvePath(path);
    if (!found.ok) return found;
    if (!existsSync(found.abs)) return fail(`${path} does not exist.`);
    if (statSync(found.abs).isFile()) return { ok: true, files: [found.rel] };
    const files: string[] = [];
    const visit = (dir: string) => {
      let names: string[];
      try {
        names = readdirSync(dir).sort();
      } catch {
        return;
      }
      for (const name of names) {
        if (name.startsWith(".") || SKIPPED_DIRS.has(name)) continue;
        const abs = join(dir, name);
        const stat = statOrNull(abs, lstatSync);
        if (!stat) continue;
        if (stat.isDirectory()) visit(abs);
        else if (stat.isFile()) files.push(toRel(abs));
        // A link is followed only to a regular file inside the worktree; linked folders are
        // skipped, so a cycle or an escape cannot happen.
        else if (stat.isSymbolicLink()) {
          const real = realish(abs);
          if (inside(real) && statOrNull(real)?.isFile()) files.push(toRel(abs));
        }
      }
    };
    visit(found.abs);
    return { ok: true, files };
  };

  const exists: WorktreeFiles["exists"] = (path) => {
    const found = resolvePath(path);
    return found.ok && existsSync(found.abs);
  };

  return { resolve: resolvePath, readText, writeText, list, walk, exists };
}

export type { FileResult };
