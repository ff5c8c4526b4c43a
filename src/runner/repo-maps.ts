import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { ResolvedConfig } from "../config/resolve.ts";
import { git } from "../git/run.ts";
import { inCone } from "../git/sparse.ts";
import { fileSymbols, mapOf } from "../worker/repo-map.ts";

/*
 * The repo map a fresh worker starts with, built by the runner once per base commit and
 * handed over in the worker's spec: every worker at the same base gets the same map, and none
 * spends its start-up walking and parsing the tree. The files are the base commit's (`git
 * ls-tree`, not a walk: build outputs and ignored files are not the project), and each file's
 * symbols are kept by blob id, so a base one landing further on parses only what landed.
 */

export interface RepoMaps {
  /**
   * The map of the tree at `base`; `tree` is a checkout of it, where files not parsed before
   * are read. With `cone`, the map of a sparse checkout: only the files it holds.
   */
  at(base: string, tree: string, cone?: readonly string[] | null): Promise<string>;
}

/** `git ls-tree -r -z <base>`: each blob's path and id (links and submodules listed without an id to read). */
async function listTree(root: string, base: string): Promise<{ path: string; blob: string | null }[]> {
  const listed = await git(["ls-tree", "-r", "-z", "--full-tree", base], root);
  if (listed.code !== 0) throw new Error(`git ls-tree ${base.slice(0, 12)} failed: ${listed.stderr.trim()}`);
  return listed.stdout.split("\0").filter(Boolean).map((entry) => {
    const tab = entry.indexOf("\t");
    const [mode, type, id] = entry.slice(0, tab).split(" ");
    return { path: entry.slice(tab + 1), blob: type === "blob" && mode !== "120000" ? id! : null };
  });
}

/**
 * The text of `path` in `tree` when it is exactly blob `id` (git's blob hash of its bytes; a
 * setup command may have changed a tracked file), else null.
 */
function readBlob(tree: string, path: string, id: string): string | null {
  let bytes: Buffer;
  try {
    bytes = readFileSync(join(tree, path));
  } catch {
    return null;
  }
  const hasher = new Bun.CryptoHasher(id.length === 64 ? "sha256" : "sha1");
  hasher.update(`blob ${bytes.length}\0`);
  hasher.update(bytes);
  return hasher.digest("hex") === id ? bytes.toString("utf8") : null;
}

export function createRepoMaps(root: string, config: ResolvedConfig): RepoMaps {
  const maps = new Map<string, Promise<string>>();
  const symbols = new Map<string, string[]>();
  const build = async (base: string, tree: string, cone: readonly string[] | null) => {
    const files = (await listTree(root, base)).filter((f) => !cone || inCone(f.path, cone));
    const blobOf = new Map(files.map((f) => [f.path, f.blob]));
    return mapOf(files.map((f) => f.path), config, { maxLines: config.project.worker_tree_max_lines }, async (file, grammar) => {
      const blob = blobOf.get(file);
      if (!blob) return [];
      let lines = symbols.get(blob);
      if (!lines) {
        const text = readBlob(tree, file, blob);
        lines = text === null ? [] : await fileSymbols(text, grammar);
        // A file that is not its blob here says nothing about the blob: not kept.
        if (text !== null) symbols.set(blob, lines);
      }
      return lines;
    });
  };
  return {
    at(base, tree, cone = null) {
      const key = cone ? `${base}\0${cone.join("\0")}` : base;
      let map = maps.get(key);
      if (!map) {
        map = build(base, tree, cone);
        maps.set(key, map);
        // A failure is not kept: the next worker at this base tries again.
        map.catch(() => maps.delete(key));
      }
      return map;
    },
  };
}
