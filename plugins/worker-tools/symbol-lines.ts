/**
 * How file_symbols prints a definition, each language in its own words: Python as dgov-py
 * (`  def f:3`, `    def C.m:6`, `  NAME = ...:1`), TypeScript/JavaScript with the export as
 * written (`  export function main:3`, `    method Runner.run:11`), Go (`  type Point struct:5`,
 * `    func Point.Move:9`), Rust (`  pub fn run:3`, `  impl Shape for Point:8`, `    fn Point::area:9`).
 */
import type { Definition, Grammar } from "dgov/plugin";

const indent = (d: Definition) => (d.container === null ? "  " : "    ");
const exported = (d: Definition) => (d.exported ? `${d.exported} ` : "");

function pythonLine(d: Definition): string {
  if (d.kind === "variable") return `  ${d.name} = ...:${d.line}`;
  const keyword = d.kind === "function" || d.kind === "method" ? "def" : d.keyword;
  return `${indent(d)}${keyword} ${d.container ? `${d.container}.` : ""}${d.name}:${d.line}`;
}

function goLine(d: Definition): string {
  const suffix = d.kind === "struct" || d.kind === "interface" ? ` ${d.kind}` : "";
  return `${indent(d)}${d.keyword} ${d.container ? `${d.container}.` : ""}${d.name}${suffix}:${d.line}`;
}

function rustLine(d: Definition): string {
  // An impl's name already says what it is for; its methods and a module's items are under it.
  return `${indent(d)}${exported(d)}${d.keyword} ${d.container && d.kind !== "impl" ? `${d.container}::` : ""}${d.name}:${d.line}`;
}

function scriptLine(d: Definition): string {
  return `${indent(d)}${exported(d)}${d.keyword} ${d.container ? `${d.container}.` : ""}${d.name}:${d.line}`;
}

/** One definition as file_symbols lists it. */
export function symbolLine(grammar: Grammar, d: Definition): string {
  if (grammar === "python") return pythonLine(d);
  if (grammar === "go") return goLine(d);
  return grammar === "rust" ? rustLine(d) : scriptLine(d);
}
