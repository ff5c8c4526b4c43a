import { errorMessage } from "../errors.ts";
import type { Registered } from "../plugin/registry.ts";
import type { RepoProbe, ToolchainDef, ToolchainDetection } from "../plugin/types.ts";
import { codeDir, testsDir } from "./layout.ts";

/** What `dgov init` found in a repository. */
export interface Detection {
  language: string;
  confidence: "high" | "low" | "explicit";
  /** Why, in words: `detected 40 python source file(s)`. */
  reason: string;
  /** The toolchain whose commands are used, or null. */
  toolchain: string | null;
  result: ToolchainDetection | null;
  /** Every toolchain that recognized the repo, dominant first. */
  candidates: { toolchain: string; language: string; sourceFiles: number }[];
  srcDir: string;
  testDir: string;
  notes: string[];
}

function firstDir(probe: RepoProbe, dirs: string[], fallback: string): string {
  return dirs.find((d) => probe.exists(d.replace(/\/$/, ""))) ?? fallback;
}

/** src_dir and test_dir: the toolchain's when it names them, else read from where its files are. */
function layout(probe: RepoProbe, result: ToolchainDetection | null): { srcDir: string; testDir: string } {
  if (!result) {
    return { srcDir: firstDir(probe, ["src/", "lib/", "Sources/"], "."), testDir: firstDir(probe, ["tests/", "test/", "Tests/", "__tests__/"], "tests/") };
  }
  const exts = result.sourceExtensions;
  return {
    srcDir: result.srcDir ?? codeDir(probe.files, exts),
    testDir: result.testDir ?? testsDir(probe.files, exts, "tests/"),
  };
}

/**
 * Runs every toolchain's detection and picks the dominant language (most source files;
 * ties go to the earlier toolchain). `forced` is `--project-type`.
 */
export function detectProject(
  probe: RepoProbe,
  toolchains: Registered<ToolchainDef>[],
  forced?: string,
): Detection {
  const notes: string[] = [];
  const found: { name: string; result: ToolchainDetection }[] = [];
  for (const { def, plugin } of toolchains) {
    try {
      const result = def.detect(probe);
      if (result) found.push({ name: def.name, result });
    } catch (error) {
      notes.push(`toolchain '${def.name}' (plugin '${plugin.def.name}') failed to detect: ${errorMessage(error)}`);
    }
  }
  const ranked = [...found].sort((a, b) => b.result.sourceFiles - a.result.sourceFiles);
  const candidates = ranked.map((f) => ({ toolchain: f.name, language: f.result.language, sourceFiles: f.result.sourceFiles }));
  let chosen = ranked.find((f) => f.result.sourceFiles > 0) ?? ranked[0];
  let confidence: Detection["confidence"] = chosen && chosen.result.sourceFiles > 0 ? "high" : "low";
  let reason = chosen
    ? `detected ${chosen.result.sourceFiles} ${chosen.result.language} source file(s)`
    : "no source files matched a known toolchain";
  if (forced && forced !== "auto") {
    confidence = "explicit";
    reason = `--project-type ${forced}`;
    chosen = found.find((f) => f.result.language === forced || f.name === forced);
    if (!chosen && forced !== "unknown") notes.push(`no ${forced} toolchain files found; commands are left empty`);
  } else if (ranked.filter((f) => f.result.sourceFiles > 0).length > 1 && chosen) {
    const mix = candidates.filter((c) => c.sourceFiles > 0).map((c) => `${c.language} ${c.sourceFiles}`);
    notes.push(`mixed repository (${mix.join(", ")} source files): using ${chosen.result.language}, the dominant language`);
  }
  const language = chosen?.result.language ?? (forced && forced !== "auto" ? forced : "unknown");
  return {
    language,
    confidence,
    reason,
    toolchain: chosen?.name ?? null,
    result: chosen?.result ?? null,
    candidates,
    ...layout(probe, chosen?.result ?? null),
    notes: [...notes, ...(chosen?.result.notes ?? [])],
  };
}
