import { expect, test } from "bun:test";
import { shellExitCode } from "../../src/worker/tools.ts";

test("a shell tool's result text gives its exit code; any other text none", () => {
  expect(shellExitCode("STDOUT:\nok\nSTDERR:\n\nEXIT:0")).toBe(0);
  expect(shellExitCode("STDOUT:\nEXIT:9 in the output\nSTDERR:\nboom\nEXIT:2")).toBe(2);
  expect(shellExitCode("STDOUT:\n\nSTDERR:\n\nEXIT:-1")).toBe(-1);
  expect(shellExitCode("Wrote 3 lines to a.ts\nEXIT:0")).toBeNull();
  expect(shellExitCode("STDOUT:\nno exit line")).toBeNull();
});
