import { type Clock, type DualSubjectToken, urlRouteForLogging } from '@dual-auth/core';
import {
  BodyTooLargeError,
  jwtPayloadOf,
  readBoundedBody,
  safeFetchCause,
} from '@dual-auth/core/adapter-kit';
import { hrefOf } from '../href-of.js';
import { onOriginOf, resourcePathOf, wellKnownPath } from '../protected-resource-metadata-url.js';
import { ResourceRefusedError } from './resource-refused-error.js';
import { noAnswerWhy } from './unanswered-error.js';

/** An RFC 9728 §2 document is a few hundred bytes; a larger answer is refused, not buffered. */
const MAX_METADATA_BYTES = 65_536; // 64 * 1024
/** How long a server's metadata is trusted before it is read again (a server may move). */
const METADATA_TTL_MS = 3_600_000; // 60 * 60 * 1000

/** What {@link protectedResourceAudience} takes. */
export interface ProtectedResourceAudienceOptions {
  /** The `fetch` the metadata is read with (no credentials are sent with it). */
  send: typeof fetch;
  /** The `aud` the server's tokens carry when not its URL (Entra ID: the API's client id). */
  tokenAudience: string | undefined;
  /** Deadline of one metadata read, body included, in ms. */
  timeoutMs: number;
  /**
   * Where the metadata is, when the caller says (`resourceMetadataUrl`, checked HTTPS, fragment
   * dropped): read there only, instead of the well-known URLs and the 401's pointer.
   */
  metadataUrl?: string | undefined;
  /** Times the cache's lifetime. */
  clock: Clock;
}

/**
 * A resource name as resources compare: as {@link hrefOf}, and a trailing slash of a URL's path
 * dropped (`https://h/mcp/` and `https://h/mcp` are one resource: the MCP SDK reads both at one
 * well-known URL, and a server's `resourceServerUrl` may be either).
 */
const resourceIdOf = (name: string): string => {
  const href = hrefOf(name);
  if (!URL.canParse(name)) return href;
  const url = new URL(href);
  if (url.pathname.length > 1 && url.pathname.endsWith('/'))
    url.pathname = url.pathname.slice(0, -1);
  return url.href;
};

/**
 * A URL for a message, as core's `urlRouteForLogging` gives it: its origin and trimmed path. A
 * query may carry what is not ours to show, and a hosted MCP server puts a per-user key in the
 * path (`/api/mcp/s/<key>/mcp`), which an app's error log must not keep.
 */
const shown = (href: string): string => {
  const url = URL.canParse(href) ? new URL(href) : undefined;
  // A name that is no web URL (Entra's `api://<client id>` has no origin) is no path secret's.
  if (url === undefined || url.origin === 'null') return href.split('?')[0] ?? href;
  return urlRouteForLogging(url);
};

/**
 * The resource a server's metadata names, for a message: a web URL as {@link shown} gives it; no
 * other name (the server's own text, up to the metadata's 64 KiB: `mailto:` an email, `data:` a
 * person's name) is written.
 */
const shownNamed = (name: string): string =>
  URL.canParse(name) && new URL(name).origin !== 'null' ? shown(name) : 'a name that is no web URL';

/** The URL and status of the last metadata request that was answered. */
interface LastAnswer {
  url?: string;
  status?: number;
  /** What the last metadata request failed with when it got no answer (kept from the SDK). */
  unanswered?: unknown;
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

// Where the server serves them: the same module builds its URLs (protectedResourceMetadataPaths).
function metadataUrls(serverUrl: string): MetadataUrls {
  const server = new URL(serverUrl);
  const path = resourcePathOf(server);
  return {
    pathAware: onOriginOf(server, wellKnownPath(path), server.search),
    root: onOriginOf(server, wellKnownPath('')),
    resource: onOriginOf(server, path === '' ? '/' : path, server.search),
    origin: onOriginOf(server, '/'),
  };
}

/**
 * A metadata read went to a URL other than the server's two well-known URLs (a redirect). It is
 * the cause of the refusal, which `util.inspect` prints: the URL as `shown` gives it.
 */
class ElsewhereError extends Error {
  constructor(href: string) {
    super(`RFC 9728 metadata read refused at ${shown(href)}`);
    this.name = 'ElsewhereError';
  }
}

/**
 * The `fetch` given to the SDK's discovery: under one deadline, body size bounded, only to the
 * `allowed` metadata URLs, redirects not followed (the SDK follows same-origin ones through
 * this fetch: the next request is then refused), the last answer recorded (the SDK tells a 404
 * only by its message).
 */
function boundedFetch(
  send: typeof fetch,
  signal: AbortSignal,
  allowed: readonly string[],
  last: LastAnswer,
) {
  return async (url: string | URL, init?: RequestInit): Promise<Response> => {
    const href = String(url);
    if (!allowed.includes(href)) throw new ElsewhereError(href);
    let response: Response;
    try {
      response = await send(href, { ...init, redirect: 'manual', signal });
    } catch (error) {
      if (signal.aborted) throw error;
      // The SDK takes a TypeError for CORS and reports no metadata: keep what really happened.
      // A copy: the runtime's message may quote the URL with its query, and becomes a cause.
      last.unanswered = safeFetchCause(error);
      throw last.unanswered;
    }
    last.unanswered = undefined;
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

/**
 * The metadata URL the server's 401 names (RFC 9728 §5.1 `resource_metadata`, read with the MCP
 * SDK's `extractWWWAuthenticateParams`), asked with one `GET` without credentials, not followed
 * if redirected; only one on the server's origin is taken: the document there must still name the
 * server URL itself, so the pointer only says where to read, never which resource to accept.
 */
async function pointedMetadataUrl(
  serverUrl: string,
  send: typeof fetch,
  signal: AbortSignal,
): Promise<string | undefined> {
  const { extractWWWAuthenticateParams } = await import('@modelcontextprotocol/sdk/client/auth.js');
  const response = await send(serverUrl, { method: 'GET', redirect: 'manual', signal });
  await response.body?.cancel();
  if (response.status !== 401) return undefined;
  const pointer = extractWWWAuthenticateParams(response).resourceMetadataUrl;
  if (pointer === undefined || pointer.origin !== new URL(serverUrl).origin) return undefined;
  pointer.hash = '';
  return pointer.href;
}

/**
 * Reads the server's metadata document's `resource`: at `metadataUrl` when given, else at its
 * well-known URLs, else where its 401 points.
 */
async function readResource(
  serverUrl: string,
  urls: MetadataUrls,
  send: typeof fetch,
  signal: AbortSignal,
  last: LastAnswer,
  metadataUrl: string | undefined,
): Promise<string> {
  // Loaded on first use: the MCP SDK is an optional peer, which `/tools` and `/ai-sdk` users
  // (who reach this module through dualAuthFetch) may not have.
  const { discoverOAuthProtectedResourceMetadata } = await import(
    '@modelcontextprotocol/sdk/client/auth.js'
  );
  if (metadataUrl !== undefined) {
    const bounded = boundedFetch(send, signal, [metadataUrl], last);
    const options = { resourceMetadataUrl: new URL(metadataUrl) };
    return (await discoverOAuthProtectedResourceMetadata(serverUrl, options, bounded)).resource;
  }
  try {
    const bounded = boundedFetch(send, signal, [urls.pathAware, urls.root], last);
    return (await discoverOAuthProtectedResourceMetadata(serverUrl, undefined, bounded)).resource;
  } catch (error) {
    if (error instanceof ElsewhereError || last.status !== 404) throw error;
    // Metadata served elsewhere (the server's resourceMetadataUrl option) is named in its 401.
    const pointer = await pointedMetadataUrl(serverUrl, send, signal).catch(() => undefined);
    if (pointer === undefined) throw error;
    const bounded = boundedFetch(send, signal, [pointer], last);
    const options = { resourceMetadataUrl: new URL(pointer) };
    return (await discoverOAuthProtectedResourceMetadata(serverUrl, options, bounded)).resource;
  }
}

/** Why a metadata read gave no document: the deadline, TLS, the network, or the server's status. */
function unreadableWhy(last: LastAnswer, signal: AbortSignal, timeoutMs: number): string {
  if (signal.aborted) return `no answer in ${timeoutMs} ms (resourceMetadataTimeoutMs)`;
  if (last.unanswered !== undefined) return noAnswerWhy(last.unanswered, 'dualAuthFetch');
  return `no 2xx RFC 9728 document${last.status === undefined ? '' : ` (HTTP ${last.status})`}`;
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
    resource = await readResource(serverUrl, urls, options.send, signal, last, options.metadataUrl);
  } catch (error) {
    if (BodyTooLargeError.isInstance(error)) {
      throw new ResourceRefusedError(
        'unreadable-metadata',
        `dualAuthFetch: RFC 9728 metadata over ${MAX_METADATA_BYTES} bytes; nothing was sent`,
        { cause: error },
      );
    }
    if (options.metadataUrl !== undefined) {
      const why =
        error instanceof ElsewhereError
          ? 'it redirects (serve it there itself)'
          : unreadableWhy(last, signal, options.timeoutMs);
      throw new ResourceRefusedError(
        last.status === 404 ? 'no-metadata' : 'unreadable-metadata',
        `dualAuthFetch: no RFC 9728 metadata of ${shown(serverUrl)} at resourceMetadataUrl ${shown(options.metadataUrl)}: ${why}; nothing was sent`,
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
        `dualAuthFetch: ${shown(serverUrl)} serves no RFC 9728 metadata (none at ${shown(urls.pathAware)} or ${shown(urls.root)}, nor a same-origin resource_metadata in a 401): serve it (protectedResourceMetadataRouter), or set resourceMetadata: 'off' if the server checks each token's audience itself; nothing was sent`,
        { cause: error },
      );
    }
    const why = unreadableWhy(last, signal, options.timeoutMs);
    throw new ResourceRefusedError(
      'unreadable-metadata',
      `dualAuthFetch: RFC 9728 metadata of ${shown(serverUrl)} unreadable: ${why}; nothing was sent`,
      { cause: error },
    );
  }
  // A root document may name the origin (the resource of the whole host) or, as the MCP SDK's
  // checkResourceAllowed accepts, the server URL itself; any other document, the server URL only.
  const named = resourceIdOf(resource);
  const accepted = last.url === urls.root ? [urls.resource, urls.origin] : [urls.resource];
  if (!accepted.includes(named)) {
    throw new ResourceRefusedError(
      'resource-mismatch',
      `dualAuthFetch: the RFC 9728 metadata read for ${shown(urls.resource)} names another resource (§3.3): ${shownNamed(named)}; call the server at that URL, or set your server's resourceServerUrl to ${shown(urls.resource)}; behind a proxy or at an internal URL (http://svc:8080/mcp while the metadata names the public URL), call the public URL, or set resourceMetadata: 'off' if the server checks each token's audience itself; nothing was sent`,
    );
  }
  // The resource as the server names it, its trailing slash kept: tokens' aud must match it exactly.
  return options.tokenAudience ?? hrefOf(resource);
}

/**
 * The audience a token sent to one MCP server must carry: the `resource` of the
 * server's RFC 9728 Protected Resource Metadata, read with the MCP SDK's
 * `discoverOAuthProtectedResourceMetadata`, or `tokenAudience` when set. The resource is derived
 * from the URL called, never from where a document came from (§3.3):
 * - read at the path-aware well-known URL (§3.1: `https://h/mcp?t=1` →
 *   `https://h/.well-known/oauth-protected-resource/mcp?t=1`), the document must name the URL
 *   called: its fragment dropped, its query kept, a trailing slash of its path dropped (the SDK
 *   reads `/mcp/` and `/mcp` at one URL, so they are one resource: `https://h/mcp`; a document's
 *   trailing slash is dropped too);
 * - read at the root well-known URL (the SDK's fallback when the path-aware one is not found),
 *   it must name the origin (`https://h/`) or, as the SDK's `checkResourceAllowed` accepts, the
 *   URL called; no other path;
 * - neither found (404), read where the server's 401 to one `GET` without credentials points
 *   (§5.1 `resource_metadata`, the server's `resourceMetadataUrl` option), on its origin only:
 *   the document must name the URL called;
 * - with `metadataUrl` (the caller's `resourceMetadataUrl`), read there only, on any HTTPS origin
 *   (the caller chose it; no credentials go there): the document must name the URL called (or,
 *   at the root well-known URL, its origin).
 * A redirect of any read is refused (`unreadable-metadata`), same-origin or not: the document
 * would describe another URL. The server URL (its fragment dropped) is read once an hour at
 * most; concurrent first calls share one read; a failed read is not kept; another URL asked for
 * replaces it.
 *
 * @returns the lookup; it rejects with {@link ResourceRefusedError} (`no-metadata`,
 *   `unreadable-metadata`, `resource-mismatch`).
 */
export function protectedResourceAudience(
  options: ProtectedResourceAudienceOptions,
): (url: URL) => Promise<string> {
  let kept: { key: string; expiresAtMs: number; audience: Promise<string> } | undefined;
  return (url) => {
    const server = new URL(url);
    server.hash = '';
    const key = server.href;
    const nowMs = options.clock.now();
    if (kept?.key === key && kept.expiresAtMs > nowMs) return kept.audience;
    const audience = readAudience(key, options).catch((error: unknown) => {
      if (kept?.audience === audience) kept = undefined;
      throw error;
    });
    kept = { key, expiresAtMs: nowMs + METADATA_TTL_MS, audience };
    return audience;
  };
}

/**
 * Refuses a token whose `aud` (decoded, not verified: it is the caller's own token) does not
 * name `audience` (RFC 8707; MCP authorization: a client must not send a server a token issued
 * for another resource), or names any other audience than `audience` and `extraAudiences`: the
 * server could replay such a token at that other resource (MCP "Token Audience Binding"). An
 * opaque token (not a JWT: introspection mode), whose audience cannot be read, is refused unless
 * `opaqueTokens` is `'send'`: then it goes to the server whose metadata checked out, which must
 * check its audience itself. Audiences compare exactly, as {@link hrefOf} writes them: a trailing
 * slash of a URL's path counts (`https://h/mcp/` is not `https://h/mcp`), since the server
 * compares its `aud` so; only the origin's own `/` is one with none.
 *
 * @param extraAudiences the other audiences the caller accepts the token may name
 *   (`extraTokenAudiences`: Keycloak's `account`).
 * @param opaqueTokens `'send'` to let an opaque token through (the `opaqueTokens` option).
 * @throws ResourceRefusedError `token-audience`; its message names the extra audiences (audience
 *   ids are public) and the option.
 */
export function assertTokenFor(
  token: DualSubjectToken,
  audience: string,
  extraAudiences: readonly string[] = [],
  opaqueTokens: 'refuse' | 'send' = 'refuse',
): void {
  const payload = jwtPayloadOf(token.accessToken);
  if (payload === undefined) {
    if (opaqueTokens === 'send') return;
    throw new ResourceRefusedError(
      'token-audience',
      `dualAuthFetch: the token is opaque (not a JWT), so whether it is for ${shown(audience)} cannot be read: if the server checks each token's audience itself (introspection), set opaqueTokens: 'send' (the server's metadata is still checked), or resourceMetadata: 'off' for a server without metadata; nothing was sent`,
    );
  }
  const aud = payload.aud;
  const names: unknown[] = Array.isArray(aud) ? aud : [aud];
  // Exactly, a trailing slash included: the server compares its own `aud` so (RFC 8707 §2).
  const expected = hrefOf(audience);
  if (!names.some((name) => typeof name === 'string' && hrefOf(name) === expected)) {
    throw new ResourceRefusedError(
      'token-audience',
      `dualAuthFetch: the token's aud is not ${shown(audience)}: have the IdP issue it for this resource (API_AUDIENCE, OAUTH_RESOURCE), or set tokenAudience to the aud it writes for this server; nothing was sent`,
    );
  }
  const accepted = new Set([expected, ...extraAudiences.map(hrefOf)]);
  const others = names
    .filter((name) => typeof name !== 'string' || !accepted.has(hrefOf(name)))
    .map((name) => JSON.stringify(name));
  if (others.length === 0) return;
  throw new ResourceRefusedError(
    'token-audience',
    `dualAuthFetch: the token for ${shown(audience)} is also for ${others.join(', ')}, where the server could replay it: have the IdP issue it for this resource only, or list those audiences in extraTokenAudiences if you accept that (Keycloak's account); nothing was sent`,
  );
}
