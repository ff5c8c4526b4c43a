import { existsSync } from "node:fs";
import { join } from "node:path";
import { DgovError } from "../../errors.ts";
import { archivePlanDir } from "../../plan/archive.ts";
import { NAME_PATTERN } from "../../plan/schema.ts";
import { defineCommand } from "../define.ts";
import { printJson, printText } from "../output.ts";
import { openProject, plansDir } from "../project.ts";

export default defineCommand({
  args: {
    name: { type: "positional", required: true, description: "The plan's directory name under .dgov/plans/" },
  },
  details: "Moves .dgov/plans/<name> to .dgov/plans/archive/<name>. Refuses when the destination exists\n(never nests one plan inside another) or when git ignores the archive folder.",
  async run({ args, globals }) {
    const name = args.name;
    if (!NAME_PATTERN.test(name)) {
      throw new DgovError({ code: "E_USAGE", message: `invalid plan name '${name}': names must match ^[A-Za-z0-9_-]+$` });
    }
    const project = await openProject(globals);
    const from = join(plansDir(project.root), name);
    const to = join(plansDir(project.root), "archive", name);
    if (!existsSync(join(from, "_root.toml"))) {
      throw new DgovError({ code: "E_NOT_FOUND", message: `no plan '${name}' at ${project.display(from)}`, hint: "dgov plan list shows the plans" });
    }
    await archivePlanDir(project.root, from);
    if (globals.json) await printJson({ status: "archived", name, from, to });
    else await printText(`Archived plan '${name}' → ${project.display(to)}`);
    return 0;
  },
});
