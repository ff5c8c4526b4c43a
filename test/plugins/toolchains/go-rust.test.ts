/** Go and Rust detection: the module's own commands, checks in forms whose exit code tells. */
import { describe, expect, test } from "bun:test";
import { detectGo } from "../../../plugins/go/index.ts";
import { detectRust } from "../../../plugins/rust/index.ts";
import { GO_COMMANDS, RUST_COMMANDS } from "./expected.ts";
import { probeOf } from "./probe.ts";

const GO = { "go.mod": "module example.com/shop\n\ngo 1.24\n", "go.sum": "", "cart.go": "package shop\n", "cart_test.go": "package shop\n", "internal/db/db.go": "package db\n" };
const { lint_cmd: _vet, ...GO_BASE } = GO_COMMANDS;

describe("Go detection", () => {
  const rows: [string, Record<string, string>, Record<string, string>][] = [
    ["go vet in its text form (go vet -json exits 0 on findings)", GO, GO_COMMANDS],
    ["golangci-lint v2 config: JSON on stdout", { ...GO, ".golangci.yml": 'version: "2"\nlinters:\n  default: standard\n' }, { ...GO_BASE, lint_cmd: "golangci-lint run --output.json.path stdout ./...", lint_fix_cmd: "golangci-lint run --fix ./..." }],
    ["golangci-lint v1 config", { ...GO, ".golangci.yaml": "linters:\n  enable: [gofmt]\n" }, { ...GO_BASE, lint_cmd: "golangci-lint run --out-format json ./...", lint_fix_cmd: "golangci-lint run --fix ./..." }],
    ["golangci-lint pinned as a go.mod tool", { ...GO, "go.mod": "module x\n\ngo 1.24\n\ntool github.com/golangci/golangci-lint/v2/cmd/golangci-lint\n", ".golangci.yml": "version: 2\n" }, { ...GO_BASE, lint_cmd: "go tool golangci-lint run --output.json.path stdout ./...", lint_fix_cmd: "go tool golangci-lint run --fix ./..." }],
  ];
  for (const [what, files, commands] of rows) {
    test(what, async () => expect(detectGo(await probeOf(files))!.commands).toEqual(commands));
  }

  test("tests live beside the code: test_dir is '.'", async () => {
    expect(detectGo(await probeOf(GO))!.testDir).toBe(".");
  });
});

describe("Rust detection", () => {
  const CRATE = { "Cargo.toml": '[package]\nname = "shop"\n', "Cargo.lock": "", "src/lib.rs": "pub mod cart;\n", "src/cart.rs": "" };

  test("clippy and cargo check in cargo's JSON messages", async () => {
    expect(detectRust(await probeOf(CRATE))!.commands).toEqual(RUST_COMMANDS);
  });

  test("cargo llvm-cov (a separate install) only when CI runs it: lcov at {output}", async () => {
    const ci = { ".github/workflows/ci.yml": "jobs:\n  t:\n    steps:\n      - run: cargo llvm-cov --workspace\n" };
    expect(detectRust(await probeOf({ ...CRATE, ...ci }))!.commands).toEqual({ ...RUST_COMMANDS, coverage_cmd: "cargo llvm-cov --lcov --output-path {output}" });
  });

  test("test_dir: cargo's tests/ when the crate has integration tests, else '.' (unit tests sit in the code)", async () => {
    expect(detectRust(await probeOf(CRATE))!.testDir).toBe(".");
    expect(detectRust(await probeOf({ ...CRATE, "tests/cart.rs": "" }))!.testDir).toBe("tests/");
  });
});
