import { definePlugin, defineToolchain, type RepoProbe, type ToolchainCommands, type ToolchainDetection } from "dgov/plugin";

const GOLANGCI = [".golangci.yml", ".golangci.yaml", ".golangci.toml", ".golangci.json"];

/** golangci-lint's binary: `go tool golangci-lint` when go.mod pins it as a tool (Go ≥ 1.24), else the installed one. */
function golangciBinary(probe: RepoProbe): string {
  const mod = probe.readText("go.mod") ?? "";
  const tool = /^tool\s+\S*golangci-lint|^tool\s*\([^)]*golangci-lint/ms.test(mod);
  return tool ? "go tool golangci-lint" : "golangci-lint";
}

/**
 * The lint commands. golangci-lint when configured: v2 (`version: "2"`, the only config v2
 * accepts) takes `--output.json.path stdout`, v1 `--out-format json`. Otherwise `go vet` in its
 * text form: `go vet -json` exits 0 whatever it finds, so a gate deciding on the exit code
 * would pass every finding.
 */
function lintCommands(probe: RepoProbe): { commands: ToolchainCommands; tool: string } {
  const config = GOLANGCI.find((f) => probe.exists(f));
  if (!config) return { commands: { lint_cmd: "go vet ./..." }, tool: "go vet" };
  const bin = golangciBinary(probe);
  const v2 = /^\s*version\s*[:=]\s*["']?2/m.test(probe.readText(config) ?? "");
  return {
    commands: {
      lint_cmd: v2 ? `${bin} run --output.json.path stdout ./...` : `${bin} run --out-format json ./...`,
      lint_fix_cmd: `${bin} run --fix ./...`,
    },
    tool: "golangci-lint",
  };
}

/** A Go module: gofmt, go vet (or golangci-lint when configured), go build, go test. */
export function detectGo(probe: RepoProbe): ToolchainDetection | null {
  if (!probe.exists("go.mod")) return null;
  const lint = lintCommands(probe);
  return {
    language: "go",
    sourceFiles: probe.filesByExtension.get(".go") ?? 0,
    sourceExtensions: [".go"],
    tools: ["go", "gofmt", lint.tool],
    commands: {
      test_cmd: "go test ./...",
      ...lint.commands,
      format_cmd: "gofmt -w {file}",
      // gofmt -l lists unformatted files but exits 0; the check fails when it lists any.
      format_check_cmd: 'test -z "$(gofmt -l {file})"',
      type_check_cmd: "go build ./...",
      // The coverage gate reads the profile (paths under go.mod's module).
      coverage_cmd: "go test -coverprofile={output} ./...",
    },
    // Go's tests are `_test.go` files beside the code they test: no folder holds them.
    testDir: ".",
    ignoreFiles: probe.exists("go.sum") ? ["go.sum"] : [],
  };
}

export default definePlugin({
  name: "go",
  api: 1,
  description: "Go toolchain: gofmt, go vet or golangci-lint, go build, go test",
  toolchains: [defineToolchain({ name: "go", description: "gofmt, go vet, go test", detect: detectGo })],
});
