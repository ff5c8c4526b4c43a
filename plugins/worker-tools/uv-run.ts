/**
 * `uv run [uv options] <command…>`: which command uv runs, so the policy can judge that
 * command (spec workers-llm §4.3 step 6; the option lists are uv's).
 */

/** uv options that take a value (the next word, unless written `--opt=value`). */
const VALUE_OPTIONS = new Set(
  (
    "-C -P -f -i -p -s -w --allow-insecure-host --cache-dir --color --config-file --config-setting " +
    "--config-settings-package --default-index --directory --env-file --exclude-newer --exclude-newer-package " +
    "--extra --extra-index-url --find-links --fork-strategy --no-extra --group --index --index-strategy " +
    "--index-url --keyring-provider --link-mode --no-binary-package --no-build-isolation-package " +
    "--no-build-package --no-group --no-sources-package --only-group --package --prerelease --project " +
    "--python --python-platform --refresh-package --reinstall-package --resolution --script " +
    "--upgrade-package --with --with-editable --with-requirements"
  ).split(" "),
);

/** uv options that stand alone. */
const FLAG_OPTIONS = new Set(
  (
    "-m -n -U -q -v --all-extras --no-dev --no-default-groups --all-groups --module --only-dev " +
    "--compile-bytecode --no-editable --exact --gui-script --isolated --active --no-sync --locked --frozen " +
    "--all-packages --managed-python --no-binary --no-build --no-build-isolation --no-cache --no-config " +
    "--no-env-file --no-index --no-managed-python --no-project --no-progress --no-python-downloads " +
    "--no-sources --offline --quiet --refresh --reinstall --system-certs --upgrade --verbose"
  ).split(" "),
);

export type UvUnwrap = { ok: true; core: string[]; wrapped: boolean } | { ok: false; error: string };

/** The command `uv run` runs (`wrapped: true`), or `words` itself when it is not `uv run`. */
export function unwrapUvRun(words: readonly string[]): UvUnwrap {
  if (words[0] !== "uv" || words[1] !== "run") return { ok: true, core: [...words], wrapped: false };
  let i = 2;
  while (i < words.length) {
    const word = words[i]!;
    if (word === "--") {
      i++;
      break;
    }
    if (!word.startsWith("-")) break;
    const name = word.split("=")[0]!;
    if (VALUE_OPTIONS.has(name)) i += word.includes("=") ? 1 : 2;
    else if (FLAG_OPTIONS.has(word) || /^-(q+|v+)$/.test(word)) i++;
    else break; // an unknown option: uv would refuse it; judge it as the command
  }
  const core = words.slice(i);
  if (core.length === 0) return { ok: false, error: "Invalid 'uv run' command with no subcommand." };
  return { ok: true, core, wrapped: true };
}
