/**
 * The default policy pack, embedded in the binary: `dgov init` writes these files into
 * `.dgov/`. Text imports keep the markdown the single source (no copies in code).
 */
import governor from "./governor.md" with { type: "text" };
import architecture from "./architecture.md" with { type: "text" };
import codeReview from "./code-review.md" with { type: "text" };
import errorHandling from "./error-handling.md" with { type: "text" };
import gitCommits from "./git-commits.md" with { type: "text" };
import knowledgeBase from "./knowledge-base.md" with { type: "text" };
import largeFileHandling from "./large-file-handling.md" with { type: "text" };
import projectExtensions from "./project-extensions.md" with { type: "text" };
import pythonStyle from "./python-style.md" with { type: "text" };
import refactoringDiscipline from "./refactoring-discipline.md" with { type: "text" };
import returnValues from "./return-values.md" with { type: "text" };
import stateModelingReview from "./state-modeling-review.md" with { type: "text" };
import testing from "./testing.md" with { type: "text" };

/** `.dgov/governor.md`: the charter for whoever writes plans. */
export const GOVERNOR_MD: string = governor;

/** `.dgov/sops/<name>.md`, in file-name order. */
export const DEFAULT_SOPS: ReadonlyArray<{ name: string; text: string }> = [
  { name: "architecture", text: architecture },
  { name: "code-review", text: codeReview },
  { name: "error-handling", text: errorHandling },
  { name: "git-commits", text: gitCommits },
  { name: "knowledge-base", text: knowledgeBase },
  { name: "large-file-handling", text: largeFileHandling },
  { name: "project-extensions", text: projectExtensions },
  { name: "python-style", text: pythonStyle },
  { name: "refactoring-discipline", text: refactoringDiscipline },
  { name: "return-values", text: returnValues },
  { name: "state-modeling-review", text: stateModelingReview },
  { name: "testing", text: testing },
];
