/** src/tty.ts: terminals are told from pipes without Node's streams, and a pipe gets every byte. */
import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startPane } from "./fakes/tmux.ts";

const dir = mkdtempSync(join(tmpdir(), "dgov-tty-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const tty = JSON.stringify(join(import.meta.dir, "..", "src", "tty.ts"));

describe("tty", () => {
  test("a pipe is not a terminal, and a large write to it arrives whole and in order while its reader is slow", async () => {
    const script = join(dir, "write.ts");
    writeFileSync(script, `import { isTty, writeStd } from ${tty};\nwriteStd(2, JSON.stringify([isTty(1), isTty(2)]));\nlet text = "";\nfor (let i = 0; i < 40000; i++) text += \`\${i} ${"x".repeat(40)}\\n\`;\nwriteStd(1, text);\n`);
    const child = Bun.spawn(["bun", script], { stdout: "pipe", stderr: "pipe" });
    const chunks: string[] = [];
    const decoder = new TextDecoder();
    for await (const chunk of child.stdout) {
      chunks.push(decoder.decode(chunk, { stream: true }));
      await Bun.sleep(1);
    }
    expect(await child.exited).toBe(0);
    expect(JSON.parse(await new Response(child.stderr).text())).toEqual([false, false]);
    const lines = chunks.join("").split("\n").slice(0, -1);
    expect(lines.length).toBe(40000);
    expect(lines.every((line, i) => line === `${i} ${"x".repeat(40)}`)).toBe(true);
  });

  test("a terminal is one, and gets its stream (width and all)", async () => {
    const script = join(dir, "term.ts");
    const out = join(dir, "term.json");
    writeFileSync(script, `import { isTty, terminalStream } from ${tty};\nrequire("node:fs").writeFileSync(${JSON.stringify(out)}, JSON.stringify([isTty(1), isTty(2), terminalStream(2).columns]));\n`);
    const pane = startPane(["bun", script], { cwd: dir, width: 97 });
    try {
      await pane.until(() => pane.exitStatus() !== null);
      expect(JSON.parse(await Bun.file(out).text())).toEqual([true, true, 97]);
    } finally {
      pane.kill();
    }
  });
});
