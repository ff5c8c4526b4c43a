import { defineCommand } from "../cli/define.ts";
import { runWorker } from "./main.ts";

/** `dgov __worker --spec <file>`: the agent process the runner starts for one attempt. */
export default defineCommand({
  args: { spec: { type: "string", description: "The worker spec file the runner wrote", required: true } },
  run: ({ args }) => runWorker(args.spec),
});
