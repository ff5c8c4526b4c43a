/**
 * Builds a release: one dgov executable per platform (`bun build --compile --target=…`), the npm
 * package (`npm pack`) and SHA256SUMS over them, in `dist/release/<version>/` unless `--out`
 * says where. `--targets linux-x64,darwin-arm64` builds a subset.
 *
 *   bun run release [--out DIR] [--targets LIST]
 */
import { mkdirSync, readdirSync, rmSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { $ } from "bun";
import pkg from "../package.json" with { type: "json" };
import { buildBinary, type Target, TARGETS } from "./build.ts";

const { values } = parseArgs({ options: { out: { type: "string" }, targets: { type: "string" } } });
const out = resolve(values.out ?? join("dist", "release", pkg.version));
const targets = (values.targets?.split(",") ?? Object.keys(TARGETS)).map((name) => name.trim());
const unknown = targets.filter((name) => !(name in TARGETS));
if (unknown.length > 0) {
  console.error(`release: unknown target ${unknown.join(", ")}; the targets are ${Object.keys(TARGETS).join(", ")}`);
  process.exit(2);
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
for (const target of targets as Target[]) {
  const file = join(out, `dgov-${pkg.version}-${target}`);
  await buildBinary(file, target);
  console.log(basename(file));
}
// `npm pack` builds the package's bundle (prepack) and writes dgov-<version>.tgz.
await $`npm pack --pack-destination ${out} --silent`.quiet();
console.log(`dgov-${pkg.version}.tgz`);

const lines: string[] = [];
for (const name of readdirSync(out).sort()) {
  const hash = new Bun.CryptoHasher("sha256").update(await Bun.file(join(out, name)).bytes()).digest("hex");
  lines.push(`${hash}  ${name}`);
}
await Bun.write(join(out, "SHA256SUMS"), `${lines.join("\n")}\n`);
console.log(`SHA256SUMS (${lines.length} files) in ${out}`);
