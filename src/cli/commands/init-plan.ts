import { existsSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { schemaLine, schemaPath, schemaText } from "../../config/editor-schemas.ts";
import { DgovError } from "../../errors.ts";
import { NAME_PATTERN } from "../../plan/schema.ts";
import { renderExampleTask, renderRoot } from "../../plan/scaffold.ts";
import { writeFileAtomic } from "../../write-file.ts";
import { log } from "../../log.ts";
import { defineCommand } from "../define.ts";
import { printJson, printText } from "../output.ts";
import { openProject, plansDir } from "../project.ts";

function checkName(kind: string, name: string): void {
  if (!NAME_PATTERN.test(name)) {
    throw new DgovError({ code: "E_USAGE", message: `invalid ${kind} name '${name}': names must match ^[A-Za-z0-9_-]+$` });
  }
}

export default defineCommand({
  args: {
    name: { type: "positional", required: true, description: "The plan name (also its directory under .dgov/plans/)" },
    sections: { type: "string", valueHint: "a,b", description: "Section directories to create", default: "tasks" },
    force: { type: "boolean", description: "Overwrite the scaffold files of an existing plan" },
  },
  details: "Writes .dgov/plans/<name>/_root.toml and <section>/_example.toml, which documents every task key\nwith paths and commands of the project's language (from .dgov/project.toml).",
  async run({ args, globals }) {
    checkName("plan", args.name);
    const sections = args.sections.split(",").map((s) => s.trim()).filter(Boolean);
    if (sections.length === 0) sections.push("tasks");
    for (const s of sections) checkName("section", s);
    const project = await openProject(globals);
    const dir = join(plansDir(project.root), args.name);
    if (existsSync(dir) && !args.force) {
      throw new DgovError({ code: "E_EXISTS", message: `plan '${args.name}' already exists at ${project.display(dir)}`, hint: "Use --force to overwrite its scaffold files, or pick another name." });
    }
    if (existsSync(join(plansDir(project.root), "archive", args.name))) {
      log.warn(`an archived plan is also named '${args.name}': both share deploy records in .dgov/plans/deployed.jsonl`);
    }
    const files = [join(dir, "_root.toml"), ...sections.map((s) => join(dir, s, "_example.toml"))];
    // Each file's first line points editors at the plan schema, written beside the project's.
    const line = (file: string) => schemaLine("plan", relative(project.root, file));
    writeFileAtomic(files[0]!, line(files[0]!) + renderRoot(args.name, sections));
    const example = renderExampleTask(project.loaded.config.project);
    for (const file of files.slice(1)) writeFileAtomic(file, line(file) + example);
    const schemaFile = join(project.root, schemaPath("plan"));
    if (!existsSync(schemaFile) || readFileSync(schemaFile, "utf8") !== schemaText("plan")) writeFileAtomic(schemaFile, schemaText("plan"));
    if (globals.json) {
      await printJson({ status: "initialized", name: args.name, root: dir, sections, created: files });
      return 0;
    }
    await printText([`Initialized plan '${args.name}':`, ...files.map((f) => `  ${project.display(f)}`)].join("\n"));
    log.info("Next: copy or rename each _example.toml to a name without the leading '_', edit it, then `dgov compile`.");
    return 0;
  },
});
