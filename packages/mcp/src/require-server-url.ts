/**
 * Checks that `options.resourceServerUrl` is a `URL` object, this MCP server's URL.
 *
 * @throws TypeError otherwise, saying to pass `new URL(…)`: a URL string (which `dualAuthFetch`'s
 *   `origin` takes) is refused here, since the server compares it with the token's audience.
 */
export function requireServerUrl(value: unknown): asserts value is URL {
  if (!(value instanceof URL)) {
    throw new TypeError(
      "options.resourceServerUrl must be a URL object, this MCP server's URL (new URL('https://mcp.example.com/mcp')), not a string",
    );
  }
}
