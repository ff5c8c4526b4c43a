import { join } from "node:path";
import * as v from "valibot";
import { DgovError } from "../errors.ts";
import { type Problem, problemsFromIssues, renderProblem } from "../problems.ts";
import { parseToml, type TomlDocument } from "../toml/read.ts";
import { crossCheck, type ResolvedConfig, resolveConfig } from "./resolve.ts";
import { configSchema, namedTables } from "./schema.ts";

/** The project's configuration and where it came from. */
export interface LoadedConfig {
  root: string;
  /** Absolute path of `.dgov/project.toml` (it may not exist). */
  path: string;
  /** The parsed file; null when there is no project.toml (all defaults). */
  doc: TomlDocument | null;
  config: ResolvedConfig;
}

export const CONFIG_FILE = ".dgov/project.toml";

/** Throws one DgovError listing every problem, each with its key path and line. */
export function configProblemsError(doc: TomlDocument, problems: Problem[]): DgovError {
  const located = problems.map((p) => ({ ...p, line: p.line ?? doc.lineOf(p.path) }));
  located.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  const details = located.map((p) => renderProblem(doc.file, p, namedTables));
  const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
  return new DgovError({
    code: "E_CONFIG",
    message: `${doc.file} has ${count}`,
    details,
    hint: "Fix each key above; `dgov config` prints the resolved configuration once it loads.",
  });
}

/** Validates a parsed project.toml document and applies defaults. */
export function validateConfig(doc: TomlDocument): ResolvedConfig {
  const result = v.safeParse(configSchema, doc.data);
  if (!result.success) {
    throw configProblemsError(doc, problemsFromIssues(result.issues, configSchema));
  }
  const problems = crossCheck(result.output);
  if (problems.length > 0) throw configProblemsError(doc, problems);
  return resolveConfig(result.output);
}

/** Loads `<root>/.dgov/project.toml`; a missing file means all defaults. */
export async function loadConfig(root: string): Promise<LoadedConfig> {
  const path = join(root, CONFIG_FILE);
  const file = Bun.file(path);
  if (!(await file.exists())) {
    return { root, path, doc: null, config: resolveConfig({}) };
  }
  let text: string;
  try {
    text = await file.text();
  } catch (error) {
    throw new DgovError({ code: "E_READ", message: `could not read ${CONFIG_FILE}: ${(error as Error).message}` });
  }
  const doc = parseToml(text, CONFIG_FILE);
  return { root, path, doc, config: validateConfig(doc) };
}
