/** The editor schemas: checked in as generated, and agreeing with dgov's own checks on every fixture. */
import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join, relative } from "node:path";
import TOML from "@iarna/toml";
import Ajv from "ajv";
import * as v from "valibot";
import { editorSchema, SCHEMA_KINDS, schemaText } from "../../src/config/editor-schemas.ts";
import { configSchema } from "../../src/config/schema.ts";
import { rootFile, taskFile } from "../../src/plan/schema.ts";
import { dgov } from "../fakes/dgov.ts";

const FIXTURES = join(import.meta.dir, "..", "fixtures");
const REPO = join(import.meta.dir, "..", "..");

/** Every file under `dir` (recursively) that `keep` accepts. */
function files(dir: string, keep: (path: string) => boolean): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" }).map((f) => join(dir, f)).filter((f) => statSync(f).isFile() && keep(f)).sort();
}

/** The TOML of a file as data, or null when it is not TOML at all (a syntax fixture: no schema can judge it). */
function data(path: string): unknown {
  try {
    return TOML.parse(readFileSync(path, "utf8"));
  } catch {
    return null;
  }
}

const ajv = new Ajv({ allErrors: true, strict: false });
const validators = { project: ajv.compile(editorSchema("project")), plan: ajv.compile(editorSchema("plan")), user: ajv.compile(editorSchema("user")) };

describe("editor schemas", () => {
  test("the checked-in schemas are what dgov generates, and `dgov schema` prints them", () => {
    for (const kind of SCHEMA_KINDS) {
      expect(readFileSync(join(REPO, "schemas", `${kind}.schema.json`), "utf8")).toBe(schemaText(kind));
      expect(dgov(["schema", kind]).stdout).toBe(schemaText(kind));
    }
    expect(dgov(["schema", "nope"]).code).toBe(2);
  });

  test("the user config's schema: providers, agents and defaults, nothing that is per project", () => {
    const provider = { base_url: "https://llm.example.com/v1", api_key_env: "MINE_KEY" };
    expect(validators.user({ providers: { mine: provider }, project: { max_parallel: 8 }, git: { name: "Ada" } })).toBe(true);
    expect(validators.user({ scope: { deny_files: ["x"] } })).toBe(false);
    expect(validators.user({ project: { test_cmd: "bun test" } })).toBe(false);
  });

  test("every fixture config: the schema accepts exactly what dgov's own schema accepts", () => {
    const configs = files(FIXTURES, (f) => basename(f) === "project.toml" || (f.includes("/configs/") && f.endsWith(".toml")));
    expect(configs.length).toBeGreaterThan(2);
    for (const path of configs) {
      const doc = data(path);
      if (doc === null) continue;
      const dgovSays = v.safeParse(configSchema, doc).success;
      expect({ file: relative(FIXTURES, path), valid: validators.project(doc) }).toEqual({ file: relative(FIXTURES, path), valid: dgovSays });
    }
  });

  test("every fixture plan file: root and section files, good and malformed, judged as dgov judges them", () => {
    const plans = files(join(FIXTURES, "plans"), (f) => f.endsWith(".toml") && !f.includes("/_project/") && !basename(f).startsWith("_compiled"));
    let malformed = 0;
    for (const path of plans) {
      const doc = data(path);
      if (doc === null) continue;
      const dgovSays = v.safeParse(basename(path) === "_root.toml" ? rootFile : taskFile, doc).success;
      if (!dgovSays) malformed++;
      expect({ file: relative(FIXTURES, path), valid: validators.plan(doc) }).toEqual({ file: relative(FIXTURES, path), valid: dgovSays });
    }
    // The corpus has malformed files (unknown keys, wrong types, bad slugs): the schema refuses each.
    expect(malformed).toBeGreaterThan(3);
  });
});
