import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gitOut } from "../git/run.ts";
import type { RepoProbe } from "../plugin/types.ts";
import { parseToml } from "../toml/read.ts";
import { isWorkflow, workflowRunLines } from "./workflows.ts";

/** Directories whose files say nothing about the project's own language. */
const SKIP = new Set([
  ".git", ".hg", ".svn", ".dgov", "node_modules", "__pycache__", ".tox", ".venv", "venv", ".eggs",
  "dist", "build", "target", "vendor", ".mypy_cache", ".ruff_cache", ".pytest_cache", ".next",
]);

function extensionsOf(path: string): string[] {
  const base = path.slice(path.lastIndexOf("/") + 1);
  const dot = base.lastIndexOf(".");
  if (dot <= 0) return [];
  const exts = [base.slice(dot)];
  if (base.endsWith(".d.ts")) exts.push(".d.ts");
  return exts;
}

/**
 * A read-only view of a git repository for toolchain detection: its files (tracked and
 * untracked, minus ignored ones, so it works before the first commit) counted by extension.
 */
export async function createProbe(root: string): Promise<RepoProbe> {
  const listed = await gitOut(["ls-files", "-z", "--cached", "--others", "--exclude-standard"], root);
  const files = [...new Set(listed.split("\0").filter(Boolean))]
    .filter((path) => !path.split("/").some((part) => SKIP.has(part)))
    .sort();
  const filesByExtension = new Map<string, number>();
  for (const path of files) {
    for (const ext of extensionsOf(path)) filesByExtension.set(ext, (filesByExtension.get(ext) ?? 0) + 1);
  }
  const readText = (path: string) => {
    try {
      return readFileSync(join(root, path), "utf8");
    } catch {
      return null;
    }
  };
  return {
    root,
    files,
    filesByExtension,
    ciCommands: files.filter(isWorkflow).flatMap((path) => workflowRunLines(readText(path) ?? "")),
    exists: (path) => existsSync(join(root, path)),
    readText,
    readJson: (path) => {
      const text = readText(path);
      try {
        return text === null ? null : JSON.parse(text);
      } catch {
        return null;
      }
    },
    readToml: (path) => {
      const text = readText(path);
      try {
        return text === null ? null : parseToml(text, path).data;
      } catch {
        return null;
      }
    },
  };
}
