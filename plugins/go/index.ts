import { definePlugin, defineToolchain, type RepoProbe, type ToolchainDetection } from "dgov/plugin";

const GOLANGCI = [".golangci.yml", ".golangci.yaml", ".golangci.toml", ".golangci.json"];

/** A Go module: gofmt, go vet (or golangci-lint when configured), go build, go test. */
export function detectGo(probe: RepoProbe): ToolchainDetection | null {
  if (!probe.exists("go.mod")) return null;
  const golangci = GOLANGCI.some((f) => probe.exists(f));
  return {
    language: "go",
    sourceFiles: probe.filesByExtension.get(".go") ?? 0,
    sourceExtensions: [".go"],
    tools: ["go", "gofmt", golangci ? "golangci-lint" : "go vet"],
    commands: {
      test_cmd: "go test ./...",
      lint_cmd: golangci ? "golangci-lint run ./..." : "go vet ./...",
      ...(golangci ? { lint_fix_cmd: "golangci-lint run --fix ./..." } : {}),
      format_cmd: "gofmt -w {file}",
      // gofmt -l lists unformatted files but exits 0; the check fails when it lists any.
      format_check_cmd: 'test -z "$(gofmt -l {file})"',
      type_check_cmd: "go build ./...",
    },
    ignoreFiles: probe.exists("go.sum") ? ["go.sum"] : [],
  };
}

export default definePlugin({
  name: "go",
  api: 1,
  description: "Go toolchain: gofmt, go vet or golangci-lint, go build, go test",
  toolchains: [defineToolchain({ name: "go", description: "gofmt, go vet, go test", detect: detectGo })],
});
