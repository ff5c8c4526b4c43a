/**
 * `dgov/plugin`: the API third-party plugins import. Identity helpers over plain objects,
 * and the types of every contribution. Inside the compiled binary the host serves this
 * module to external plugins as a virtual module, so they need no installed copy of dgov.
 */
import type * as v from "valibot";
import type { GateDef, PluginDef, ToolchainDef, ToolDef, VerifyDef } from "./types.ts";

export { gatePhases, PLUGIN_API_VERSION } from "./types.ts";
export type * from "./types.ts";
/** Path policy helpers, as settlement applies them: globs (gitignore-style; deny entries also dgov-py's fnmatch), `[scope]` ignore entries, claims. */
export { denyMatch, globMatch } from "../config/glob.ts";
export { fnmatch, ignoreMatches, isDgovState, RESERVED_PATHS } from "../config/ignore.ts";
export { claimCovers, normalizeClaim } from "../plan/claims.ts";
/** `git status --porcelain=v1 -z` parsing, as settlement reads it: entries, and as changed files. */
export { asChanges as statusChanges, parsePorcelainZ as parseGitStatus, type StatusEntry } from "../git/status.ts";
/** Linter and type-checker output as data: the JSON and human formats of the common tools, and the identity that compares a tree's diagnostics with its base's. */
export {
  type Diagnostic,
  diagnosticKey,
  failingDiagnostics,
  type KeyedDiagnostic,
  keyDiagnostic,
  newDiagnostics,
  type NewOptions,
  normalizeMessage,
  parseDiagnostics,
  relativePath,
  stripAnsi,
} from "./diagnostics.ts";
/** Code intelligence (src/code): languages, import scanners and resolution, the import graph, test runners and selection. */
export { extOf, GO_EXTS, type Language, languageOf, loaderFor, PYTHON_EXTS, RUST_EXTS, type ScriptLoader, SCRIPT_EXTS } from "../code/languages.ts";
/**
 * The syntax layer on tree-sitter, for TypeScript, TSX, JavaScript, Python, Go and Rust:
 * `parseFile(text, grammarOf(path))` gives a tree (free it with `dispose()` or `using`) with
 * its syntax problems; `definitions`, `imports` and `references(tree, name)` read it.
 */
export {
  type Definition,
  type DefinitionKind,
  definitions,
  GRAMMAR_EXTS,
  type Grammar,
  grammarOf,
  GRAMMARS,
  type Import,
  type ImportKind,
  imports,
  occurrences,
  parseFile,
  type Reference,
  references,
  type SyntaxNode,
  type SyntaxProblem,
  type SyntaxTree,
  withTree,
} from "../code/syntax/index.ts";
/** Coverage reports as data: coverage.py JSON, lcov, Go cover profiles; the `.coverage-baseline/coverage.json` file; per-file drops. */
export {
  BASELINE_PATH as COVERAGE_BASELINE_PATH,
  type CoverageDrop,
  coverageDrops,
  type CoverageReport,
  dropMessage,
  type FileCoverage,
  goModule,
  readBaseline as readCoverageBaseline,
  readCoverage,
} from "../code/coverage/index.ts";
/** Architecture on the syntax layer: a tree's import graph, cycles, `[architecture]` layering violations and function metrics as offenders; a commit's texts from git objects. */
export {
  analyze as analyzeArchitecture,
  type Architecture,
  type FactsCache,
  introduced as introducedOffenders,
  type Limits as ArchitectureLimits,
  type Offender,
  type OffenderKind,
  offenderKey,
} from "../code/architecture/analysis.ts";
export { commitTexts } from "../code/architecture/git-tree.ts";
/** A line diff (Myers), as difflib-style opcodes. */
export { lineOpcodes, matchLines, type Opcode } from "../code/line-diff.ts";
export { BASELINE_FILE as ARCHITECTURE_BASELINE_FILE, type Baseline as ArchitectureBaseline, compare as compareWithBaseline, type Degradation, parseBaseline } from "../code/architecture/baseline.ts";
export { resolveSpecifier, scriptImports } from "../code/ts-imports.ts";
export { type PyImport, type PyImports, type PyStatement, type PySyntaxError, pythonSourceImports, pythonSyntax } from "../code/python-ast.ts";
export { absoluteModule, moduleName, pythonTargets } from "../code/python-modules.ts";
export { type ScriptProject, scriptProject, scriptProjectOf } from "../code/script-project.ts";
export { resolveScriptImport, type ScriptResolution } from "../code/script-resolve.ts";
export { type GraphSources, type GraphWalk, type ImportGraph, reaching, type SourceText, walkImports } from "../code/graph.ts";
export { listTree, MAX_SOURCE_BYTES, readTree } from "../code/tree.ts";
export { isTestFile, needsFiles, runnerTargets, type TestRunner, testRunnerOf } from "../code/test-runner.ts";
export { type ChangeKind, changeKind, hasGraph, isTestConfig, type Related, relatedTests } from "../code/test-selection.ts";

/** Declares a plugin: `{ name, api: 1, gates?, tools?, verify?, toolchains?, sops? }`. */
export function definePlugin<const P extends PluginDef>(plugin: P): P {
  return plugin;
}

/** Declares a settlement gate. */
export function defineGate<O = unknown>(gate: GateDef<O>): GateDef<O> {
  return gate;
}

/** Declares a worker tool; `args` is a valibot object schema that types `run`'s arguments. */
export function defineTool<S extends v.GenericSchema, O = unknown>(tool: ToolDef<S, O>): ToolDef<S, O> {
  return tool;
}

/** Declares a verification recipe: argv steps run for changes matching `match`. */
export function defineVerify(recipe: VerifyDef): VerifyDef {
  return recipe;
}

/** Declares a language toolchain: detection for `dgov init` and its commands. */
export function defineToolchain(toolchain: ToolchainDef): ToolchainDef {
  return toolchain;
}

