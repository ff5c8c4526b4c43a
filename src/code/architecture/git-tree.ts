/**
 * The source texts of a commit, read from git objects (no checkout): `ls-tree` lists the blobs,
 * `cat-file --batch` reads many per process. Blobs past MAX_SOURCE_BYTES are left out, as the
 * gate's other readers cut them.
 */
import type { GateContext } from "../../plugin/types.ts";
import { MAX_SOURCE_BYTES } from "../tree.ts";
import { analyzedPaths } from "./analysis.ts";

/** Blobs per `cat-file` process: 64 × 192 KiB stays below exec's output cap. */
const BATCH = 64;

interface Blob {
  path: string;
  sha: string;
}

async function listBlobs(ctx: Pick<GateContext, "git">, dir: string, sha: string, exclude: readonly string[]): Promise<Blob[]> {
  const result = await ctx.git(["ls-tree", "-r", "-l", "-z", sha], { cwd: dir });
  if (result.code !== 0) throw new Error(`git ls-tree ${sha} failed: ${result.stderr.trim()}`);
  const blobs: Blob[] = [];
  const wanted = new Set<string>();
  for (const entry of result.stdout.split("\0")) {
    const m = /^\d+ blob ([0-9a-f]+) +(\d+)\t(.+)$/s.exec(entry);
    if (!m || Number(m[2]) > MAX_SOURCE_BYTES) continue;
    blobs.push({ sha: m[1]!, path: m[3]! });
    wanted.add(m[3]!);
  }
  const keep = new Set([...analyzedPaths([...wanted], exclude), "go.mod"]);
  return blobs.filter((b) => keep.has(b.path));
}

/** `<sha> blob <size>\n<bytes>\n` records, sizes in bytes. */
function parseBatch(out: Buffer, blobs: readonly Blob[], into: Map<string, string>): void {
  let at = 0;
  for (const blob of blobs) {
    const eol = out.indexOf(10, at);
    if (eol < 0) return;
    const m = /^[0-9a-f]+ blob (\d+)$/.exec(out.subarray(at, eol).toString("utf8"));
    if (!m) return;
    const end = eol + 1 + Number(m[1]);
    into.set(blob.path, out.subarray(eol + 1, end).toString("utf8"));
    at = end + 1;
  }
}

/** Path → text of every analysed source file of commit `sha` (and its go.mod). */
export async function commitTexts(ctx: Pick<GateContext, "git">, dir: string, sha: string, exclude: readonly string[]): Promise<Map<string, string>> {
  const blobs = await listBlobs(ctx, dir, sha, exclude);
  const texts = new Map<string, string>();
  for (let i = 0; i < blobs.length; i += BATCH) {
    const batch = blobs.slice(i, i + BATCH);
    const result = await ctx.git(["cat-file", "--batch"], { cwd: dir, stdin: `${batch.map((b) => b.sha).join("\n")}\n` });
    if (result.code !== 0) throw new Error(`git cat-file failed: ${result.stderr.trim()}`);
    parseBatch(Buffer.from(result.stdout, "utf8"), batch, texts);
  }
  return texts;
}
