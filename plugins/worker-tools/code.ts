import type { ToolDef } from "dgov/plugin";
import { astGrep } from "./ast-grep.ts";
import { askUser, done } from "./exit.ts";
import { emitPlan } from "./plan.ts";
import { relatedFiles } from "./related.ts";
import { scopeStatus } from "./scope-status.ts";
import { searchTestsFor } from "./search-tests.ts";
import { fileSymbols } from "./symbols.ts";
import { checkSyntax } from "./syntax.ts";

/** The code-intelligence, scope and exit tools (spec §3.1 #14–#18, #30, #31; §6.1), in spec order. */
// `any`: each tool has its own argument types (as in PluginDef.tools).
export const codeTools: ToolDef<any, any>[] = [astGrep, fileSymbols, checkSyntax, relatedFiles, searchTestsFor, scopeStatus, done, emitPlan, askUser];
