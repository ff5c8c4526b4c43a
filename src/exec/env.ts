/** Variable names that look like credentials; never passed to tools, gates or hooks. */
const SECRET_NAME = /(API_?KEY|TOKEN|SECRET|PASSW(OR)?D|CREDENTIAL|PRIVATE_?KEY|ACCESS_?KEY|SESSION_?KEY|AUTH)/i;

/** Does a variable's name say it holds a credential? */
export const looksSecret = (name: string): boolean => SECRET_NAME.test(name);

/**
 * The environment for processes that run project code (gates, verify recipes, tools):
 * the caller's environment minus anything that looks like a secret and minus the
 * variables named explicitly (each provider's `api_key_env`).
 */
export function scrubbedEnv(
  base: Record<string, string | undefined> = process.env,
  secretNames: Iterable<string> = [],
): Record<string, string> {
  const named = new Set(secretNames);
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(base)) {
    if (value === undefined || named.has(key) || looksSecret(key)) continue;
    out[key] = value;
  }
  return out;
}

/**
 * What makes command-line tools print plain text: no colours (NO_COLOR, FORCE_COLOR=0 for
 * chalk and tinyrainbow, CLICOLOR, cargo's and pytest's own switches) and a dumb terminal.
 * Gates and tools read their output; ANSI codes there end up in findings and prompts.
 */
export const PLAIN_OUTPUT: Readonly<Record<string, string>> = {
  NO_COLOR: "1",
  FORCE_COLOR: "0",
  CLICOLOR: "0",
  NODE_DISABLE_COLORS: "1",
  CARGO_TERM_COLOR: "never",
  PY_COLORS: "0",
  TERM: "dumb",
};

/** `env` with PLAIN_OUTPUT applied, and the switches that force colours removed. */
export function plainOutput(env: Record<string, string>): Record<string, string> {
  const { CLICOLOR_FORCE: _, MYPY_FORCE_COLOR: __, ...rest } = env;
  return { ...rest, ...PLAIN_OUTPUT };
}
