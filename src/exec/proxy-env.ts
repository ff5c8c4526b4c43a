/**
 * The variables HTTP clients read their proxy from (curl, git, npm, pip, cargo, go, bun). Its
 * own module: the sandboxes name it without loading the bridge's networking.
 */
export function proxyEnv(url: string): Record<string, string> {
  return { HTTP_PROXY: url, HTTPS_PROXY: url, ALL_PROXY: url, http_proxy: url, https_proxy: url, all_proxy: url, NO_PROXY: "", no_proxy: "" };
}
