import type { PluginDef } from "dgov/plugin";
import go from "./go/index.ts";
import python from "./python/index.ts";
import rust from "./rust/index.ts";
import typescript from "./typescript/index.ts";
import workerTools from "./worker-tools/index.ts";

/**
 * The first-party plugins compiled into dgov, listed statically (no directory scan at run
 * time). Order is discovery order: it breaks ties, e.g. between equally dominant languages.
 */
export const firstPartyPlugins: PluginDef[] = [python, typescript, go, rust, workerTools];
