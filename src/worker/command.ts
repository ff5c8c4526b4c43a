import { defineCommand } from "../cli/define.ts";
import { runWorker } from "./main.ts";

/** `dgov __worker --spec <file> [--key-stdin]`: the agent process the runner starts for one attempt. */
export default defineCommand({
  args: {
    spec: { type: "string", description: "The worker spec file the runner wrote", required: true },
    "key-stdin": { type: "boolean", description: "Read the provider's API key from stdin instead of the environment" },
  },
  run: ({ args }) => runWorker(args.spec, { keyFromStdin: Boolean(args["key-stdin"]) }),
});
