import { VERSION } from "../app.ts";
import { defineCommand } from "../define.ts";
import { printText } from "../output.ts";

export default defineCommand({
  args: {},
  details: "The same as dgov --version.",
  async run({ globals }) {
    await printText(globals.json ? JSON.stringify({ version: VERSION }) : VERSION);
    return 0;
  },
});
