import { existsSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { GOVERNOR_MD, sopsFor } from "../../../sops/index.ts";
import { type Detection, detectProject } from "../../config/detect.ts";
import { schemaLine, schemaPath, schemaText } from "../../config/editor-schemas.ts";
import { CONFIG_FILE, userConfigPath } from "../../config/load.ts";
import { createProbe } from "../../config/probe.ts";
import { resolveConfig } from "../../config/resolve.ts";
import { findProjectRoot } from "../../config/root.ts";
import { renderProjectToml } from "../../config/template.ts";
import { DgovError } from "../../errors.ts";
import { gitTopLevel } from "../../git/run.ts";
import { log } from "../../log.ts";
import { loadRegistry } from "../../plugin/registry.ts";
import { writeFileAtomic } from "../../write-file.ts";
import { defineCommand } from "../define.ts";
import { printJson, printText } from "../output.ts";

/** Runtime state under .dgov/ that must never be committed. */
const GITIGNORE_ENTRIES = [
  "state.db",
  "state.db-wal",
  "state.db-shm",
  "runs.log",
  "out/",
  "runtime/",
  "plans/deployed.jsonl",
  "plans/*/_compiled.toml",
  "plans/archive/*/_compiled.toml",
];

type Action = "created" | "overwritten" | "updated" | "skipped";

interface Planned {
  path: string;
  action: Action;
  text: string;
}

function plan(root: string, path: string, text: string, force: boolean): Planned {
  if (!existsSync(join(root, path))) return { path, action: "created", text };
  return { path, action: force ? "overwritten" : "skipped", text };
}

/** A file dgov generates (an editor schema): written when missing or different. */
function planGenerated(root: string, path: string, text: string): Planned {
  if (!existsSync(join(root, path))) return { path, action: "created", text };
  return { path, action: readFileSync(join(root, path), "utf8") === text ? "skipped" : "updated", text };
}

/** `.dgov/.gitignore` is never replaced; missing runtime entries are appended to it. */
function planGitignore(root: string): Planned {
  const path = ".dgov/.gitignore";
  const file = join(root, path);
  if (!existsSync(file)) {
    return { path, action: "created", text: `# Runtime state — never commit\n${GITIGNORE_ENTRIES.join("\n")}\n` };
  }
  const current = readFileSync(file, "utf8");
  const lines = new Set(current.split("\n").map((l) => l.trim()));
  const missing = GITIGNORE_ENTRIES.filter((e) => !lines.has(e));
  if (missing.length === 0) return { path, action: "skipped", text: current };
  const sep = current.endsWith("\n") || current === "" ? "" : "\n";
  return { path, action: "updated", text: `${current}${sep}${missing.join("\n")}\n` };
}

function summary(d: Detection): string[] {
  const c = d.result?.commands ?? {};
  const show = (value: string | undefined) => value || "(not configured)";
  return [
    `  language:         ${d.language} (${d.confidence}: ${d.reason})`,
    `  tools:            ${d.result?.tools.join(", ") || "none detected"}`,
    `  src_dir:          ${d.srcDir}`,
    `  test_dir:         ${d.testDir}`,
    `  test_cmd:         ${show(c.test_cmd)}`,
    `  lint_cmd:         ${show(c.lint_cmd)}`,
    `  format_cmd:       ${show(c.format_cmd)}`,
    `  type_check_cmd:   ${show(c.type_check_cmd)}`,
    `  setup_cmd:        ${show(c.setup_cmd)}`,
    ...d.notes.map((n) => `  note: ${n}`),
  ];
}

export default defineCommand({
  args: {
    force: { type: "boolean", description: "Overwrite existing bootstrap files" },
    yes: { type: "boolean", alias: "y", description: "Accepted for compatibility; init never prompts" },
    "project-type": {
      type: "enum",
      options: ["auto", "unknown", "python", "typescript", "javascript", "go", "rust", "swift"],
      default: "auto",
      valueHint: "type",
      description: "Use this language instead of detecting it",
    },
  },
  details:
    "Writes .dgov/project.toml (commands filled in only for tools the repo declares, in the forms its own\n" +
    "scripts and CI use), .dgov/governor.md, .dgov/sops/*.md (the common pack and the language's style SOP)\n" +
    "and .dgov/.gitignore. Existing files are kept unless --force is given.",
  async run({ args, globals }) {
    const top = await gitTopLevel(globals.cwd);
    if (top === null) {
      throw new DgovError({
        code: "E_NOT_GIT",
        message: `${globals.cwd} is not inside a git repository`,
        hint: "Run `git init` there first (dgov works on git worktrees), then `dgov init` again.",
      });
    }
    const root = findProjectRoot(globals.cwd);
    const loaded = { root, path: join(root, CONFIG_FILE), doc: null, user: { path: userConfigPath(), doc: null }, config: resolveConfig({}) };
    const registry = await loadRegistry(loaded);
    const detection = detectProject(await createProbe(root), registry.toolchains, args["project-type"]);
    const force = Boolean(args.force);
    const files = [
      plan(root, CONFIG_FILE, schemaLine("project", CONFIG_FILE) + renderProjectToml(detection), force),
      ...(["project", "plan"] as const).map((kind) => planGenerated(root, schemaPath(kind), schemaText(kind))),
      plan(root, ".dgov/governor.md", GOVERNOR_MD, force),
      ...sopsFor(detection.language).map((s) => plan(root, `.dgov/sops/${s.name}.md`, s.text, force)),
      planGitignore(root),
    ];
    for (const file of files) {
      if (file.action !== "skipped") writeFileAtomic(join(root, file.path), file.text);
    }
    const changed = files.filter((f) => f.action !== "skipped");
    if (globals.json) {
      await printJson({
        status: changed.length ? "initialized" : "unchanged",
        root,
        language: detection.language,
        confidence: detection.confidence,
        reason: detection.reason,
        toolchain: detection.toolchain,
        tools: detection.result?.tools ?? [],
        commands: detection.result?.commands ?? {},
        reuse_dirs: detection.result?.reuseDirs ?? [],
        src_dir: detection.srcDir,
        test_dir: detection.testDir,
        candidates: detection.candidates,
        notes: detection.notes,
        files: files.map(({ path, action }) => ({ path, action })),
      });
      return 0;
    }
    const rel = relative(globals.cwd, root) || ".";
    if (changed.length === 0) {
      log.info(`Already initialized: ${join(rel, ".dgov")} (use --force to overwrite the bootstrap files)`);
    }
    const lines = files.map((f) => `${f.action.padEnd(11)} ${f.path}${f.action === "skipped" ? " (exists)" : ""}`);
    await printText([...lines, "", `Detected in ${root}:`, ...summary(detection)].join("\n"));
    if (changed.some((f) => f.path === CONFIG_FILE)) {
      log.info("Next: review .dgov/project.toml (commands, [providers.*]), commit .dgov/, then `dgov init-plan <name>`.");
    }
    return 0;
  },
});
