/** The fixtures as the TypeScript compiler API reads them (test/toolchains/node's typescript), for the comparison test. */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { FIXTURES } from "./fixtures.ts";
import type { ToolingAnswer } from "./tooling-python.ts";

const TYPESCRIPT = join(import.meta.dir, "..", "..", "toolchains", "node", "node_modules", "typescript", "lib", "typescript.js");

// The compiler's own types are not a dependency of dgov: the API is used through a narrow view.
type TS = any;
type TsNode = any;

function exportOf(ts: TS, node: TsNode): string {
  const mods: TsNode[] = ts.canHaveModifiers(node) ? (ts.getModifiers(node) ?? []) : [];
  const has = (kind: number) => mods.some((m) => m.kind === kind);
  return has(ts.SyntaxKind.ExportKeyword) ? (has(ts.SyntaxKind.DefaultKeyword) ? "export default " : "export ") : "";
}

function memberName(ts: TS, member: TsNode, sf: TsNode): string | null {
  if (ts.isConstructorDeclaration(member)) return "constructor";
  if (!(ts.isMethodDeclaration(member) || ts.isMethodSignature(member) || ts.isGetAccessor(member) || ts.isSetAccessor(member))) return null;
  const name = member.name;
  return ts.isStringLiteral(name) ? name.text : name.getText(sf);
}

/** file_symbols' lines for one source file, by the compiler's syntax tree. */
function symbols(ts: TS, sf: TsNode): string[] {
  const out: string[] = [];
  const lineOf = (node: TsNode) => sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
  const push = (line: string) => {
    if (out.at(-1)?.replace(/:\d+$/, "") !== line.replace(/:\d+$/, "")) out.push(line);
  };
  for (const stmt of sf.statements) {
    const exported = exportOf(ts, stmt);
    const named = (kind: string, name: TsNode | undefined) => push(`  ${exported}${kind} ${name ? name.text : "default"}:${lineOf(name ?? stmt)}`);
    if (ts.isFunctionDeclaration(stmt)) named("function", stmt.name);
    else if (ts.isClassDeclaration(stmt)) {
      named("class", stmt.name);
      const cls = stmt.name ? stmt.name.text : "default";
      for (const member of stmt.members) {
        const name = memberName(ts, member, sf);
        if (name !== null) push(`    method ${cls}.${name}:${lineOf(member.name ?? member)}`);
      }
    } else if (ts.isInterfaceDeclaration(stmt)) named("interface", stmt.name);
    else if (ts.isTypeAliasDeclaration(stmt)) named("type", stmt.name);
    else if (ts.isEnumDeclaration(stmt)) named("enum", stmt.name);
    else if (ts.isModuleDeclaration(stmt)) named(stmt.flags & ts.NodeFlags.Namespace ? "namespace" : "module", stmt.name);
    else if (ts.isVariableStatement(stmt)) {
      const flags = stmt.declarationList.flags;
      const keyword = flags & ts.NodeFlags.Const ? "const" : flags & ts.NodeFlags.Let ? "let" : "var";
      for (const decl of stmt.declarationList.declarations) if (ts.isIdentifier(decl.name)) named(keyword, decl.name);
    }
  }
  return out;
}

/** The compiler API's answer for files of a fixture project (`ts` or `js`), or null without typescript installed. */
export async function typescriptAnswer(project: string, files: string[], names: string[]): Promise<ToolingAnswer | null> {
  if (!existsSync(TYPESCRIPT)) return null;
  const ts: TS = (await import(TYPESCRIPT)).default;
  const answer: ToolingAnswer = { symbols: {}, lines: {} };
  for (const path of files) {
    const kind = path.endsWith(".tsx") ? ts.ScriptKind.TSX : /\.[cm]?js$/.test(path) ? ts.ScriptKind.JS : ts.ScriptKind.TS;
    const sf = ts.createSourceFile(path, readFileSync(join(FIXTURES, project, path), "utf8"), ts.ScriptTarget.Latest, true, kind);
    answer.symbols[path] = symbols(ts, sf);
    const visit = (node: TsNode): void => {
      if ((ts.isIdentifier(node) || ts.isPrivateIdentifier(node)) && names.includes(node.text)) {
        const at = `${path}:${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1}`;
        answer.lines[node.text] = [...new Set([...(answer.lines[node.text] ?? []), at])].sort();
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return answer;
}
