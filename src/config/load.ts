import { homedir } from "node:os";
import { join } from "node:path";
import * as v from "valibot";
import { DgovError } from "../errors.ts";
import { type Problem, problemsFromIssues, renderProblem } from "../problems.ts";
import { parseToml, type TomlDocument } from "../toml/read.ts";
import { crossCheck, type ResolvedConfig, resolveConfig } from "./resolve.ts";
import { type ConfigInput, configSchema, namedTables, type UserConfigInput, userConfigSchema, userProjectTable } from "./schema.ts";

/** The configuration dgov uses and the files it came from. */
export interface LoadedConfig {
  root: string;
  /** Absolute path of `.dgov/project.toml` (it may not exist). */
  path: string;
  /** The parsed project file; null when there is no project.toml. */
  doc: TomlDocument | null;
  /** The user's file (`$XDG_CONFIG_HOME/dgov/config.toml`), merged under the project's. */
  user: { path: string; doc: TomlDocument | null };
  config: ResolvedConfig;
}

export const CONFIG_FILE = ".dgov/project.toml";

/** `$XDG_CONFIG_HOME/dgov/config.toml`, `~/.config/dgov/config.toml` when XDG_CONFIG_HOME is unset. */
export function userConfigPath(env: Record<string, string | undefined> = process.env): string {
  const base = env.XDG_CONFIG_HOME?.trim() ? env.XDG_CONFIG_HOME : join(env.HOME?.trim() ? env.HOME : homedir(), ".config");
  return join(base, "dgov", "config.toml");
}

/** The problems of some files: each located on its line, in file order. */
type FileProblems = { doc: TomlDocument; problems: Problem[] };

/** One DgovError listing every problem of every file, each with its key path and line. */
export function configProblemsError(files: FileProblems[]): DgovError {
  const withProblems = files.filter((f) => f.problems.length > 0);
  const details = withProblems.flatMap(({ doc, problems }) =>
    problems
      .map((p) => ({ ...p, line: p.line ?? doc.lineOf(p.path) }))
      .sort((a, b) => (a.line ?? 0) - (b.line ?? 0))
      .map((p) => renderProblem(doc.file, p, namedTables)),
  );
  const count = details.length === 1 ? "1 problem" : `${details.length} problems`;
  return new DgovError({
    code: "E_CONFIG",
    message: `${withProblems.map((f) => f.doc.file).join(" and ")} ${withProblems.length === 1 ? "has" : "have"} ${count}`,
    details,
    hint: "Fix each key above; `dgov config` prints the resolved configuration once it loads.",
  });
}

function parseProject(doc: TomlDocument): { input: ConfigInput; problems: Problem[] } {
  const result = v.safeParse(configSchema, doc.data, { abortPipeEarly: true });
  return result.success ? { input: result.output, problems: [] } : { input: {}, problems: problemsFromIssues(result.issues, configSchema) };
}

/** The user file's own problems: schema ones, and keys that belong to a project file. */
function parseUser(doc: TomlDocument): { input: UserConfigInput; problems: Problem[] } {
  const perProject: Problem[] = [];
  const data = { ...doc.data };
  const userTables = Object.keys(userConfigSchema.entries);
  for (const key of Object.keys(data)) {
    if (key in configSchema.entries && !userTables.includes(key)) {
      perProject.push({ path: [key], message: `is per project: it belongs in ${CONFIG_FILE}, not the user config` });
      delete data[key];
    }
  }
  const project = data.project;
  if (project && typeof project === "object" && !Array.isArray(project)) {
    const kept = { ...(project as Record<string, unknown>) };
    for (const key of Object.keys(kept)) {
      if (!(key in userProjectTable.entries) && key in (configSchema.entries.project.wrapped as typeof userProjectTable).entries) {
        perProject.push({ path: ["project", key], message: `is per project: it belongs in ${CONFIG_FILE}, not the user config` });
        delete kept[key];
      }
    }
    data.project = kept;
  }
  const result = v.safeParse(userConfigSchema, data, { abortPipeEarly: true });
  if (!result.success) return { input: {}, problems: [...perProject, ...problemsFromIssues(result.issues, userConfigSchema)] };
  return { input: result.output, problems: perProject };
}

/**
 * The user's file under the project's: named entries (providers, agents) by name and keys of
 * the other tables one by one, the project's winning. Which provider: the one either file
 * selects (the project's first), else the project's only one, else the user's only one.
 */
export function mergeConfig(user: UserConfigInput, project: ConfigInput): ConfigInput {
  const merged: ConfigInput = { ...project };
  const providers = { ...user.providers, ...project.providers };
  if (Object.keys(providers).length > 0) merged.providers = providers;
  const agents = { ...user.agents, ...project.agents };
  if (Object.keys(agents).length > 0) merged.agents = agents;
  if (user.git) merged.git = { ...user.git, ...project.git };
  if (user.notify) merged.notify = { ...user.notify, ...project.notify };
  const only = (table: Record<string, unknown> | undefined) => (table && Object.keys(table).length === 1 ? Object.keys(table)[0] : undefined);
  const provider = project.project?.provider ?? user.project?.provider ?? only(project.providers) ?? (project.providers ? undefined : only(user.providers));
  if (user.project || provider) merged.project = { ...user.project, ...project.project, ...(provider ? { provider } : {}) };
  return merged;
}

/** Validates a parsed project.toml (and the user's file under it) and applies defaults. */
export function validateConfig(doc: TomlDocument | null, userDoc: TomlDocument | null = null): ResolvedConfig {
  const project = doc ? parseProject(doc) : { input: {}, problems: [] };
  const user = userDoc ? parseUser(userDoc) : { input: {}, problems: [] };
  const files = [...(userDoc ? [{ doc: userDoc, problems: user.problems }] : []), ...(doc ? [{ doc, problems: project.problems }] : [])];
  if (project.problems.length + user.problems.length > 0) throw configProblemsError(files);
  const merged = mergeConfig(user.input, project.input);
  const problems = crossCheck(merged);
  if (problems.length > 0) {
    // A key's problem goes to the file that wrote it: the project's, else the user's.
    const owner = (p: Problem) => (doc?.lineOf(p.path) !== undefined || !userDoc ? doc : userDoc);
    throw configProblemsError(files.map((f) => ({ doc: f.doc, problems: problems.filter((p) => owner(p) === f.doc) })));
  }
  return resolveConfig(merged);
}

async function readDoc(path: string, shown: string): Promise<TomlDocument | null> {
  const file = Bun.file(path);
  if (!(await file.exists())) return null;
  let text: string;
  try {
    text = await file.text();
  } catch (error) {
    throw new DgovError({ code: "E_READ", message: `could not read ${shown}: ${(error as Error).message}` });
  }
  return parseToml(text, shown);
}

/** Loads `<root>/.dgov/project.toml` over the user's config; a missing file means its defaults. */
export async function loadConfig(root: string, env: Record<string, string | undefined> = process.env): Promise<LoadedConfig> {
  const path = join(root, CONFIG_FILE);
  const userPath = userConfigPath(env);
  const [doc, userDoc] = await Promise.all([readDoc(path, CONFIG_FILE), readDoc(userPath, userPath)]);
  return { root, path, doc, user: { path: userPath, doc: userDoc }, config: validateConfig(doc, userDoc) };
}
