/** Variable names that look like credentials; never passed to tools, gates or hooks. */
const SECRET_NAME = /(API_?KEY|TOKEN|SECRET|PASSW(OR)?D|CREDENTIAL|PRIVATE_?KEY|ACCESS_?KEY|SESSION_?KEY|AUTH)/i;

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
    if (value === undefined || named.has(key) || SECRET_NAME.test(key)) continue;
    out[key] = value;
  }
  return out;
}
