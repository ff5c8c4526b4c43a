import { Database } from "bun:sqlite";
import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openStore, storePath } from "../../src/store/db.ts";
import { MIGRATIONS } from "../../src/store/migrations.ts";

const DB_MODULE = join(import.meta.dir, "..", "..", "src", "store", "db.ts");

let root: string;
afterEach(() => rmSync(root, { recursive: true, force: true }));

const userVersion = (path: string) => {
  const db = new Database(path, { readonly: true });
  try {
    return (db.query("PRAGMA user_version").get() as { user_version: number }).user_version;
  } finally {
    db.close();
  }
};

describe("openStore", () => {
  test("creates the schema at the current version; opening again keeps what is stored", () => {
    root = mkdtempSync(join(tmpdir(), "dgov-store-"));
    const store = openStore(root);
    store.db.query("INSERT INTO runs (id, plan, plan_dir, pid, started_at) VALUES ('r', 'p', '.dgov/plans/p', 1, '2026')").run();
    store.close();
    const again = openStore(root);
    expect(again.db.query("SELECT id FROM runs").all()).toEqual([{ id: "r" }]);
    again.close();
    expect(userVersion(storePath(root))).toBe(MIGRATIONS.length);
  });

  test("several processes creating the same fresh store at once all succeed (two plans run together)", async () => {
    root = mkdtempSync(join(tmpdir(), "dgov-store-"));
    const script = `import { openStore } from ${JSON.stringify(DB_MODULE)}; openStore(process.argv[1]).close();`;
    for (let round = 0; round < 3; round++) {
      const dir = join(root, String(round));
      const procs = Array.from({ length: 6 }, () => Bun.spawn([process.execPath, "-e", script, dir], { stdout: "pipe", stderr: "pipe" }));
      const results = await Promise.all(procs.map(async (p) => ({ code: await p.exited, stderr: await new Response(p.stderr).text() })));
      expect(results).toEqual(Array.from({ length: 6 }, () => ({ code: 0, stderr: "" })));
      expect(userVersion(storePath(dir))).toBe(MIGRATIONS.length);
    }
  });

  test("a store from a newer dgov is refused with what to do, and left as it was", () => {
    root = mkdtempSync(join(tmpdir(), "dgov-store-"));
    openStore(root).close();
    const db = new Database(storePath(root));
    db.exec(`PRAGMA user_version = ${MIGRATIONS.length + 1}`);
    db.close();
    expect(() => openStore(root)).toThrow(`has schema version ${MIGRATIONS.length + 1}, newer than this dgov understands (${MIGRATIONS.length})`);
    expect(userVersion(storePath(root))).toBe(MIGRATIONS.length + 1);
  });
});
