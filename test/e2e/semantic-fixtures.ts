/**
 * One small source file per language for the semantic gate's end-to-end runs, and the edits
 * two tasks make to it: each pair merges cleanly as text (the edits are lines apart).
 */

export interface LangFixture {
  name: string;
  path: string;
  files: Record<string, string>;
  base: string;
  /** Two edits inside `area`'s body, lines apart. */
  sameA: [string, string];
  sameB: [string, string];
  /** `area` takes one more parameter. */
  signature: [string, string];
  /** A new function calling `area` with one argument. */
  oldCall: string;
  /** A function named `helper`. */
  helper(body: string): string;
  /** An edit of another function, `name`. */
  nameEdit: [string, string];
  /** Definitions that look repeated and are not: overloads, accessors, receivers, impls. */
  lookalike: string;
}

const body = (indent: string, decl: (v: string, x: string) => string) => ["a", "b", "c", "d", "e"].map((v, i) => `${indent}${decl(v, i === 0 ? "w" : String(i))}`).join("\n");

const PY_BASE = `# top


def area(w):
${body("    ", (v, x) => `${v} = ${x}`)}
    return a * b * c * d * e


def name():
    return "box"
`;

const TS_BASE = `// top

export function area(w: number): number {
${body("  ", (v, x) => `const ${v} = ${x};`)}
  return a * b * c * d * e;
}

export function name(): string {
  return "box";
}
`;

const JS_BASE = TS_BASE.replace("(w: number): number", "(w)").replace("(): string", "()");

const GO_BASE = `package geo

func Area(w int) int {
${body("\t", (v, x) => `${v} := ${x}`)}
\treturn a * b * c * d * e
}

func Name() string {
\treturn "box"
}
`;

const RS_BASE = `// top

pub fn area(w: i32) -> i32 {
${body("    ", (v, x) => `let ${v} = ${x};`)}
    a * b * c * d * e
}

pub fn name() -> &'static str {
    "box"
}
`;

export const LANGS: LangFixture[] = [
  {
    name: "python", path: "src/geo.py", files: {}, base: PY_BASE,
    sameA: ["a = w", "a = w + 1"], sameB: ["e = 4", "e = 40"],
    signature: ["def area(w):", "def area(w, h):"],
    oldCall: "\n\ndef used():\n    return area(2)\n",
    helper: (b) => `\n\ndef helper():\n    return ${b}\n`,
    nameEdit: ['return "box"', 'return "crate"'],
    lookalike: "\n\nfrom typing import overload\n\n\n@overload\ndef pick(a: int) -> int: ...\n@overload\ndef pick(a: str) -> str: ...\ndef pick(a):\n    return a\n\n\nclass Box:\n    @property\n    def size(self):\n        return self._size\n\n    @size.setter\n    def size(self, v):\n        self._size = v\n",
  },
  {
    name: "typescript", path: "src/geo.ts", files: {}, base: TS_BASE,
    sameA: ["const a = w;", "const a = w + 1;"], sameB: ["const e = 4;", "const e = 40;"],
    signature: ["area(w: number): number", "area(w: number, h: number): number"],
    oldCall: "\nexport const used = area(2);\n",
    helper: (b) => `\nexport function helper(): number {\n  return ${b};\n}\n`,
    nameEdit: ['return "box";', 'return "crate";'],
    lookalike: "\nexport function pick(a: string): string;\nexport function pick(a: number): number;\nexport function pick(a: any): any {\n  return a;\n}\n\nexport interface Shape { w: number }\nexport interface Shape { h: number }\nexport type Size = number;\nexport const Size = 1;\n",
  },
  {
    name: "javascript", path: "lib/geo.js", files: {}, base: JS_BASE,
    sameA: ["const a = w;", "const a = w + 1;"], sameB: ["const e = 4;", "const e = 40;"],
    signature: ["area(w)", "area(w, h)"],
    oldCall: "\nexport const used = area(2);\n",
    helper: (b) => `\nexport function helper() {\n  return ${b};\n}\n`,
    nameEdit: ['return "box";', 'return "crate";'],
    lookalike: "\nvar count = 1;\nvar count = 2;\n\nexport class Box {\n  get size() {\n    return this._size;\n  }\n  set size(v) {\n    this._size = v;\n  }\n  static make() {\n    return new Box();\n  }\n  make() {\n    return this;\n  }\n}\n",
  },
  {
    name: "go", path: "geo/geo.go", files: { "go.mod": "module example.com/m\n\ngo 1.22\n" }, base: GO_BASE,
    sameA: ["a := w", "a := w + 1"], sameB: ["e := 4", "e := 40"],
    signature: ["func Area(w int) int", "func Area(w int, h int) int"],
    oldCall: "\nfunc Used() int {\n\treturn Area(2)\n}\n",
    helper: (b) => `\nfunc Helper() int {\n\treturn ${b}\n}\n`,
    nameEdit: ['return "box"', 'return "crate"'],
    lookalike: "\ntype Box struct{}\ntype Crate struct{}\n\nfunc (b Box) Size() int { return 1 }\nfunc (c *Crate) Size() int { return 2 }\n\nfunc init() {}\nfunc init() {}\n",
  },
  {
    name: "rust", path: "src/geo.rs", files: {}, base: RS_BASE,
    sameA: ["let a = w;", "let a = w + 1;"], sameB: ["let e = 4;", "let e = 40;"],
    signature: ["area(w: i32) -> i32", "area(w: i32, h: i32) -> i32"],
    oldCall: "\npub fn used() -> i32 {\n    area(2)\n}\n",
    helper: (b) => `\npub fn helper() -> i32 {\n    ${b}\n}\n`,
    nameEdit: ['"box"', '"crate"'],
    lookalike: "\npub struct Cube;\npub struct Crate;\n\nimpl Cube {\n    pub fn size(&self) -> i32 { 1 }\n}\n\nimpl Crate {\n    pub fn size(&self) -> i32 { 2 }\n}\n\n#[cfg(unix)]\npub fn os() -> i32 { 1 }\n#[cfg(not(unix))]\npub fn os() -> i32 { 2 }\n",
  },
];

/** The text with the first line (the header) followed by `added`. */
export const afterFirstLine = (text: string, added: string) => text.replace(/\n/, `\n${added}`);

export const replace = (text: string, [from, to]: [string, string]) => {
  if (!text.includes(from)) throw new Error(`fixture edit: ${JSON.stringify(from)} not found`);
  return text.replace(from, to);
};
