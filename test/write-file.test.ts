/** Atomic writes: the new content or the old, and no temp file a killed writer left behind. */
import { afterAll, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeFileAtomic } from "../src/write-file.ts";

const dir = mkdtempSync(join(tmpdir(), "dgov-write-file-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("a temp file of a writer that is gone is removed; a live writer's and other files are kept", async () => {
  const gone = Bun.spawn(["true"]);
  await gone.exited;
  const alive = Bun.spawn(["sleep", "30"]);
  try {
    const target = join(dir, "_compiled.toml");
    writeFileSync(join(dir, `_compiled.toml.tmp-${gone.pid}-abc123`), "torn");
    writeFileSync(join(dir, `_compiled.toml.tmp-${alive.pid}-def456`), "in progress");
    writeFileSync(join(dir, `other.toml.tmp-${gone.pid}-abc123`), "not ours");
    writeFileAtomic(target, "new\n");
    expect(readFileSync(target, "utf8")).toBe("new\n");
    expect(readdirSync(dir).sort()).toEqual(["_compiled.toml", `_compiled.toml.tmp-${alive.pid}-def456`, `other.toml.tmp-${gone.pid}-abc123`]);
    expect(existsSync(join(dir, `_compiled.toml.tmp-${gone.pid}-abc123`))).toBe(false);
  } finally {
    alive.kill();
  }
});
