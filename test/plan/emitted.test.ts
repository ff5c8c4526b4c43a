import { describe, expect, test } from "bun:test";
import { emittedPlanFiles, planSlug } from "../../src/plan/emitted.ts";
import { parseToml } from "../../src/toml/read.ts";

describe("a plan as the planner emits it, written as a plan tree", () => {
  test("names: lowercase, runs of other characters as -, at most 50, never empty", () => {
    expect(planSlug("Add a mul() function, with tests!")).toBe("add-a-mul-function-with-tests");
    expect(planSlug("x".repeat(60))).toHaveLength(50);
    expect(planSlug("---")).toBe("plan");
    expect(planSlug(`${"a".repeat(49)}-b`)).toBe("a".repeat(49));
  });

  test("claims in the claims vocabulary, depends_on, roles; prompts kept as written and read back exactly", () => {
    const prompt = 'Orient:\nRead src/a.ts ("the \\"core\\"").\nEdit:\nAdd mul().\nVerify:\nrun_tests."""';
    const files = emittedPlanFiles(
      {
        name: "m", summary: "Add mul\nand more",
        tasks: [
          { slug: "mul", summary: "Add mul", prompt, commit_message: "Add mul()", files: { create: ["src/mul.ts"], edit: ["src/index.ts"], read: ["test/a.test.ts"] } },
          { slug: "look", summary: "", prompt: "Orient: survey.", commit_message: "", depends_on: ["mul", 3], role: "researcher" },
        ],
      },
      "m",
    );
    expect(Object.keys(files)).toEqual(["_root.toml", "tasks/main.toml"]);
    expect(parseToml(files["_root.toml"]!, "_root.toml").data).toEqual({ plan: { name: "m", summary: "Add mul", sections: ["tasks"] } });
    const tasks = parseToml(files["tasks/main.toml"]!, "main.toml").data.tasks as Record<string, Record<string, unknown>>;
    expect(tasks.mul).toEqual({ summary: "Add mul", prompt, commit_message: "Add mul()", files: { create: ["src/mul.ts"], edit: ["src/index.ts"], read: ["test/a.test.ts"] } });
    expect(tasks.look).toEqual({ summary: "look", prompt: "Orient: survey.", commit_message: "apply changes", depends_on: ["mul"], role: "researcher" });
  });
});
