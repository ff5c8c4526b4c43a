import { corePlugin } from "../../gates/index.ts";
import { firstPartyPlugins } from "../../plugins/index.ts";
import type { PluginDef } from "./types.ts";

/** The plugins compiled into dgov, in discovery order (static: no scanning at run time). */
export const builtinPlugins: PluginDef[] = [...firstPartyPlugins, corePlugin];
