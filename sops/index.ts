/**
 * The default policy pack, embedded in the binary: `dgov init` writes these files into
 * `.dgov/`. Text imports keep the markdown the single source (no copies in code).
 */
import governor from "./governor.md" with { type: "text" };
import architecture from "./architecture.md" with { type: "text" };
import codeReview from "./code-review.md" with { type: "text" };
import errorHandling from "./error-handling.md" with { type: "text" };
import gitCommits from "./git-commits.md" with { type: "text" };
import goStyle from "./go-style.md" with { type: "text" };
import javascriptStyle from "./javascript-style.md" with { type: "text" };
import knowledgeBase from "./knowledge-base.md" with { type: "text" };
import largeFileHandling from "./large-file-handling.md" with { type: "text" };
import projectExtensions from "./project-extensions.md" with { type: "text" };
import pythonStyle from "./python-style.md" with { type: "text" };
import refactoringDiscipline from "./refactoring-discipline.md" with { type: "text" };
import returnValues from "./return-values.md" with { type: "text" };
import rustStyle from "./rust-style.md" with { type: "text" };
import stateModelingReview from "./state-modeling-review.md" with { type: "text" };
import testing from "./testing.md" with { type: "text" };
import typescriptStyle from "./typescript-style.md" with { type: "text" };

export interface PackSop {
  name: string;
  text: string;
}

/** `.dgov/governor.md`: the charter for whoever writes plans. */
export const GOVERNOR_MD: string = governor;

/** The SOPs every project gets, in file-name order. */
export const COMMON_SOPS: ReadonlyArray<PackSop> = [
  { name: "architecture", text: architecture },
  { name: "code-review", text: codeReview },
  { name: "error-handling", text: errorHandling },
  { name: "git-commits", text: gitCommits },
  { name: "knowledge-base", text: knowledgeBase },
  { name: "large-file-handling", text: largeFileHandling },
  { name: "project-extensions", text: projectExtensions },
  { name: "refactoring-discipline", text: refactoringDiscipline },
  { name: "return-values", text: returnValues },
  { name: "state-modeling-review", text: stateModelingReview },
  { name: "testing", text: testing },
];

/** Each language's style and toolchain SOP, keyed by `[project].language`. */
export const LANGUAGE_SOPS: Readonly<Record<string, PackSop>> = {
  go: { name: "go-style", text: goStyle },
  javascript: { name: "javascript-style", text: javascriptStyle },
  python: { name: "python-style", text: pythonStyle },
  rust: { name: "rust-style", text: rustStyle },
  typescript: { name: "typescript-style", text: typescriptStyle },
};

/** `.dgov/sops/<name>.md` for a project in `language`: the common pack and that language's SOP, in file-name order. */
export function sopsFor(language: string): PackSop[] {
  const own = LANGUAGE_SOPS[language];
  return [...COMMON_SOPS, ...(own ? [own] : [])].sort((a, b) => a.name.localeCompare(b.name));
}
