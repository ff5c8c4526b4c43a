import type { StreamingProcess } from "../../exec/exec.ts";
import { parseWorkerLine } from "../../worker/protocol.ts";
import type { RunningWorker, WorkerLine } from "./types.ts";

async function* classify(lines: StreamingProcess["lines"]): AsyncGenerator<WorkerLine> {
  for await (const { stream, line } of lines) {
    const message = stream === "stdout" ? parseWorkerLine(line) : null;
    yield message ? { kind: "message", message } : { kind: "output", stream, line };
  }
}

/** A started process as a worker: protocol lines parsed, everything else kept as output. */
export function asWorker(proc: StreamingProcess): RunningWorker {
  return { pid: proc.pid, lines: classify(proc.lines), exited: proc.exited, kill: proc.kill };
}
