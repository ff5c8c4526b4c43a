/** dgov's in-process commits are byte for byte the ones `git commit-tree` writes, or left to git. */
import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { inflateSync } from "node:zlib";
import { commitTree, localZoneOffset, writeCommit, zlibDeflate } from "../../src/git/objects.ts";
import { makeRepo } from "../fakes/repo.ts";

const repo = makeRepo({ "a.txt": "a\n" }, { commit: true });
const sha256 = makeRepo({ "a.txt": "a\n" }, { git: false });
sha256.git("init", "-q", "--object-format=sha256");
sha256.git("add", "a.txt");
sha256.git("commit", "-q", "-m", "base");
afterAll(() => (repo.remove(), sha256.remove()));

/** What git itself writes for the same commit. */
function gitCommitTree(r: typeof repo, tree: string, parent: string, author: { name: string; email: string; date: string }, committer: { name: string; email: string; date: string }, message: string): string {
  const env = { ...process.env, GIT_AUTHOR_NAME: author.name, GIT_AUTHOR_EMAIL: author.email, GIT_AUTHOR_DATE: author.date, GIT_COMMITTER_NAME: committer.name, GIT_COMMITTER_EMAIL: committer.email, GIT_COMMITTER_DATE: committer.date, GIT_CONFIG_NOSYSTEM: "1" };
  const proc = Bun.spawnSync(["git", "commit-tree", tree, "-p", parent, "-F", "-"], { cwd: r.dir, env, stdin: new TextEncoder().encode(message), stdout: "pipe", stderr: "pipe" });
  if (proc.exitCode !== 0) throw new Error(proc.stderr.toString());
  return proc.stdout.toString().trim();
}

describe("zlibDeflate", () => {
  test("a zlib stream node:zlib reads back, with zlib's own Adler-32, across the checksum's reduction points", () => {
    for (const size of [0, 1, 100, 5551, 5552, 5553, 11104, 100_000]) {
      const data = Uint8Array.from({ length: size }, (_, i) => (i * 7919 + (i >> 3)) & 255);
      const z = zlibDeflate(data);
      expect([z[0], z[1]]).toEqual([0x78, 0x9c]);
      expect(Buffer.from(inflateSync(z)).equals(Buffer.from(data))).toBe(true);
    }
  });
});

describe("localZoneOffset", () => {
  test("the offset ICU gives, for UTC zones (answered without ICU) and others", () => {
    const script = `import { localZoneOffset } from ${JSON.stringify(join(import.meta.dir, "../../src/git/objects.ts"))}; const now = new Date(); console.log(JSON.stringify([localZoneOffset(now), -now.getTimezoneOffset() || 0]));`;
    for (const tz of ["UTC", "Etc/UTC", "UTC0", ":UTC", "GMT", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", undefined]) {
      const env = { ...process.env, TZ: tz };
      if (tz === undefined) delete env.TZ;
      const out = Bun.spawnSync(["bun", "-e", script], { env, stdout: "pipe", stderr: "pipe" });
      const [ours, icu] = JSON.parse(out.stdout.toString()) as [number, number];
      expect({ tz, ours }).toEqual({ tz, ours: icu });
    }
    expect(localZoneOffset(new Date())).toBe(-new Date().getTimezoneOffset() || 0);
  });
});

describe("writeCommit", () => {
  const worker = { name: "dgov-worker", email: "agent@dgov.local" };
  const cases: [string, string, string][] = [
    ["UTC, a message ending in a newline", "2026-12-03T10:11:12Z", "Task a\n"],
    ["no final newline, trailers, non-ASCII", "2026-01-02T03:04:05Z", "Réparer la «chaîne»\n\nDgov-Plan: p\nDgov-Task: t/m.a"],
    ["a positive offset", "2026-06-30T23:59:59+02:00", "East"],
    ["a negative offset with minutes", "2026-03-01T00:00:00-09:30", "West\n\n\nbody\n"],
    ["fractional seconds", "2026-03-01T00:00:00.250Z", "x"],
  ];
  for (const r of [repo, sha256]) {
    const kind = r === repo ? "SHA-1" : "SHA-256";
    const head = r.git("rev-parse", "HEAD").trim();
    const tree = r.git("rev-parse", "HEAD^{tree}").trim();
    for (const [name, date, message] of cases) {
      test(`${kind}: ${name}`, () => {
        const author = { ...worker, date };
        const committer = { name: "Dgov Governor", email: "gov@dgov.local", date: "2026-12-03T10:11:13Z" };
        const ours = writeCommit(join(r.dir, ".git", "objects"), { tree, parents: [head], author, committer, message });
        expect(ours).toBe(gitCommitTree(r, tree, head, author, committer, message));
        expect(r.git("cat-file", "-t", ours!).trim()).toBe("commit");
      });
    }
    test(`${kind}: the objects pass git fsck --strict, and nothing is left aside`, () => {
      expect(() => r.git("fsck", "--strict", "--no-dangling")).not.toThrow();
      const objects = join(r.dir, ".git", "objects");
      const leftovers = readdirSync(objects, { recursive: true, encoding: "utf8" }).filter((f) => f.includes("tmp_obj"));
      expect(leftovers).toEqual([]);
    });
  }

  test("what git would clean up or must parse is left to git", () => {
    const tree = repo.git("rev-parse", "HEAD^{tree}").trim();
    const head = repo.git("rev-parse", "HEAD").trim();
    const objects = join(repo.dir, ".git", "objects");
    const at = (author: { name: string; email: string; date?: string }) => writeCommit(objects, { tree, parents: [head], author, committer: worker, message: "m" });
    expect(at({ name: " padded", email: "a@b" })).toBeNull();
    expect(at({ name: "a <b>", email: "a@b" })).toBeNull();
    expect(at({ name: "name.", email: "a@b" })).toBeNull();
    expect(at({ name: "", email: "a@b" })).toBeNull();
    expect(at({ name: "n", email: "a@b", date: "yesterday" })).toBeNull();
    expect(writeCommit(objects, { tree: "HEAD", parents: [], author: worker, committer: worker, message: "m" })).toBeNull();
    expect(writeCommit(objects, { tree, parents: ["a".repeat(64)], author: worker, committer: worker, message: "m" })).toBeNull();
  });

  test("a repository whose config asks for another form (a commit encoding, a shared repository) gets git's own commit", async () => {
    for (const [key, value, check] of [
      ["i18n.commitEncoding", "ISO-8859-1", (r: typeof repo, sha: string) => expect(r.git("cat-file", "-p", sha)).toContain("\nencoding ISO-8859-1\n")],
      ["core.sharedRepository", "group", (r: typeof repo, sha: string) => expect(statSync(join(r.dir, ".git", "objects", sha.slice(0, 2))).mode & 0o2070).toBe(0o2070)],
    ] as const) {
      const r = makeRepo({ "a.txt": "a\n" }, { commit: true });
      try {
        r.git("config", key, value);
        const tree = r.git("rev-parse", "HEAD^{tree}").trim();
        const head = r.git("rev-parse", "HEAD").trim();
        const date = "2026-12-03T10:11:12Z";
        const env = { PATH: process.env.PATH, HOME: process.env.HOME, GIT_CONFIG_NOSYSTEM: "1", GIT_AUTHOR_NAME: worker.name, GIT_AUTHOR_EMAIL: worker.email, GIT_AUTHOR_DATE: date, GIT_COMMITTER_NAME: worker.name, GIT_COMMITTER_EMAIL: worker.email, GIT_COMMITTER_DATE: date };
        const sha = await commitTree(r.dir, [], { tree, parents: [head], author: { ...worker, date }, committer: { ...worker, date }, message: "Réparer\n" }, env);
        check(r, sha);
      } finally {
        r.remove();
      }
    }
  });

  test("commitTree asks git for what it cannot write, with the same result", async () => {
    const tree = repo.git("rev-parse", "HEAD^{tree}").trim();
    const head = repo.git("rev-parse", "HEAD").trim();
    const author = { name: "Ann  ", email: "ann@example.com", date: "2026-12-03T10:11:12Z" };
    const committer = { ...worker, date: "2026-12-03T10:11:12Z" };
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, GIT_CONFIG_NOSYSTEM: "1", GIT_AUTHOR_NAME: author.name, GIT_AUTHOR_EMAIL: author.email, GIT_AUTHOR_DATE: author.date, GIT_COMMITTER_NAME: worker.name, GIT_COMMITTER_EMAIL: worker.email, GIT_COMMITTER_DATE: committer.date };
    const sha = await commitTree(repo.dir, [], { tree, parents: [head], author, committer, message: "m\n" }, env);
    expect(repo.git("log", "-1", "--format=%an|%ae|%aI|%cn", sha).trim()).toBe("Ann|ann@example.com|2026-12-03T10:11:12+00:00|dgov-worker");
    expect(existsSync(join(repo.dir, ".git", "objects", sha.slice(0, 2), sha.slice(2)))).toBe(true);
  });
});
