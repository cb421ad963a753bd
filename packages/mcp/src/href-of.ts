/**
 * How a resource name is compared (RFC 8707 §2: the resource is an absolute URI;
 * `https://mcp.example.com` and `https://mcp.example.com/` are one resource): a URL as its WHATWG
 * `href`, anything else (an Entra client id) as it is.
 */
export const hrefOf = (name: string): string => (URL.canParse(name) ? new URL(name).href : name);
