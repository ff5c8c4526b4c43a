import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openStore, type Store } from "../../src/store/db.ts";
import { addLedgerEntry, caseLaw, ledgerEntry, listLedger, pathsOverlap, resolveLedgerEntry } from "../../src/store/ledger.ts";

let dir: string;
let store: Store;
function fresh(): Store {
  dir = mkdtempSync(join(tmpdir(), "dgov-ledger-"));
  store = openStore(dir);
  return store;
}
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("the ledger", () => {
  test("add, list newest first with filters, resolve once", () => {
    const s = fresh();
    const a = addLedgerEntry(s, { category: "bug", content: "parse() drops the last line", paths: ["./src/parser.ts"] }, new Date("2026-01-01T00:00:00Z"));
    const b = addLedgerEntry(s, { category: "rule", content: "Keep 100% coverage on src/kernel", paths: ["src/kernel/"] });
    addLedgerEntry(s, { category: "note", content: "50% of users", paths: [] });
    expect(a).toMatchObject({ id: 1, category: "bug", status: "open", paths: ["src/parser.ts"], created_at: "2026-01-01T00:00:00.000Z", resolved_at: null });
    expect(listLedger(s).map((e) => e.id)).toEqual([3, 2, 1]);
    expect(listLedger(s, { category: "rule" }).map((e) => e.id)).toEqual([b.id]);
    // The query is text, not a LIKE pattern: % matches only a %.
    expect(listLedger(s, { query: "100%" }).map((e) => e.id)).toEqual([2]);
    expect(listLedger(s, { query: "0% of" }).map((e) => e.id)).toEqual([3]);
    expect(listLedger(s, { query: "PARSE" }).map((e) => e.id)).toEqual([1]);
    expect(resolveLedgerEntry(s, 1)).toBe(true);
    expect(resolveLedgerEntry(s, 1)).toBe(false);
    expect(resolveLedgerEntry(s, 99)).toBe(false);
    expect(ledgerEntry(s, 1)).toMatchObject({ status: "resolved", resolved_at: expect.any(String) });
    expect(listLedger(s, { status: "open" }).map((e) => e.id)).toEqual([3, 2]);
  });

  test("overlap: the same path, or one a folder of the other, after ./ and trailing / normalization", () => {
    expect(pathsOverlap("src/a.ts", "./src/a.ts")).toBe(true);
    expect(pathsOverlap("src", "src/a.ts")).toBe(true);
    expect(pathsOverlap("src/a.ts", "src/")).toBe(true);
    expect(pathsOverlap("src/a.ts", "src/ab.ts")).toBe(false);
    expect(pathsOverlap("src/a", "src/ab/c.ts")).toBe(false);
  });

  test("case law: open entries on the task's write claims, oldest first; entries without paths and resolved ones apply to none", () => {
    const s = fresh();
    addLedgerEntry(s, { category: "bug", content: "on the parser", paths: ["src/parser.ts"] });
    addLedgerEntry(s, { category: "rule", content: "on src", paths: ["src"] });
    addLedgerEntry(s, { category: "note", content: "on nothing", paths: [] });
    addLedgerEntry(s, { category: "debt", content: "on docs", paths: ["docs/"] });
    const resolved = addLedgerEntry(s, { category: "bug", content: "fixed", paths: ["src/parser.ts"] });
    resolveLedgerEntry(s, resolved.id);
    expect(caseLaw(s, ["src/parser.ts"]).map((e) => e.content)).toEqual(["on the parser", "on src"]);
    expect(caseLaw(s, ["src/lexer.ts"]).map((e) => e.content)).toEqual(["on src"]);
    expect(caseLaw(s, ["README.md"])).toEqual([]);
    expect(caseLaw(s, [])).toEqual([]);
  });

  test("a corrupt row is skipped, corrupt paths apply to nothing", () => {
    const s = fresh();
    s.db.query("INSERT INTO ledger (category, content, status, created_at, paths) VALUES ('weird', 'x', 'open', 'now', '[]')").run();
    s.db.query("INSERT INTO ledger (category, content, status, created_at, paths) VALUES ('bug', 'y', 'open', 'now', 'not json')").run();
    expect(listLedger(s).map((e) => [e.content, e.paths])).toEqual([["y", []]]);
    expect(caseLaw(s, ["src/a.ts"])).toEqual([]);
  });
});
