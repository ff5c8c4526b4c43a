/**
 * Command sets the detector tests and the `dgov init` end-to-end tests both expect, spelled
 * out literally (never read from the plugins: a test taking its expectation from the code
 * under test could not fail).
 */
export const X = "node_modules/.bin/";

export const GO_COMMANDS = {
  test_cmd: "go test ./...",
  lint_cmd: "go vet ./...",
  format_cmd: "gofmt -w {file}",
  format_check_cmd: 'test -z "$(gofmt -l {file})"',
  type_check_cmd: "go build ./...",
  coverage_cmd: "go test -coverprofile={output} ./...",
};

export const RUST_COMMANDS = {
  test_cmd: "cargo test",
  lint_cmd: "cargo clippy --all-targets --message-format=json -- -D warnings",
  lint_fix_cmd: "cargo clippy --fix --allow-dirty --allow-staged",
  format_cmd: "cargo fmt",
  format_check_cmd: "cargo fmt --check",
  type_check_cmd: "cargo check --all-targets --message-format=json",
};

/** bun + biome + tsc: biome lints and formats, bun runs the tests. */
export const BUN_BIOME_COMMANDS = {
  type_check_cmd: `${X}tsc --noEmit --pretty false`,
  lint_cmd: `${X}biome lint --reporter=json {file}`,
  lint_fix_cmd: `${X}biome lint --write {file}`,
  format_cmd: `${X}biome format --write {file}`,
  format_check_cmd: `${X}biome format {file}`,
  test_cmd: "bun test {test_dir}",
  coverage_cmd: "bun test --coverage --coverage-reporter=lcov --coverage-dir {output}",
  setup_cmd: "bun install --frozen-lockfile",
};
