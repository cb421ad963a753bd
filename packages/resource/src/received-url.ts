// RFC 9110 §7.2: Host is `uri-host [ ":" port ]` (RFC 3986 §3.2.2: an IP-literal in brackets, or
// a reg-name or IPv4 address of unreserved, percent-encoded and sub-delims characters).
const HOST = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9\-._~!$&'()*+,;=%]+)(?::[0-9]*)?$/;
const PROTOCOL = /^https?$/i;
// RFC 2606 §2: a name that is never anyone's host, so no DPoP proof's htu names it.
const UNUSABLE = 'https://host-header.invalid';

/**
 * The absolute URL a Node framework received a request at, for the guard's `url` (compared with
 * a DPoP proof's `htu`, RFC 9449 §4.3): `protocol` and `host` (the Host header, or X-Forwarded-*
 * behind a trusted proxy: the client's text) before `target`, the path and query the framework
 * routes. A host or protocol that is not one (`api.example.com/api/balance?`, with a `/`, `?`,
 * `#`, `\` or `@`) would move `target` out of the URL's path, so that htu would be compared with
 * a path the app does not route: it is replaced by `host-header.invalid`, which no proof names
 * (with `dpop.publicBaseUrl` only the path counts, and it is `target`'s).
 */
export function receivedUrl(protocol: string, host: string | undefined, target: string): string {
  if (host === undefined || !HOST.test(host) || !PROTOCOL.test(protocol)) {
    return `${UNUSABLE}${target}`;
  }
  return `${protocol}://${host}${target}`;
}
