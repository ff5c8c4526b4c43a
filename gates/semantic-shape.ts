/**
 * Arity, as far as the syntax tells it: how many arguments a function accepts (required and
 * at most; a rest or variadic parameter has no upper bound), and how many each call passes
 * (unknown when it spreads a list into the arguments).
 */
import type { Grammar, SyntaxNode } from "dgov/plugin";

export interface Shape {
  min: number;
  max: number;
}

export interface Call {
  /** The called name: `f` of `f(x)`, `m` of `obj.m(x)` and of `Type::m(x)`. */
  name: string;
  /** Called as a member (`obj.m()`, `Type::m()`), not by a bare name. */
  member: boolean;
  line: number;
  /** How many arguments it passes; null when a spread makes it unknowable. */
  args: number | null;
  /** Its text, whitespace collapsed: the same call in two versions of a file. */
  text: string;
}

type Kind = "required" | "optional" | "variadic" | "skip";

function pythonParam(p: SyntaxNode, index: number, method: boolean): Kind {
  if (p.type === "keyword_separator" || p.type === "positional_separator") return "skip";
  if (method && index === 0 && (p.text === "self" || p.text === "cls" || /^(self|cls)\s*:/.test(p.text))) return "skip";
  if (p.type === "list_splat_pattern" || p.type === "dictionary_splat_pattern") return "variadic";
  if (p.type === "typed_parameter" && /^\*/.test(p.text)) return "variadic";
  return p.type === "default_parameter" || p.type === "typed_default_parameter" ? "optional" : "required";
}

function scriptParam(p: SyntaxNode): Kind {
  if (p.type === "rest_pattern" || /^\.\.\./.test(p.text)) return "variadic";
  if (p.type === "optional_parameter" || p.type === "assignment_pattern" || p.childForFieldName("value")) return "optional";
  const pattern = p.childForFieldName("pattern");
  return pattern?.type === "this" ? "skip" : "required";
}

function kinds(p: SyntaxNode, index: number, grammar: Grammar, method: boolean): Kind[] {
  switch (grammar) {
    case "python":
      return [pythonParam(p, index, method)];
    case "go": {
      if (p.type === "variadic_parameter_declaration") return ["variadic"];
      const names = p.childrenForFieldName("name").filter((n) => n?.isNamed).length;
      return Array<Kind>(Math.max(1, names)).fill("required");
    }
    case "rust":
      if (p.type === "self_parameter") return ["skip"];
      return [p.type === "variadic_parameter" ? "variadic" : "required"];
    default:
      return [scriptParam(p)];
  }
}

/** What a function node accepts. */
export function shapeOf(fn: SyntaxNode, grammar: Grammar, method: boolean): Shape {
  const params = fn.childForFieldName("parameters");
  // An arrow function with one bare parameter: `x => x`.
  if (!params) return fn.childForFieldName("parameter") ? { min: 1, max: 1 } : { min: 0, max: 0 };
  const shape = { min: 0, max: 0 };
  const list = params.namedChildren.filter((p): p is SyntaxNode => p !== null && !p.type.includes("comment"));
  list.forEach((p, i) => {
    for (const kind of kinds(p, i, grammar, method)) {
      if (kind === "required") (shape.min++, shape.max++);
      else if (kind === "optional") shape.max++;
      else if (kind === "variadic") shape.max = Infinity;
    }
  });
  return shape;
}

export const fits = (n: number, shape: Shape) => n >= shape.min && n <= shape.max;

export const describeShape = (s: Shape) => (s.max === Infinity ? `${s.min} or more` : s.min === s.max ? `${s.min}` : `${s.min} to ${s.max}`);

const SCRIPT_CALLS = ["call_expression", "new_expression"];
const CALLS: Record<Grammar, string[]> = { typescript: SCRIPT_CALLS, tsx: SCRIPT_CALLS, javascript: SCRIPT_CALLS, python: ["call"], go: ["call_expression"], rust: ["call_expression"] };
const SPREADS = new Set(["spread_element", "list_splat", "dictionary_splat", "variadic_argument"]);

/** The called name, and whether it is a member. */
function callee(fn: SyntaxNode | null): { name: string; member: boolean } | null {
  if (!fn) return null;
  if (fn.type === "identifier") return { name: fn.text, member: false };
  const field = fn.childForFieldName("property") ?? fn.childForFieldName("attribute") ?? fn.childForFieldName("field") ?? (fn.type === "scoped_identifier" ? fn.childForFieldName("name") : null);
  return field ? { name: field.text, member: true } : null;
}

function argumentCount(args: SyntaxNode | null): number | null {
  if (!args) return null;
  if (args.type === "generator_expression") return 1;
  if (args.type === "template_string") return null;
  const list = args.namedChildren.filter((a): a is SyntaxNode => a !== null && !a.type.includes("comment"));
  if (list.some((a) => SPREADS.has(a.type)) || /\.\.\.\s*\)$/.test(args.text)) return null;
  return list.length;
}

/** Every call by a name in a tree, in file order. */
export function callSites(root: SyntaxNode, grammar: Grammar): Call[] {
  return root.descendantsOfType(CALLS[grammar]).flatMap((node): Call[] => {
    const named = node && callee(node.childForFieldName("function") ?? node.childForFieldName("constructor"));
    if (!node || !named) return [];
    const text = node.text.replace(/\s+/g, " ").trim();
    return [{ ...named, line: node.startPosition.row + 1, args: argumentCount(node.childForFieldName("arguments")), text }];
  });
}
