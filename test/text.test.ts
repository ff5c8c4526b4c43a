/** src/text.ts: number formatting. */
import { describe, expect, test } from "bun:test";
import { thousands } from "../src/text.ts";

describe("thousands", () => {
  test("groups digits as en-US's toLocaleString does, without loading ICU", () => {
    for (const n of [0, 7, 999, 1000, 12_345, 999_999, 1_000_000, 1_234_567_890, -1, -1234, -1_000_000]) {
      expect(thousands(n)).toBe(n.toLocaleString("en-US"));
    }
  });
});
