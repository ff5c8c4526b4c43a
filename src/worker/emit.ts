import type { WorkerMessage } from "./protocol.ts";

/** A protocol message without its envelope (`seq`, `ts`), which the writer adds. */
export type WorkerBody = WorkerMessage extends infer M ? (M extends WorkerMessage ? Omit<M, "seq" | "ts"> : never) : never;

/** Sends one protocol message to the runner. */
export type WorkerEmit = (message: WorkerBody) => void;
