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
  url?: URL;
  status?: number;
}

/**
 * The `fetch` given to the SDK's discovery: under one deadline, body size bounded, the last
 * answer recorded (the SDK tells a 404 only by its message).
 */
function boundedFetch(send: typeof fetch, signal: AbortSignal, last: LastAnswer) {
  return async (url: string | URL, init?: RequestInit): Promise<Response> => {
    const response = await send(url, { ...init, signal });
    last.url = new URL(url);
    last.status = response.status;
    if (!response.ok) return response;
    const { status, statusText, headers } = response;
    const body = await readBoundedBody(response, MAX_METADATA_BYTES, 'RFC 9728 metadata');
    return new Response(body, { status, statusText, headers });
  };
}

/**
 * The resource identifier whose metadata `metadataUrl` is: the URL the well-known path was
 * inserted into (RFC 9728 §3.1), the origin for the root document the SDK falls back to.
 */
function resourceFetchedFor(metadataUrl: URL): string {
  const path = metadataUrl.pathname.startsWith(WELL_KNOWN)
    ? metadataUrl.pathname.slice(WELL_KNOWN.length)
    : metadataUrl.pathname;
  const resource = new URL(path === '' ? '/' : path, metadataUrl);
  resource.search = metadataUrl.search;
  return resource.href;
}

async function readAudience(
  serverUrl: string,
  options: ProtectedResourceAudienceOptions,
): Promise<string> {
  const last: LastAnswer = {};
  const signal = AbortSignal.timeout(options.timeoutMs);
  let resource: string;
  try {
    // Loaded on first use: the MCP SDK is an optional peer, which `/tools` and `/ai-sdk` users
    // (who reach this module through dualAuthFetch) may not have.
    const { discoverOAuthProtectedResourceMetadata } = await import(
      '@modelcontextprotocol/sdk/client/auth.js'
    );
    const send = boundedFetch(options.send, signal, last);
    ({ resource } = await discoverOAuthProtectedResourceMetadata(serverUrl, undefined, send));
  } catch (error) {
    if (BodyTooLargeError.isInstance(error)) {
      throw new ResourceRefusedError(
        'unreadable-metadata',
        `dualAuthFetch: RFC 9728 metadata over ${MAX_METADATA_BYTES} bytes; nothing was sent`,
        { cause: error },
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
  const fetchedFor = last.url === undefined ? serverUrl : resourceFetchedFor(last.url);
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
 * `discoverOAuthProtectedResourceMetadata` and checked to be the URL it was fetched for (§3.3),
 * or `tokenAudience` when set. Each server URL (its fragment dropped) is read once an hour at
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
 * for another resource), and an opaque token, whose audience cannot be read.
 *
 * @throws ResourceRefusedError `token-audience`.
 */
export function assertTokenFor(token: DualSubjectToken, audience: string): void {
  const aud = jwtPayloadOf(token.accessToken)?.aud;
  const expected = hrefOf(audience);
  const names = (Array.isArray(aud) ? aud : [aud]).some(
    (name) => typeof name === 'string' && hrefOf(name) === expected,
  );
  if (names) return;
  throw new ResourceRefusedError(
    'token-audience',
    `dualAuthFetch: the token's aud is not ${audience} (or the token is opaque): have the IdP issue it for this resource (API_AUDIENCE, OAUTH_RESOURCE), or set tokenAudience to the aud it writes for this server; nothing was sent`,
  );
}
