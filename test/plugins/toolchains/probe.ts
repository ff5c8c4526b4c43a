/** A real repository probe (git ls-files, real reads) over a throw-away repo holding `files`. */
import { createProbe } from "../../../src/config/probe.ts";
import type { RepoProbe } from "../../../src/plugin/types.ts";
import { makeRepo } from "../../fakes/repo.ts";

export async function probeOf(files: Record<string, string>): Promise<RepoProbe> {
  const repo = makeRepo(files);
  try {
    const probe = await createProbe(repo.dir);
    // Read everything detection may read now: the repo is removed on return.
    const texts = new Map(probe.files.map((f) => [f, probe.readText(f)]));
    const read = (path: string) => texts.get(path) ?? null;
    const json = (path: string) => {
      const text = read(path);
      try {
        return text === null ? null : JSON.parse(text);
      } catch {
        return null;
      }
    };
    const toml = new Map(probe.files.filter((f) => f.endsWith(".toml")).map((f) => [f, probe.readToml(f)]));
    const dirs = new Set(probe.files.flatMap((f) => f.split("/").slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join("/"))));
    return { ...probe, exists: (p) => texts.has(p) || dirs.has(p), readText: read, readJson: json, readToml: (p) => toml.get(p) ?? null };
  } finally {
    repo.remove();
  }
}

export const pkg = (data: object) => JSON.stringify(data);
