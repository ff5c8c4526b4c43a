import { definePlugin, defineToolchain, type RepoProbe, type ToolchainDetection } from "dgov/plugin";

/** A Cargo project: cargo fmt, clippy, cargo check, cargo test; checks in cargo's JSON messages. */
export function detectRust(probe: RepoProbe): ToolchainDetection | null {
  if (!probe.exists("Cargo.toml")) return null;
  return {
    language: "rust",
    sourceFiles: probe.filesByExtension.get(".rs") ?? 0,
    sourceExtensions: [".rs"],
    tools: ["cargo", "rustfmt", "clippy"],
    commands: {
      test_cmd: "cargo test",
      lint_cmd: "cargo clippy --all-targets --message-format=json -- -D warnings",
      lint_fix_cmd: "cargo clippy --fix --allow-dirty --allow-staged",
      format_cmd: "cargo fmt",
      format_check_cmd: "cargo fmt --check",
      type_check_cmd: "cargo check --all-targets --message-format=json",
      // cargo-llvm-cov is a separate install: only when CI shows the project uses it.
      ...(probe.ciCommands.some((line) => /\bcargo llvm-cov\b/.test(line)) ? { coverage_cmd: "cargo llvm-cov --lcov --output-path {output}" } : {}),
    },
    // Unit tests sit in the code (`#[cfg(test)]`); `tests/` is cargo's folder of integration tests.
    testDir: probe.files.some((f) => f.startsWith("tests/")) ? "tests/" : ".",
    ignoreFiles: probe.exists("Cargo.lock") ? ["Cargo.lock"] : [],
  };
}

export default definePlugin({
  name: "rust",
  api: 1,
  description: "Rust toolchain: cargo fmt, clippy, cargo check, cargo test",
  toolchains: [defineToolchain({ name: "rust", description: "cargo fmt, clippy, cargo test", detect: detectRust })],
});
