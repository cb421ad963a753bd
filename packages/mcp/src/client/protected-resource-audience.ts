import type { Clock, DualSubjectToken } from '@dual-auth/core';
import { BodyTooLargeError, jwtPayloadOf, readBoundedBody } from '@dual-auth/core/adapter-kit';
import { hrefOf } from '../href-of.js';
import { ResourceRefusedError } from './resource-refused-error.js';

const WELL_KNOWN = '/.well-known/oauth-protected-resource';
/** An RFC 9728 §2 document is a few hundred bytes; a larger answer is refused, not buffered. */
const MAX_METADATA_BYTES = 64 * 1024;
/** Server URLs remembered; the oldest is forgotten first. */
const MAX_SERVERS = 64;
/** How long a server's metadata is trusted before it is read again (a server may move). */
const METADATA_TTL_MS = 60 * 60 * 1000;

/** What {@link protectedResourceAudience} takes. */
export interface ProtectedResourceAudienceOptions {
  /** The `fetch` the metadata is read with (no credentials are sent with it). */
  send: typeof fetch;
  /** The `aud` the server's tokens carry when not its URL (Entra ID: the API's client id). */
  tokenAudience: string | undefined;
  /** Deadline of one metadata read, body included, in ms. */
  timeoutMs: number;
  /** Times the cache's lifetime. */
  clock: Clock;
}

/** A URL for a message: without its query, which may carry what is not ours to show. */
const shown = (href: string): string => href.split('?')[0] ?? href;

/** The URL and status of the last metadata request that was answered. */
interface LastAnswer {
  url?: string;
  status?: number;
}

/**
 * The two URLs a server's metadata may answer at (RFC 9728 §3.1), each with the resource its
 * document must name: the path-aware well-known URL (the well-known path inserted between the
 * origin and the server URL's path, a trailing slash of that path dropped as the MCP SDK drops it,
 * the query kept) for the server URL itself; the root well-known URL for the origin.
 */
interface MetadataUrls {
  pathAware: string;
  root: string;
  /** The resource a document read at `pathAware` must name. */
  resource: string;
  /** The resource a document read at `root` must name. */
  origin: string;
}

// Built by setting the path of a copy of the origin: a path taken from the URL is never parsed
// as a URL itself ("//host/x" would be read as another host).
function metadataUrls(serverUrl: string): MetadataUrls {
  const server = new URL(serverUrl);
  const path = server.pathname.endsWith('/') ? server.pathname.slice(0, -1) : server.pathname;
  const at = (pathname: string, search: string) => {
    const url = new URL(server.origin);
    url.pathname = pathname;
    url.search = search;
    return url.href;
  };
  return {
    pathAware: at(`${WELL_KNOWN}${path}`, server.search),
    root: at(WELL_KNOWN, ''),
    resource: at(path === '' ? '/' : path, server.search),
    origin: at('/', ''),
  };
}

/** A metadata read went to a URL other than the server's two well-known URLs (a redirect). */
class ElsewhereError extends Error {}

/**
 * The `fetch` given to the SDK's discovery: under one deadline, body size bounded, only to the
 * server's two well-known URLs, redirects not followed (the SDK follows same-origin ones through
 * this fetch: the next request is then refused), the last answer recorded (the SDK tells a 404
 * only by its message).
 */
function boundedFetch(
  send: typeof fetch,
  signal: AbortSignal,
  urls: MetadataUrls,
  last: LastAnswer,
) {
  return async (url: string | URL, init?: RequestInit): Promise<Response> => {
    const href = String(url);
    if (href !== urls.pathAware && href !== urls.root) throw new ElsewhereError(href);
    const response = await send(href, { ...init, redirect: 'manual', signal });
    // A redirect (an opaque one in browsers), or a fetch that followed one anyway: the document
    // would come from another URL, whose resource is not the server's.
    const moved =
      response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400);
    if (moved || response.redirected || (response.url !== '' && response.url !== href)) {
      await response.body?.cancel();
      throw new ElsewhereError(href);
    }
    last.url = href;
    last.status = response.status;
    if (!response.ok) return response;
    const { status, statusText, headers } = response;
    const body = await readBoundedBody(response, MAX_METADATA_BYTES, 'RFC 9728 metadata');
    return new Response(body, { status, statusText, headers });
  };
}

async function readAudience(
  serverUrl: string,
  options: ProtectedResourceAudienceOptions,
): Promise<string> {
  const last: LastAnswer = {};
  const urls = metadataUrls(serverUrl);
  const signal = AbortSignal.timeout(options.timeoutMs);
  let resource: string;
  try {
    // Loaded on first use: the MCP SDK is an optional peer, which `/tools` and `/ai-sdk` users
    // (who reach this module through dualAuthFetch) may not have.
    const { discoverOAuthProtectedResourceMetadata } = await import(
      '@modelcontextprotocol/sdk/client/auth.js'
    );
    const send = boundedFetch(options.send, signal, urls, last);
    ({ resource } = await discoverOAuthProtectedResourceMetadata(serverUrl, undefined, send));
  } catch (error) {
    if (BodyTooLargeError.isInstance(error)) {
      throw new ResourceRefusedError(
        'unreadable-metadata',
        `dualAuthFetch: RFC 9728 metadata over ${MAX_METADATA_BYTES} bytes; nothing was sent`,
        { cause: error },
      );
    }
    if (error instanceof ElsewhereError) {
      throw new ResourceRefusedError(
        'unreadable-metadata',
        `dualAuthFetch: the RFC 9728 metadata of ${shown(serverUrl)} redirects: serve it at ${shown(urls.pathAware)} itself (§3.1), or at ${shown(urls.root)} for the origin; nothing was sent`,
      );
    }
    if (last.status === 404) {
      throw new ResourceRefusedError(
        'no-metadata',
        `dualAuthFetch: ${shown(serverUrl)} serves no RFC 9728 metadata: serve it (protectedResourceMetadataRouter), or set resourceMetadata: 'off' if the server checks each token's audience itself; nothing was sent`,
        { cause: error },
      );
    }
    const why = signal.aborted
      ? `no answer in ${options.timeoutMs} ms (resourceMetadataTimeoutMs)`
      : 'no 2xx RFC 9728 document';
    throw new ResourceRefusedError(
      'unreadable-metadata',
      `dualAuthFetch: RFC 9728 metadata of ${shown(serverUrl)} unreadable: ${why}; nothing was sent`,
      { cause: error },
    );
  }
  const fetchedFor = last.url === urls.pathAware ? urls.resource : urls.origin;
  if (hrefOf(resource) !== fetchedFor) {
    throw new ResourceRefusedError(
      'resource-mismatch',
      `dualAuthFetch: the RFC 9728 metadata read for ${shown(fetchedFor)} names another resource (§3.3): call the server at the URL it names, or set your server's resourceServerUrl to ${shown(fetchedFor)}; nothing was sent`,
    );
  }
  return options.tokenAudience ?? fetchedFor;
}

/**
 * The audience a token sent to an MCP server must carry, per server URL: the `resource` of the
 * server's RFC 9728 Protected Resource Metadata, read with the MCP SDK's
 * `discoverOAuthProtectedResourceMetadata`, or `tokenAudience` when set. The resource is derived
 * from the URL called, never from where a document came from (§3.3):
 * - read at the path-aware well-known URL (§3.1: `https://h/mcp?t=1` →
 *   `https://h/.well-known/oauth-protected-resource/mcp?t=1`), the document must name the URL
 *   called: its fragment dropped, its query kept, a trailing slash of its path dropped (the SDK
 *   reads `/mcp/` and `/mcp` at one URL, so they are one resource: `https://h/mcp`);
 * - read at the root well-known URL (the SDK's fallback when the path-aware one is not found),
 *   it must name the origin (`https://h/`).
 * A redirect of either read is refused (`unreadable-metadata`), same-origin or not: the document
 * would describe another URL. Each server URL (its fragment dropped) is read once an hour at
 * most, 64 URLs remembered; concurrent first calls share one read; a failed read is not kept.
 *
 * @returns the lookup; it rejects with {@link ResourceRefusedError} (`no-metadata`,
 *   `unreadable-metadata`, `resource-mismatch`).
 */
export function protectedResourceAudience(
  options: ProtectedResourceAudienceOptions,
): (url: URL) => Promise<string> {
  const cache = new Map<string, { expiresAtMs: number; audience: Promise<string> }>();
  return (url) => {
    const server = new URL(url);
    server.hash = '';
    const key = server.href;
    const nowMs = options.clock.now();
    const hit = cache.get(key);
    if (hit !== undefined && hit.expiresAtMs > nowMs) return hit.audience;
    cache.delete(key);
    const oldest = cache.keys().next();
    if (cache.size >= MAX_SERVERS && !oldest.done) cache.delete(oldest.value);
    const audience = readAudience(key, options).catch((error: unknown) => {
      if (cache.get(key)?.audience === audience) cache.delete(key);
      throw error;
    });
    cache.set(key, { expiresAtMs: nowMs + METADATA_TTL_MS, audience });
    return audience;
  };
}

/**
 * Refuses a token whose `aud` (decoded, not verified: it is the caller's own token) does not
 * name `audience` (RFC 8707; MCP authorization: a client must not send a server a token issued
 * for another resource), or names any other audience than `audience` and `extraAudiences`: the
 * server could replay such a token at that other resource (MCP "Token Audience Binding"). An
 * opaque token, whose audience cannot be read, is refused too. Audiences compare as
 * {@link hrefOf} does.
 *
 * @param extraAudiences the other audiences the caller accepts the token may name
 *   (`extraTokenAudiences`: Keycloak's `account`).
 * @throws ResourceRefusedError `token-audience`; its message names the extra audiences (audience
 *   ids are public) and the option.
 */
export function assertTokenFor(
  token: DualSubjectToken,
  audience: string,
  extraAudiences: readonly string[] = [],
): void {
  const aud = jwtPayloadOf(token.accessToken)?.aud;
  const names: unknown[] = Array.isArray(aud) ? aud : [aud];
  const expected = hrefOf(audience);
  if (!names.some((name) => typeof name === 'string' && hrefOf(name) === expected)) {
    throw new ResourceRefusedError(
      'token-audience',
      `dualAuthFetch: the token's aud is not ${audience} (or the token is opaque): have the IdP issue it for this resource (API_AUDIENCE, OAUTH_RESOURCE), or set tokenAudience to the aud it writes for this server; nothing was sent`,
    );
  }
  const accepted = new Set([expected, ...extraAudiences.map(hrefOf)]);
  const others = names
    .filter((name) => typeof name !== 'string' || !accepted.has(hrefOf(name)))
    .map((name) => JSON.stringify(name));
  if (others.length === 0) return;
  throw new ResourceRefusedError(
    'token-audience',
    `dualAuthFetch: the token for ${audience} is also for ${others.join(', ')}, where the server could replay it: have the IdP issue it for this resource only, or list those audiences in extraTokenAudiences if you accept that (Keycloak's account); nothing was sent`,
  );
}
