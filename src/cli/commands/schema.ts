import { SCHEMA_KINDS, schemaText } from "../../config/editor-schemas.ts";
import { defineCommand, oneOf } from "../define.ts";
import { printText } from "../output.ts";

export default defineCommand({
  args: {
    kind: { type: "positional", description: `Which file: ${SCHEMA_KINDS.join(" (.dgov/project.toml), ")} (a plan's _root.toml and section files)` },
  },
  details:
    "Prints the JSON Schema of a dgov file, generated from the schemas dgov checks it against. For\n" +
    "taplo / Even Better TOML, save it and point the file at it with a first line such as\n" +
    "`#:schema ./schemas/project.schema.json` (dgov init and init-plan write that line and the files).",
  async run({ args }) {
    await printText(schemaText(oneOf("schema", "kind", args.kind, SCHEMA_KINDS)));
    return 0;
  },
});
