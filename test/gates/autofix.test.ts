import { afterEach, describe, expect, test } from "bun:test";
import { runGate } from "dgov/testing";
import { autofixGate } from "../../gates/autofix.ts";
import { editClaims, type GateRepo, gateRepo, workingInput } from "./gate-repo.ts";

// A "formatter" that rewrites every `x=1` to `x = 1` in the files it is given.
const FMT_SH = `for f; do sed -i 's/\\([a-z]\\)=\\([0-9]\\)/\\1 = \\2/g' "$f"; done\n`;
const project = { lint_fix_cmd: "", format_cmd: "sh fmt.sh {file}" };

let repo: GateRepo;
afterEach(() => repo?.remove());

function base() {
  repo = gateRepo({ "fmt.sh": FMT_SH, "src/a.py": "a=1\nb=2\nc=3\n", "src/c.py": "q=1\n", "src/u.py": "u=1\n" });
  return repo;
}

const claims = { ...editClaims("src/a.py", "src/c.py"), create: ["src/n.py"] };

describe("autofix gate", () => {
  test("fixes only the worker's lines of a pre-existing file, and new files whole", async () => {
    base().edit({ "src/a.py": "a=1\nb=5\nc=3\nd=4\n", "src/n.py": "x=1\ny=2\n" });
    const input = await workingInput(repo, project, { phase: "autofix", task: { claims } });
    expect(await runGate(autofixGate, input, { exec: repo.exec })).toEqual({ status: "pass" });
    expect(repo.read("src/a.py")).toBe("a=1\nb = 5\nc=3\nd = 4\n");
    expect(repo.read("src/n.py")).toBe("x = 1\ny = 2\n");
  });

  test("an unclaimed file is left alone; staged edits are still fixed (working tree vs base, not the index)", async () => {
    base().edit({ "src/a.py": "a=1\nb=5\nc=3\n", "src/u.py": "u=2\n" });
    repo.git("add", "src/a.py");
    const input = await workingInput(repo, project, { phase: "autofix", task: { claims } });
    expect(await runGate(autofixGate, input, { exec: repo.exec })).toEqual({ status: "pass" });
    expect(repo.read("src/a.py")).toBe("a=1\nb = 5\nc=3\n");
    expect(repo.read("src/u.py")).toBe("u=2\n");
  });

  test("a command without {file} runs as-is, and what it changes outside the worker's lines is put back", async () => {
    base().edit({ "src/a.py": "a=1\nb=5\nc=3\n", "src/u.py": "u=2\n" });
    const whole = { lint_fix_cmd: "exit 3", format_cmd: "sh fmt.sh src/*.py" };
    const input = await workingInput(repo, whole, { phase: "autofix", task: { claims } });
    expect(await runGate(autofixGate, input, { exec: repo.exec })).toEqual({ status: "pass" });
    expect(repo.read("src/a.py")).toBe("a=1\nb = 5\nc=3\n");
    expect(repo.read("src/c.py")).toBe("q=1\n");
    expect(repo.read("src/u.py")).toBe("u=2\n");
    expect(repo.git("status", "--porcelain")).toBe(" M src/a.py\n M src/u.py\n");
  });

  test("a fixer that hangs fails naming the command, and the worker's text is put back", async () => {
    base().edit({ "src/n.py": "x=1\n" });
    const slow = { lint_fix_cmd: "sh fmt.sh {file}; sleep 5", format_cmd: "", settlement_timeout: 0.3 };
    const outcome = await runGate(autofixGate, await workingInput(repo, slow, { phase: "autofix", task: { claims } }), { exec: repo.exec });
    expect(outcome).toMatchObject({ status: "fail", findings: [{ rule: "autofix/timeout", message: "Autofix lint_fix_cmd timed out after 0.3s: `sh fmt.sh src/n.py; sleep 5`" }] });
    expect(repo.read("src/n.py")).toBe("x=1\n");
  });

  test("skips with no fix command, or with nothing claimed to fix", async () => {
    base().edit({ "src/u.py": "u=2\n", "fmt.sh": `${FMT_SH}# changed\n` });
    const input = await workingInput(repo, project, { phase: "autofix", task: { claims } });
    expect(await runGate(autofixGate, input, { exec: repo.exec })).toMatchObject({ status: "skip" });
    expect(repo.read("src/u.py")).toBe("u=2\n");
    const none = await workingInput(repo, { lint_fix_cmd: "", format_cmd: " " }, { phase: "autofix", task: { claims: editClaims("src/u.py") } });
    expect(await runGate(autofixGate, none, { exec: repo.exec })).toMatchObject({ status: "skip" });
  });

  test("a base git does not know is the gate's error", async () => {
    base().edit({ "src/a.py": "a=2\n" });
    const input = { ...(await workingInput(repo, project, { phase: "autofix", task: { claims } })), baseSha: "f".repeat(40) };
    expect(await runGate(autofixGate, input, { exec: repo.exec })).toMatchObject({ status: "error" });
    expect(repo.read("src/a.py")).toBe("a=2\n");
  });
});
