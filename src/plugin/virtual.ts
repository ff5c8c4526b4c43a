import * as valibot from "valibot";
import * as api from "./api.ts";
import * as testing from "./testing.ts";

let registered = false;

/**
 * Serves `dgov/plugin`, `dgov/testing` and `valibot` to external plugins as virtual modules.
 * Inside the compiled binary there is no dgov package on disk to resolve, so without this a
 * plugin under `.dgov/plugins/` could not import the API it is written against. The plugin
 * also gets the host's own valibot, so schemas it builds are the ones the host validates with.
 */
export function registerVirtualModules(): void {
  if (registered) return;
  registered = true;
  Bun.plugin({
    name: "dgov-plugin-api",
    setup(build) {
      build.module("dgov/plugin", () => ({ exports: { ...api }, loader: "object" }));
      build.module("dgov/testing", () => ({ exports: { ...testing }, loader: "object" }));
      build.module("valibot", () => ({ exports: { ...valibot }, loader: "object" }));
    },
  });
}
