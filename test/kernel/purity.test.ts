import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const KERNEL = join(import.meta.dir, "..", "..", "src", "kernel");

describe("the kernel is pure", () => {
  const files = readdirSync(KERNEL).filter((f) => f.endsWith(".ts"));

  test("imports only its own modules", () => {
    for (const file of files) {
      const text = readFileSync(join(KERNEL, file), "utf8");
      const specifiers = [...text.matchAll(/^\s*(?:import|export)[^;]*?from\s+["']([^"']+)["']/gm)].map((m) => m[1]!);
      const dynamic = [...text.matchAll(/\b(?:import|require)\s*\(\s*["']([^"']+)["']/g)].map((m) => m[1]!);
      for (const spec of [...specifiers, ...dynamic]) {
        expect({ file, spec, local: spec.startsWith("./") && !spec.includes("..") }).toEqual({ file, spec, local: true });
      }
    }
  });

  test("touches no clock, randomness, environment or I/O", () => {
    const forbidden = /\b(Date\.now|new Date|Math\.random|crypto|performance\.now|process\.|Bun\.|globalThis|setTimeout|setInterval|fetch\()/;
    for (const file of files) {
      const code = readFileSync(join(KERNEL, file), "utf8").replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "");
      expect({ file, match: code.match(forbidden)?.[0] ?? null }).toEqual({ file, match: null });
    }
  });
});
