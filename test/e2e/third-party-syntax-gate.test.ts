/** A project's own gate in `.dgov/plugins/` asks dgov/plugin's syntax layer for a changed file's symbols, inside the compiled binary. */
import { afterEach, describe, expect, test } from "bun:test";
import { type RunRepo, runRepo } from "../fakes/run-repo.ts";

const ONE_DEFINITION = `import { defineGate, definePlugin, definitions, grammarOf, imports, parseFile } from "dgov/plugin";

export default definePlugin({
  name: "acme-symbols",
  api: 1,
  gates: [
    defineGate({
      name: "one-definition",
      description: "No top-level name defined twice in a changed file",
      phase: ["isolated"],
      async check(input, ctx) {
        const findings = [];
        const read = [];
        for (const file of input.changed.filter((c) => c.status !== "deleted")) {
          const grammar = grammarOf(file.path);
          if (!grammar) continue;
          const text = (await ctx.exec(["cat", "--", file.path])).stdout;
          using tree = await parseFile(text, grammar);
          read.push(\`\${file.path}: \${grammar}, \${definitions(tree).length} definitions, \${imports(tree).length} imports\`);
          const seen = new Map();
          for (const d of definitions(tree)) {
            if (d.container !== null) continue;
            if (seen.has(d.name)) {
              findings.push({ rule: "acme/one-definition", message: \`\${d.kind} \${d.name} is already defined on line \${seen.get(d.name)}\`, file: file.path, line: d.line, hint: "Rename or remove one of them." });
            } else seen.set(d.name, d.line);
          }
        }
        ctx.log.info(read.join("; "));
        return findings.length ? { status: "fail", findings } : { status: "pass" };
      },
    }),
  ],
});
`;

const GO_DUPLICATE = `package shapes

import "math"

func Area(r float64) float64 { return math.Pi * r * r }

func Area(s float64) float64 { return s * s }
`;
const GO_METHODS = `package shapes

type Circle struct{ R float64 }
type Square struct{ S float64 }

func (c Circle) Area() float64 { return 3 * c.R * c.R }
func (s Square) Area() float64 { return s.S * s.S }
`;
const RUST = `use std::fmt;

pub struct P;

impl fmt::Display for P {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result { write!(f, "p") }
}
`;

let current: RunRepo | undefined;
afterEach(() => current?.remove());

function repo(go: string): RunRepo {
  const script = `cat > shapes.go <<'GO'\n${go}GO\ncat > lib.rs <<'RS'\n${RUST}RS\n`;
  // The built-in semantic gate finds the same duplicate: off, so this gate is judged alone.
  current = runRepo([{ slug: "a", script, create: ["shapes.go", "lib.rs"] }], { plan: "max_retries = 0", files: { ".dgov/plugins/one-definition.ts": ONE_DEFINITION }, extra: '[gates.semantic]\nlevel = "off"\n' });
  return current;
}

describe("a third-party gate on the syntax layer", () => {
  test("a function defined twice is rejected, naming the file, the line and the symbol", () => {
    const r = repo(GO_DUPLICATE);
    const run = r.run(["--json"]);
    expect(run.code).toBe(1);
    const task = run.json<{ tasks: { state: string; error: string }[] }>().tasks[0]!;
    expect(task.state).toBe("failed");
    expect(task.error.split("\n")[0]).toBe("settlement rejected at isolated by one-definition: shapes.go:7: function Area is already defined on line 5");
    expect(task.error).toContain("hint: Rename or remove one of them.");
    expect(r.log()).toEqual(["initial"]);
  });

  test("one method name on two types is no duplicate: the change lands; both grammars were read", () => {
    const r = repo(GO_METHODS);
    const run = r.run();
    expect(run.code).toBe(0);
    expect(r.log()).toEqual(["Task a", "initial"]);
    expect(run.stderr).toContain("[acme-symbols/one-definition] lib.rs: rust, 3 definitions, 1 imports; shapes.go: go, 4 definitions, 0 imports\n");
  });
});
