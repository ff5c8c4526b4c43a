import { type CoverageReport, fileCoverage } from "./types.ts";

/** `example.com/m/pkg/file.go:3.24,5.2 1 1`: file, start line.col, end line.col, statements, count. */
const BLOCK = /^(.+):(\d+)\.\d+,(\d+)\.\d+ \d+ (\d+)$/;

/** The module path of a go.mod (`module example.com/m`), or null. */
export function goModule(goMod: string): string | null {
  return /^\s*module\s+"?([^\s"]+)"?/m.exec(goMod)?.[1] ?? null;
}

/** An import path of a file in module `module` as a repository path (`example.com/m/pkg/a.go` → `pkg/a.go`). */
function repoPath(file: string, module: string | null): string {
  if (module && file.startsWith(`${module}/`)) return file.slice(module.length + 1);
  return file.startsWith("./") ? file.slice(2) : file;
}

/**
 * A Go cover profile (`go test -coverprofile`, any `-covermode`): blocks of lines with a hit
 * count. A line is measured when a block spans it and covered when any block spanning it ran
 * (blocks repeat across packages' test binaries with `-coverpkg`). Paths are import paths;
 * `module` (go.mod's) turns them into repository paths.
 */
export function readGoProfile(text: string, module: string | null): CoverageReport {
  const lines = new Map<string, Map<number, boolean>>();
  for (const raw of text.split(/\r?\n/)) {
    const m = BLOCK.exec(raw.trim());
    if (!m) continue;
    const file = repoPath(m[1]!, module);
    const seen = lines.get(file) ?? new Map<number, boolean>();
    lines.set(file, seen);
    const ran = Number(m[4]) > 0;
    for (let n = Number(m[2]); n <= Number(m[3]); n++) seen.set(n, (seen.get(n) ?? false) || ran);
  }
  const files: CoverageReport["files"] = {};
  for (const [path, seen] of lines) files[path] = fileCoverage([...seen.values()].filter(Boolean).length, seen.size);
  return { format: "go", files };
}
