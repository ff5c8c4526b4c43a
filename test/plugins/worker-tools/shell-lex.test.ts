import { describe, expect, test } from "bun:test";
import { commandCore, listCommands } from "../../../plugins/worker-tools/shell-commands.ts";
import { lexCommandLine } from "../../../plugins/worker-tools/shell-lex.ts";

const words = (line: string) => {
  const lexed = lexCommandLine(line);
  return lexed.ok ? lexed.commands.map((c) => c.words) : lexed.error;
};

describe("lexCommandLine", () => {
  test("cuts at every operator outside quotes", () => {
    expect(words("a 1; b && c || d | e & f\ng |& h")).toEqual([["a", "1"], ["b"], ["c"], ["d"], ["e"], ["f"], ["g"], ["h"]]);
    expect(words("echo 'a; b' \"c && d\" e\\;f")).toEqual([["echo", "a; b", "c && d", "e;f"]]);
    expect(words("(cd x; ls) && { rm y; }")).toEqual([["cd", "x"], ["ls"], ["{", "rm", "y"], ["}"]]);
  });

  test("lists the commands inside substitutions, keeping the raw text in the word", () => {
    expect(words("echo $(pip freeze | wc -l) `ls \\`id\\``")).toEqual([["pip", "freeze"], ["wc", "-l"], ["id"], ["ls", "`id`"], ["echo", "$(pip freeze | wc -l)", "`ls \\`id\\``"]]);
    expect(words('echo "$(rm x)"')).toEqual([["rm", "x"], ["echo", "$(rm x)"]]);
    expect(words("echo $((1 + 2)) ${HOME} $'a\\'b'")).toEqual([["1", "+", "2"], ["echo", "$((1 + 2))", "${HOME}", "a'b"]]);
  });

  test("redirections are separate from words, fd numbers dropped", () => {
    const lexed = lexCommandLine("cmd a 2>&1 >out.txt 2>> err <in &>/dev/null b");
    expect(lexed).toEqual({
      ok: true,
      commands: [
        {
          words: ["cmd", "a", "b"],
          redirects: [
            { op: ">&", target: "1" },
            { op: ">", target: "out.txt" },
            { op: ">>", target: "err" },
            { op: "<", target: "in" },
            { op: "&>", target: "/dev/null" },
          ],
        },
      ],
    });
  });

  test("comments and here-document bodies are skipped", () => {
    expect(words("ls # rm -rf /\ncat <<'EOF' > f\nrm it's not a command\nEOF\necho done")).toEqual([["ls"], ["cat"], ["echo", "done"]]);
    expect(words("cat <<-END\n\trm x\n\tEND\nls")).toEqual([["cat"], ["ls"]]);
    expect(words("echo a#b")).toEqual([["echo", "a#b"]]);
  });

  test("errors", () => {
    expect(words("echo 'x")).toBe("No closing quotation");
    expect(words('echo "x')).toBe("No closing quotation");
    expect(words("echo $(x")).toBe("No closing parenthesis");
    expect(words("echo `x")).toBe("No closing backquote");
    expect(words("echo x\\")).toBe("No escaped character");
    expect(words("echo ${x")).toBe("No closing brace");
  });
});

describe("commandCore and listCommands", () => {
  test("assignments, reserved words and wrappers are stripped", () => {
    expect(commandCore(["A=1", "env", "-u", "X", "B=2", "nice", "-n", "5", "timeout", "-s", "KILL", "10", "pytest", "-q"])).toEqual(["pytest", "-q"]);
    expect(commandCore(["if", "!", "xargs", "-I", "{}", "rm", "{}"])).toEqual(["rm", "{}"]);
    expect(commandCore(["for", "x", "in", "a"])).toEqual([]);
    expect(commandCore(["time", "-p", "make"])).toEqual(["make"]);
  });

  test("sh -c, eval and find -exec are looked into", () => {
    const cores = (line: string) => {
      const listed = listCommands(line);
      return listed.ok ? listed.commands.map((c) => c.core) : listed.error;
    };
    expect(cores("bash -lc 'pip install x; ls'")).toEqual([["bash", "-lc", "pip install x; ls"], ["pip", "install", "x"], ["ls"]]);
    expect(cores("eval 'rm x'")).toEqual([["eval", "rm x"], ["rm", "x"]]);
    expect(cores("find . -exec rm {} + -print")).toEqual([["find", ".", "-exec", "rm", "{}", "+", "-print"], ["rm", "{}"]]);
    expect(cores("sh script.sh")).toEqual([["sh", "script.sh"]]);
    expect(cores("sh -c \"sh -c 'sh -c \\\"sh -c \\\\\\\"sh -c x\\\\\\\"\\\"'\"")).toBe("Shell scripts nested too deeply");
  });
});
