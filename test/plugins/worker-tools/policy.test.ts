import { describe, expect, test } from "bun:test";
import { checkShellPolicy, type ToolPolicy } from "../../../plugins/worker-tools/policy.ts";

const OFF: ToolPolicy = {
  restrict_run_bash: false,
  require_wrapped_verify_tools: false,
  require_uv_run: false,
  deny_shell_file_mutations: false,
  deny_shell_commands: [],
};
const policy = (p: Partial<ToolPolicy>): ToolPolicy => ({ ...OFF, restrict_run_bash: true, ...p });
const ABSOLUTE = "Absolute paths are not allowed. Use relative paths within the worktree.";
const OUTSIDE = "Paths outside the worktree are not allowed ('..' leaves it). Use relative paths within the worktree.";
const MUTATION = "run_bash policy rejected file mutation shell command. Use write_file/edit_file/apply_patch/revert_file instead.";
const REDIRECTION = "run_bash policy rejected shell redirection into repo files. Use write_file/edit_file/apply_patch instead.";

describe("paths outside the worktree (always checked)", () => {
  const cases: [string, string | null][] = [
    ["cat /etc/passwd", ABSOLUTE],
    ["cd / && cat etc/passwd", ABSOLUTE],
    ["ls; cat /home/u/.ssh/id_rsa", ABSOLUTE],
    ["echo $(cat /etc/hosts)", ABSOLUTE],
    ["sh -c 'cat /etc/hosts'", ABSOLUTE],
    ["grep x `ls /root`", ABSOLUTE],
    ["tool --config=/etc/x.toml", ABSOLUTE],
    ["echo hi > /tmp/out", ABSOLUTE],
    ["cat ~/.netrc", ABSOLUTE],
    ["cat /wt/../etc/passwd", ABSOLUTE],
    ["cat ../secret", OUTSIDE],
    ["cd src/../.. && ls", OUTSIDE],
    ["echo /tmp is where temp files go", null],
    ["printf '%s\\n' /etc", null],
    ["ls missing 2>/dev/null", null],
    ["make >/dev/null 2>&1", null],
    ["cat /wt/src/a.py", null],
    ["awk '/^def / {print}' a.py", null],
    ["sed -n '/start/,/end/p' a.txt", null],
    ["git log --oneline main..HEAD", null],
    // Relative paths are judged from the worktree root, whatever `cd` did before them.
    ["cd src && ls ..", OUTSIDE],
    // Words with expansions are judged too: each expansion stands for one path segment.
    ["cat /proc/$PPID/environ", ABSOLUTE],
    ["cat /proc/${PPID}/environ", ABSOLUTE],
    ['cat "$HOME/.ssh/id_rsa"', ABSOLUTE],
    ["cat ${HOME}/.netrc", ABSOLUTE],
    ["ls $TMPDIR", ABSOLUTE],
    ['d=src; cat "$d/../../secret"', OUTSIDE],
    ['echo x > "$(git rev-parse --git-common-dir)/hooks/post-checkout"', ABSOLUTE],
    ["cp a.txt `git rev-parse --show-toplevel`/x", ABSOLUTE],
    ["cat $PWD/src/a.py", null],
    ["cat $PWD/../x", ABSOLUTE],
    ["for f in *.ts; do wc -l $f; done", null],
    ['ls "$dir/sub"', null],
    ["echo $HOME", null],
  ];
  for (const [cmd, expected] of cases) {
    test(`${cmd} → ${expected ? "refused" : "allowed"}`, () => {
      expect(checkShellPolicy(cmd, OFF, { worktree: "/wt" })).toBe(expected);
      expect(checkShellPolicy(cmd, policy({}), { worktree: "/wt" })).toBe(expected);
    });
  }

  test("a line the lexer cannot read falls back to dgov-py's check while unrestricted", () => {
    expect(checkShellPolicy("cat /etc/passwd 'x", OFF)).toBe(ABSOLUTE);
    expect(checkShellPolicy("echo 'x", OFF)).toBeNull();
  });

  test("the texts classify as policy blocks", () => {
    for (const text of [ABSOLUTE, OUTSIDE]) expect(text).toContain("not allowed");
  });
});

describe("deny list (spec test 25)", () => {
  const deny = policy({ deny_shell_commands: ["pip", "python -m pip", "uv venv"] });
  const denied = (cmd: string, prefix: string) => `run_bash policy rejected '${cmd}'. Denied shell command prefix: '${prefix}'.`;
  const cases: [string, string | null][] = [
    ["pip install pytest", "pip"],
    ["PIP install pytest", "pip"],
    ["pip3 install x", "pip"],
    [".venv/bin/pip install x", "pip"],
    ["cd . && pip install x", "pip"],
    ["ls | xargs pip install", "pip"],
    ["env A=1 timeout 5 pip install x", "pip"],
    ["echo $(pip freeze)", "pip"],
    ["bash -c 'pip install x'", "pip"],
    ["uv run pip install x", "pip"],
    ["python -m pip install x", "python -m pip"],
    ["python3 -m pip install x", "python -m pip"],
    ["uv venv .venv", "uv venv"],
    ["pipx install x", null],
    ["./pipeline.sh", null],
    ["echo pip", null],
    ["python -m pytest", null],
  ];
  for (const [cmd, prefix] of cases) {
    test(`${cmd} → ${prefix ?? "allowed"}`, () => {
      expect(checkShellPolicy(cmd, deny)).toBe(prefix ? denied(cmd, prefix) : null);
    });
  }

  test("nothing is enforced while restrict_run_bash is off", () => {
    expect(checkShellPolicy("pip install x", { ...deny, restrict_run_bash: false })).toBeNull();
  });
});

describe("file mutations (spec test 26)", () => {
  const mut = policy({ deny_shell_file_mutations: true });
  const cases: [string, string | null][] = [
    ["touch scratch.py", MUTATION],
    ["ls && rm -rf src", MUTATION],
    ["true; mv a b", MUTATION],
    ["if true; then mkdir x; fi", MUTATION],
    ["find . -name '*.pyc' -exec rm {} \\;", MUTATION],
    ["find . -delete", MUTATION],
    ["sed -i 's/a/b/' f.py", MUTATION],
    ["printf 'x' > scratch.py", REDIRECTION],
    ["echo x >> log.txt", REDIRECTION],
    ["ls 2> err.txt", REDIRECTION],
    ["echo x | tee out.txt", REDIRECTION],
    ["ls 2>/dev/null", null],
    ["ls > /dev/null 2>&1", null],
    ["python - <<EOF\nprint(1)\nEOF", null],
    ["python -c 'print(1 > 0)'", null],
    ["grep -r rm src", null],
    ["sed -n 1,5p f.py", null],
  ];
  for (const [cmd, expected] of cases) {
    test(`${JSON.stringify(cmd)} → ${expected === MUTATION ? "mutation" : expected ? "redirection" : "allowed"}`, () => {
      expect(checkShellPolicy(cmd, mut)).toBe(expected);
    });
  }
});

describe("wrapped verification tools and uv run (spec tests 23, 24)", () => {
  const wrapped = policy({ require_wrapped_verify_tools: true });
  const both = policy({ require_wrapped_verify_tools: true, require_uv_run: true });
  const cases: [string, string][] = [
    ["pytest tests/test_foo.py -q", "run_tests()"],
    ["uv run pytest tests/test_foo.py -q", "run_tests()"],
    ["uv run --extra dev pytest tests/test_foo.py", "run_tests()"],
    ["uv run --with pytest pytest tests/test_foo.py", "run_tests()"],
    ["uv run python -m pytest tests/test_foo.py", "run_tests()"],
    ["cd . && pytest", "run_tests()"],
    ["uv run --extra dev ruff check src", "lint_check()"],
    ["uv run --env-file .env ruff check src", "lint_check()"],
    ["python -m ruff check src", "lint_check()"],
    ["uv run -q ty check", "type_check()"],
    ["python -m ty check src/foo.py", "type_check()"],
    ["uv run ruff check --fix src", "lint_fix()"],
    ["uv run ruff format src/foo.py", "format_file()"],
  ];
  for (const [cmd, tool] of cases) {
    test(`${cmd} → ${tool}`, () => {
      const error = checkShellPolicy(cmd, wrapped);
      expect(error).toStartWith("run_bash policy requires ");
      expect(error).toContain(tool);
    });
  }

  test("exact texts", () => {
    expect(checkShellPolicy("pytest", wrapped)).toBe("run_bash policy requires run_tests() for pytest invocations.");
    expect(checkShellPolicy("ruff check --fix .", wrapped)).toBe("run_bash policy requires lint_fix() for 'ruff check --fix'.");
    expect(checkShellPolicy("ruff check .", wrapped)).toBe("run_bash policy requires lint_check() for 'ruff check'.");
    expect(checkShellPolicy("ruff format .", wrapped)).toBe("run_bash policy requires format_file() for 'ruff format'.");
    expect(checkShellPolicy("ty check", wrapped)).toBe("run_bash policy requires type_check() for 'ty check'.");
  });

  test("require_uv_run", () => {
    const uv = policy({ require_uv_run: true });
    expect(checkShellPolicy("uv run python -c 'print(1)'", both)).toBeNull();
    expect(checkShellPolicy("python -c 'print(1)'", uv)).toBe("run_bash policy requires 'uv run' for Python command 'python'.");
    expect(checkShellPolicy("ls && python3.12 x.py", uv)).toBe("run_bash policy requires 'uv run' for Python command 'python3.12'.");
    expect(checkShellPolicy("pythonista", uv)).toBeNull();
    expect(checkShellPolicy("uv run --python 3.12 python x.py", uv)).toBeNull();
    expect(checkShellPolicy("uv run --python=3.12 ruff --version", uv)).toBeNull();
  });

  test("uv run without a command, and lines that cannot be read", () => {
    expect(checkShellPolicy("uv run", both)).toBe("Invalid 'uv run' command with no subcommand.");
    expect(checkShellPolicy("uv run --extra dev", both)).toBe("Invalid 'uv run' command with no subcommand.");
    expect(checkShellPolicy("echo 'x", both)).toBe("Invalid shell command: No closing quotation");
    expect(checkShellPolicy("echo $(ls", both)).toBe("Invalid shell command: No closing parenthesis");
    expect(checkShellPolicy("   ", both)).toBe("Empty shell command.");
  });

  test("an unknown uv option ends the options: it is judged as the command", () => {
    expect(checkShellPolicy("uv run --bogus pytest", wrapped)).toBeNull();
  });
});
