import { existsSync, linkSync, mkdirSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DgovError } from "../errors.ts";
import { commonGitDir, OBJECT_ID } from "./dirs.ts";
import { plainObjects } from "./neutral.ts";
import { git } from "./run.ts";

/*
 * dgov's commits written in-process, as the loose objects `git commit-tree` writes
 * (gitformat-commit: the object `commit <size>\0<body>`, zlib-compressed, named by its hash,
 * under `objects/<2>/<rest>`): settlement makes two per task, and a git process costs more
 * than the object. Only what git would write the same is written here; anything else (an
 * identity git would clean up, a date it would have to parse) is left to git.
 */

/** Who and when: a date in ISO 8601 (`2026-01-02T03:04:05Z`, `…+02:00`); now when absent. */
export interface Signature {
  name: string;
  email: string;
  date?: string;
}

export interface NewCommit {
  tree: string;
  parents: readonly string[];
  author: Signature;
  committer: Signature;
  /** Recorded exactly (commit-tree -F does not clean a message up). */
  message: string;
}

/** Characters git strips from the ends of a name or an email, and removes inside (`<`, `>`, newline). */
const CRUD_END = /^[\x00-\x20.,:;<>"\\']|[\x00-\x20.,:;<>"\\']$/;
const CRUD_INSIDE = /[<>\n]/;
const ISO = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.\d+)?(Z|([+-])(\d\d):?(\d\d))$/;

/** Zone names that are UTC all year. */
const UTC_NAMES = "UTC|UCT|Universal|Zulu";
/** TZ set to a UTC zone (also GMT, and the POSIX `UTC0` and `:UTC` forms). */
const UTC_TZ = new RegExp(`^:?(?:Etc/)?(?:${UTC_NAMES}|GMT)0?$`);
/** /etc/localtime a link to a UTC zone file. */
const UTC_LINK = new RegExp(`(?:^|/)(?:Etc/)?(?:${UTC_NAMES})$`);
let utcHere: boolean | undefined;

/**
 * The local zone's offset from UTC in minutes at `now`, as git writes a date. A machine in UTC
 * (TZ naming a UTC zone; or TZ unset and /etc/localtime absent or a link to a UTC zone) is
 * answered without ICU, whose first answer costs ~4 ms of CPU; any other zone asks it.
 */
export function localZoneOffset(now: Date): number {
  if ((utcHere ??= inUtc())) return 0;
  return -now.getTimezoneOffset() || 0;
}

function inUtc(): boolean {
  const tz = process.env.TZ;
  if (tz !== undefined) return UTC_TZ.test(tz);
  try {
    return UTC_LINK.test(readlinkSync("/etc/localtime"));
  } catch (error) {
    // No zone file at all: the C library and ICU both take UTC. A copied file (not a link): ask ICU.
    return (error as NodeJS.ErrnoException).code === "ENOENT";
  }
}

/** `<unix seconds> <±hhmm>` for an ISO date (null: not one git and this read alike), or for now in the local zone. */
function gitDate(iso: string | undefined): string | null {
  if (iso === undefined) {
    const now = new Date();
    const offset = localZoneOffset(now);
    return `${Math.floor(now.getTime() / 1000)} ${zone(offset)}`;
  }
  const m = ISO.exec(iso);
  if (!m) return null;
  const offset = m[7] === "Z" ? 0 : (m[8] === "-" ? -1 : 1) * (Number(m[9]) * 60 + Number(m[10]));
  const utc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])) / 1000 - offset * 60;
  return `${utc} ${zone(offset)}`;
}

const zone = (minutes: number) => `${minutes < 0 ? "-" : "+"}${String(Math.floor(Math.abs(minutes) / 60)).padStart(2, "0")}${String(Math.abs(minutes) % 60).padStart(2, "0")}`;

function ident(s: Signature): string | null {
  for (const part of [s.name, s.email]) if (!part || CRUD_END.test(part) || CRUD_INSIDE.test(part)) return null;
  const date = gitDate(s.date);
  return date && `${s.name} <${s.email}> ${date}`;
}

/**
 * `data` as a zlib stream (RFC 1950), the form of a loose object: Bun's raw DEFLATE between the
 * two-byte header git itself writes (32 KiB window, default level) and the Adler-32 of `data`.
 * node:zlib would do the same, but loading it costs every run ~4 ms of CPU.
 */
export function zlibDeflate(data: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> {
  const body = Bun.deflateSync(data);
  let a = 1;
  let b = 0;
  // 5552 bytes is the most that can be summed before the sums must be reduced (zlib's NMAX).
  for (let i = 0; i < data.length; i += 5552) {
    const end = Math.min(i + 5552, data.length);
    for (let j = i; j < end; j++) b += a += data[j]!;
    a %= 65521;
    b %= 65521;
  }
  const out = new Uint8Array(body.length + 6);
  out.set([0x78, 0x9c]);
  out.set(body, 2);
  new DataView(out.buffer).setUint32(out.length - 4, ((b << 16) | a) >>> 0);
  return out;
}

/**
 * Writes the commit into `objectsDir` (a repository's `objects/`) and returns its id; null
 * when git would write it differently, so the caller asks git. The hash follows the
 * repository's (the tree id's length: SHA-1 or SHA-256). An object already there is kept;
 * a new one appears complete or not at all (written aside, then linked into place).
 */
export function writeCommit(objectsDir: string, c: NewCommit): string | null {
  if (!OBJECT_ID.test(c.tree) || c.parents.some((p) => !OBJECT_ID.test(p) || p.length !== c.tree.length)) return null;
  const author = ident(c.author);
  const committer = ident(c.committer);
  if (!author || !committer) return null;
  const body = Buffer.from(`tree ${c.tree}\n${c.parents.map((p) => `parent ${p}\n`).join("")}author ${author}\ncommitter ${committer}\n\n${c.message}`);
  const raw = Buffer.concat([Buffer.from(`commit ${body.length}\0`), body]);
  const id = new Bun.CryptoHasher(c.tree.length === 40 ? "sha1" : "sha256").update(raw).digest("hex");
  const dir = join(objectsDir, id.slice(0, 2));
  const file = join(dir, id.slice(2));
  if (existsSync(file)) return id;
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `tmp_obj_dgov_${process.pid}_${crypto.randomUUID().slice(0, 8)}`);
  try {
    writeFileSync(tmp, zlibDeflate(raw), { mode: 0o444, flag: "wx" });
    try {
      linkSync(tmp, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  } finally {
    rmSync(tmp, { force: true });
  }
  return id;
}

/**
 * A commit of `c` in the repository of a git call in `cwd` (with its `--git-dir` arguments):
 * written in-process when it can be (no config asks git for another form: a commit encoding,
 * a shared repository's permissions), else by `git commit-tree` with `env` (which must name
 * the same author, committer and dates). Returns the commit's id.
 */
export async function commitTree(cwd: string, gitDir: readonly string[], c: NewCommit, env: Record<string, string | undefined>): Promise<string> {
  const common = commonGitDir(cwd, gitDir);
  const written = common && (await plainObjects(cwd, env, gitDir)) ? writeCommit(join(common, "objects"), c) : null;
  if (written) return written;
  const args = [...gitDir, "commit-tree", c.tree, ...c.parents.flatMap((p) => ["-p", p]), "-F", "-"];
  const commit = await git(args, cwd, { env, stdin: c.message });
  if (commit.code !== 0) throw new DgovError({ code: "E_GIT", message: `git commit-tree failed in ${cwd}: ${commit.stderr.trim()}`, exitCode: 1 });
  return commit.stdout.trim();
}
