/**
 * A Go module checked by go vet, gofmt, go build and go test — the real ones (issue 12). The
 * package's API wraps an internal package; the tests call the API. One run: a correct change
 * lands next to an old vet finding; a vet finding on a changed line, an unformatted edit, a
 * type error and a break only the API's tests see are each rejected by the right gate.
 * Preflight leaves the tree byte-identical.
 */
import { describeFixture, type Fixture } from "../../fakes/real-repo.ts";

const GEOM = "package geom\n\n// Area is the area of a w×h rectangle.\nfunc Area(w, h int) int {\n\treturn w * h\n}\n";
const LABEL = 'package shapes\n\nimport "fmt"\n\n// Label names a rectangle.\nfunc Label(w, h int) string {\n\treturn fmt.Sprintf("%dx%d", w, h)\n}\n';
const UNITS = 'package shapes\n\nimport "strings"\n\n// Unit is a unit name, upper-cased.\nfunc Unit(name string) string {\n\treturn strings.ToUpper(name)\n}\n';
const SIZE = "package shapes\n\n// Size is the longer side.\nfunc Size(w, h int) int {\n\tif w > h {\n\t\treturn w\n\t}\n\treturn h\n}\n";

const goFixture = (): Fixture => ({
  language: "go",
  files: {
    "go.mod": "module example.com/shapes\n\ngo 1.22\n",
    ".gitignore": "/bin/\n",
    "shapes.go": 'package shapes\n\nimport "example.com/shapes/internal/geom"\n\n// Area is the area of a w×h rectangle.\nfunc Area(w, h int) int {\n\treturn geom.Area(w, h)\n}\n',
    "internal/geom/geom.go": GEOM,
    "label.go": LABEL,
    "units.go": UNITS,
    "size.go": SIZE,
    // An old vet finding in a file no task touches (unreachable code: not among the checks `go test` runs).
    "legacy.go": 'package shapes\n\n// Legacy is the old way.\nfunc Legacy() int {\n\treturn 1\n\tpanic("never")\n}\n',
    "shapes_test.go": 'package shapes\n\nimport "testing"\n\nfunc TestArea(t *testing.T) {\n\tif got := Area(2, 3); got != 6 {\n\t\tt.Fatalf("Area(2, 3) = %d, want 6", got)\n\t}\n}\n',
  },
  project: [
    'src_dir = "."',
    'test_dir = "."',
    'source_extensions = [".go"]',
    'lint_cmd = "go vet ./..."',
    'format_cmd = "gofmt -w {file}"',
    "format_check_cmd = 'test -z \"$(gofmt -l {file})\"'",
    'type_check_cmd = "go build ./..."',
    'test_cmd = "go test ./..."',
  ].join("\n"),
  extra: '[gates.autofix]\nlevel = "off"\n',
  scenarios: [
    { slug: "good", edit: ["units.go"], writes: { "units.go": UNITS.replace("strings.ToUpper(name)", "strings.ToUpper(strings.TrimSpace(name))") }, expect: "lands" },
    { slug: "lint", edit: ["label.go"], writes: { "label.go": LABEL.replace('"%dx%d", w, h', '"%dx%s", w, h') }, expect: { gate: "lint", finding: ["label.go:7"] } },
    { slug: "format", edit: ["size.go"], writes: { "size.go": SIZE.replace("\tif w > h {\n\t\treturn w\n\t}", "    if w > h { return w }") }, expect: { gate: "format", finding: ["size.go"] } },
    {
      slug: "types",
      create: ["width.go"],
      writes: { "width.go": 'package shapes\n\n// Width is a width.\nfunc Width() int {\n\treturn "wide"\n}\n' },
      expect: { gate: "typecheck", finding: ["width.go:5"] },
    },
    { slug: "tests", edit: ["internal/geom/geom.go"], writes: { "internal/geom/geom.go": GEOM.replace("w * h", "w + h") }, expect: { gate: "tests", finding: ["Area(2, 3) = 5, want 6"] } },
  ],
});

describeFixture("a Go module: go vet, gofmt, go build, go test", ["go"], goFixture, { what: "a vet finding on a changed line fails lint", broken: { "label.go": LABEL.replace('"%dx%d", w, h', '"%dx%s", w, h') }, gate: "lint", finding: "label.go" });
