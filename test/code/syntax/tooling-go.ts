/** The fixtures as Go's own parser (go/parser, go/ast) reads them, through `go run`, for the comparison test. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FIXTURES } from "./fixtures.ts";
import type { ToolingAnswer } from "./tooling-python.ts";

const PROGRAM = `package main

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"sort"
)

func receiver(fn *ast.FuncDecl) string {
	t := fn.Recv.List[0].Type
	for {
		switch x := t.(type) {
		case *ast.StarExpr:
			t = x.X
		case *ast.IndexExpr:
			t = x.X
		case *ast.IndexListExpr:
			t = x.X
		case *ast.Ident:
			return x.Name
		default:
			return "?"
		}
	}
}

func symbols(fset *token.FileSet, f *ast.File) []string {
	out := []string{}
	line := func(n ast.Node) int { return fset.Position(n.Pos()).Line }
	for _, decl := range f.Decls {
		switch d := decl.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil {
				out = append(out, fmt.Sprintf("  func %s:%d", d.Name.Name, line(d.Name)))
			} else {
				out = append(out, fmt.Sprintf("    func %s.%s:%d", receiver(d), d.Name.Name, line(d.Name)))
			}
		case *ast.GenDecl:
			for _, spec := range d.Specs {
				switch s := spec.(type) {
				case *ast.TypeSpec:
					suffix := ""
					if _, ok := s.Type.(*ast.StructType); ok && !s.Assign.IsValid() {
						suffix = " struct"
					} else if _, ok := s.Type.(*ast.InterfaceType); ok && !s.Assign.IsValid() {
						suffix = " interface"
					}
					out = append(out, fmt.Sprintf("  type %s%s:%d", s.Name.Name, suffix, line(s.Name)))
				case *ast.ValueSpec:
					for _, n := range s.Names {
						out = append(out, fmt.Sprintf("  %s %s:%d", d.Tok.String(), n.Name, line(n)))
					}
				}
			}
		}
	}
	return out
}

func main() {
	var wanted []string
	json.Unmarshal([]byte(os.Args[1]), &wanted)
	want := map[string]bool{}
	for _, w := range wanted {
		want[w] = true
	}
	answer := map[string]map[string][]string{"symbols": {}, "lines": {}}
	for _, path := range os.Args[2:] {
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			panic(err)
		}
		answer["symbols"][path] = symbols(fset, f)
		seen := map[string]bool{}
		ast.Inspect(f, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && want[id.Name] {
				at := fmt.Sprintf("%s:%d", path, fset.Position(id.Pos()).Line)
				if !seen[id.Name+at] {
					seen[id.Name+at] = true
					answer["lines"][id.Name] = append(answer["lines"][id.Name], at)
				}
			}
			return true
		})
	}
	for _, lines := range answer["lines"] {
		sort.Strings(lines)
	}
	json.NewEncoder(os.Stdout).Encode(answer)
}
`;

/** go/ast's answer for files of the Go fixture project, or null without go. */
export function goAnswer(files: string[], names: string[]): ToolingAnswer | null {
  if (Bun.which("go") === null) return null;
  const dir = mkdtempSync(join(tmpdir(), "dgov-goast-"));
  try {
    writeFileSync(join(dir, "main.go"), PROGRAM);
    const proc = Bun.spawnSync(["go", "run", join(dir, "main.go"), JSON.stringify(names), ...files], { cwd: join(FIXTURES, "go"), env: { ...process.env, GO111MODULE: "off", GOFLAGS: "" } });
    if (proc.exitCode !== 0) throw new Error(`go run failed: ${proc.stderr.toString()}`);
    return JSON.parse(proc.stdout.toString()) as ToolingAnswer;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
