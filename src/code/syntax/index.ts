export { type Definition, type DefinitionKind } from "./definition.ts";
export { definitions } from "./definitions.ts";
export { type SyntaxProblem } from "./errors.ts";
export { GRAMMAR_EXTS, type Grammar, grammarOf, GRAMMARS } from "./grammars.ts";
export { type Import, type ImportKind, imports } from "./imports.ts";
export { parseFile, type SyntaxNode, type SyntaxTree, withTree } from "./parser.ts";
export { occurrences, type Reference, references } from "./references.ts";
