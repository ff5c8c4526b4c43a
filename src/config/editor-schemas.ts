import { dirname, relative } from "node:path";
import { toJsonSchema } from "@valibot/to-json-schema";
import type * as v from "valibot";
import { FILES_SHAPES, rootFile, taskFile, taskFiles } from "../plan/schema.ts";
import { configSchema, userConfigSchema } from "./schema.ts";

/*
 * JSON Schemas of dgov's files for editors (taplo / Even Better TOML read `#:schema <path>`),
 * generated from the valibot schemas dgov itself checks the files against, with valibot's own
 * converter: what JSON Schema cannot say (a trim, a custom check) is left out, so a file the
 * schema accepts may still get one of dgov's own messages, never the other way round.
 */

export const SCHEMA_KINDS = ["project", "plan", "user"] as const;
export type SchemaKind = (typeof SCHEMA_KINDS)[number];

const convert = (schema: v.GenericSchema): Record<string, unknown> => {
  const { $schema: _, ...rest } = toJsonSchema(schema, {
    errorMode: "ignore",
    typeMode: "input",
    // A task's `files` picks its shape in code (a lazy schema, for its message): here, either shape.
    overrideSchema: ({ valibotSchema }) => (valibotSchema === taskFiles ? { anyOf: FILES_SHAPES.map((s) => convert(s)) } : undefined),
  }) as Record<string, unknown>;
  // The lazy schema's own definition stays behind, referenced by nothing once overridden.
  if (!JSON.stringify(rest).includes('"$ref"')) delete rest.$defs;
  return rest;
};

/** The schema of `.dgov/project.toml` (`project`), of the user's config (`user`), or of a plan's files, `_root.toml` and its section files alike (`plan`). */
export function editorSchema(kind: SchemaKind): Record<string, unknown> {
  const head = { $schema: "http://json-schema.org/draft-07/schema#" };
  if (kind === "project") return { ...head, title: "dgov project configuration (.dgov/project.toml)", ...convert(configSchema) };
  if (kind === "user") return { ...head, title: "dgov user configuration ($XDG_CONFIG_HOME/dgov/config.toml)", ...convert(userConfigSchema) };
  return { ...head, title: "dgov plan file (_root.toml, or a section file of tasks)", anyOf: [convert(rootFile), convert(taskFile)] };
}

/** A schema as the checked-in file holds it: two-space JSON, newline-terminated. */
export const schemaText = (kind: SchemaKind) => `${JSON.stringify(editorSchema(kind), null, 2)}\n`;

/** Where `dgov init` and `dgov plan init` put the schemas of a project's files. */
export const schemaPath = (kind: SchemaKind) => `.dgov/schemas/${kind}.schema.json`;

/** The first line that points an editor at a file's schema (`file` relative to the project root). */
export function schemaLine(kind: SchemaKind, file: string): string {
  const path = relative(dirname(file), schemaPath(kind));
  return `#:schema ${path.startsWith("../") ? path : `./${path}`}\n`;
}

/**
 * A plan file's text as it reads from its new place (`from` → `to`, relative to the project
 * root): the `#:schema` line dgov wrote (a relative path) pointed at the schema again. Any other
 * first line is the user's and stays; null when nothing changes.
 */
export function movedPlanText(text: string, from: string, to: string): string | null {
  const old = schemaLine("plan", from);
  return text.startsWith(old) ? schemaLine("plan", to) + text.slice(old.length) : null;
}
