import { describe, expect, test } from "bun:test";
import * as v from "valibot";
import { codeTools } from "../../../plugins/worker-tools/code.ts";
import { toJsonSchema } from "../../../src/worker/json-schema.ts";

const EVERY_ROLE = ["worker", "researcher", "reviewer", "planner"];

describe("the code, scope and exit tools", () => {
  test("names in spec order, with the contract's roles and effects", () => {
    expect(codeTools.map((t): unknown[] => [t.name, t.roles, t.effect])).toEqual([
      ["ast_grep", EVERY_ROLE, "exec"],
      ["file_symbols", EVERY_ROLE, "read"],
      ["check_syntax", EVERY_ROLE, "read"],
      ["related_files", EVERY_ROLE, "read"],
      ["search_tests_for", EVERY_ROLE, "read"],
      ["scope_status", EVERY_ROLE, "read"],
      ["done", ["worker", "researcher", "reviewer"], "read"],
      ["emit_plan", ["planner"], "read"],
      ["ask_user", ["planner"], "read"],
    ]);
  });

  test("argument names are the spec's; the model sees defaults and descriptions", () => {
    const schemas = Object.fromEntries(codeTools.map((t) => [t.name, toJsonSchema(t.args)]));
    const keys = Object.fromEntries(codeTools.map((t) => [t.name, Object.keys((schemas[t.name] as { properties: object }).properties)]));
    expect(keys).toEqual({
      ast_grep: ["pattern", "path", "lang"],
      file_symbols: ["path"],
      check_syntax: ["path"],
      related_files: ["path"],
      search_tests_for: ["symbol"],
      scope_status: [],
      done: ["summary"],
      emit_plan: ["name", "summary", "tasks", "config_overrides"],
      ask_user: ["question"],
    });
    const astGrep = schemas.ast_grep as { required: string[]; properties: Record<string, { default?: unknown; description?: string }> };
    expect(astGrep.required).toEqual(["pattern"]);
    expect([astGrep.properties.path!.default, astGrep.properties.lang!.default]).toEqual([".", ""]);
    expect(astGrep.properties.pattern!.description).toBeString();
    const task = (schemas.emit_plan as any).properties.tasks.items;
    expect(task.required).toEqual(["slug", "summary", "prompt", "commit_message"]);
    expect(task.properties.role.enum).toEqual(["worker", "researcher", "reviewer"]);
  });

  test("unknown arguments are refused", () => {
    for (const t of codeTools.filter((x) => x.name !== "emit_plan")) {
      expect([t.name, v.safeParse(t.args, { surprise: 1 }).success]).toEqual([t.name, false]);
    }
  });
});
