import { SCHEMA_KINDS, schemaText } from "../../config/editor-schemas.ts";
import { defineCommand, oneOf } from "../define.ts";
import { printText } from "../output.ts";

export default defineCommand({
  args: {
    kind: { type: "positional", description: "Which file: project (.dgov/project.toml), plan (a plan's _root.toml and section files) or user ($XDG_CONFIG_HOME/dgov/config.toml)" },
  },
  details:
    "Prints the JSON Schema of a dgov file, generated from the schemas dgov checks it against. For\n" +
    "taplo / Even Better TOML, save it and point the file at it with a first line such as\n" +
    "`#:schema ./schemas/project.schema.json` (dgov init and plan init write that line, and the schemas\n" +
    "under .dgov/schemas/).",
  async run({ args }) {
    await printText(schemaText(oneOf("schema", "kind", args.kind, SCHEMA_KINDS)));
    return 0;
  },
});
