/** A Rust crate task passes `cargo test` in its worktree (the folder name holds nothing rust-lld cannot write into). */
import { Database } from "bun:sqlite";
import { afterEach, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { type RunRepo, runRepo } from "../fakes/run-repo.ts";

let current: RunRepo | undefined;
afterEach(() => current?.remove());

const cargo = Bun.which("cargo");
if (!cargo) console.log("rust.test.ts: cargo is not on this machine; the Rust crate test is skipped");

describe.if(cargo !== null)("a Rust crate", () => {
  test("a task fixing a function lands after cargo test passes in its worktree; a broken fix is rejected with the failing test", () => {
    const files = {
      "Cargo.toml": '[package]\nname = "adder"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\n',
      "src/lib.rs": "pub fn add(a: i32, b: i32) -> i32 {\n    a - b\n}\n\n#[cfg(test)]\nmod tests {\n    #[test]\n    fn adds() {\n        assert_eq!(super::add(2, 3), 5);\n    }\n}\n",
      ".gitignore": "target/\n",
    };
    const project = 'source_extensions = [".rs"]\ntest_cmd = "cargo test --offline --quiet"\nsettlement_timeout = 600';
    const tasks = [
      { slug: "fix", script: "sed -i 's/a - b/a + b/' src/lib.rs", edit: ["src/lib.rs"] },
      { slug: "break", script: "sed -i 's/a + b/a * b/' src/lib.rs", edit: ["src/lib.rs"], deps: ["fix"] },
    ];
    // As `dgov init` writes for a crate: cargo's lockfile is a managed file a task may touch.
    const r = (current = runRepo(tasks, { files, project, plan: "max_retries = 0", extra: '[scope]\nignore_files = ["Cargo.lock"]' }));
    const run = r.run(["--json"]);
    const out = run.json<{ tasks: { id: string; state: string; error: string | null }[] }>();
    expect(out.tasks.find((t) => t.id === "t/m.fix")?.state).toBe("merged");
    expect(r.log()[0]).toBe("Task fix");
    const broken = out.tasks.find((t) => t.id === "t/m.break")!;
    expect(broken.state).toBe("failed");
    expect(broken.error).toContain("Test failure from `cargo test --offline --quiet`");
    expect(broken.error).toContain("assertion `left == right` failed");
    // cargo really ran in both worktrees, as the tests gate.
    const db = new Database(join(r.repo.dir, ".dgov/state.db"), { readonly: true });
    const runs = db.query("SELECT task, json_extract(data, '$.status') AS status FROM events WHERE event = 'gate_completed' AND json_extract(data, '$.gate') = 'tests' ORDER BY id").all();
    db.close();
    expect(runs).toEqual([{ task: "t/m.fix", status: "pass" }, { task: "t/m.break", status: "fail" }, { task: "t/m.break", status: "fail" }]);
  }, 600_000);
});
