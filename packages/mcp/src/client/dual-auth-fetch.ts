import {
  assertProvable,
  challengeRemedy,
  DEFAULT_TIMEOUT_MS,
  type DpopProofMaker,
  type HttpMethod,
  INVALID_REQUEST_ADVICE,
  isInvalidRequestChallenge,
  redirectStep,
  type UncheckedIdentityNote,
  uncheckedIdentityNote,
  withCredentials,
} from '@dual-auth/client';
import {
  ACT_ASSERTION_HEADER,
  type Act,
  ApiCallError,
  argumentKindOf,
  type Clock,
  ConfigurationError,
  checkOption,
  type DualSubjectToken,
  type KnownOptions,
  loggerOrDefault,
  ownOptions,
  readOptions,
  requireValue,
  systemClock,
  type TokenProvider,
  urlRouteForLogging,
} from '@dual-auth/core';
import { raceAbort } from '@dual-auth/core/adapter-kit';
import type { TokenProviderRequest } from '@dual-auth/session';
import { type ActContext, currentAct } from '@dual-auth/session/context';
import { type AnswerDeadline, type AwaitedAnswer, answerDeadline } from './answer-deadline.js';
import { bodyEndedBy } from './body-ended-by.js';
import { dpopProver, type RequestProver } from './dpop-prover.js';
import { assertMcpHttpsUrl } from './https-url.js';
import { mcpCallRefusedError } from './mcp-call-refused-error.js';
import { type OutgoingCall, outgoingCall } from './outgoing-call.js';
import { assertTokenFor, protectedResourceAudience } from './protected-resource-audience.js';
import { assertProvidedToken } from './provided-token.js';
import { RedirectRefusedError } from './redirect-refused-error.js';
import {
  explainSubjectToken,
  signedInAtInContext,
  subjectTokenInContext,
} from './subject-token-in-context.js';
import { unansweredError } from './unanswered-error.js';

const MAX_REDIRECTS = 5;

/** The session classes (`InSessionTokenRequest`, `OutOfSessionTokenRequest`): token providers. */
export interface TokenProviderSource {
  tokenProvider(request: TokenProviderRequest): TokenProvider;
}

/**
 * Options of {@link dualAuthFetch}: a `tokenRequest` with the agent and scope (the human from the
 * context, per request), or a `tokenProvider` already fixed to one human (e.g. from
 * `OutOfSessionTokenRequest.tokenProviderFromJwt`).
 */
export type DualAuthFetchOptions = (
  | {
      /** Where tokens come from, for `agentId` acting for the human in context. */
      tokenRequest: TokenProviderSource;
      agentId: string;
      /** Scopes to ask for. */
      scope: readonly string[];
      /**
       * The human's context, and the human's token when the IdP exchanges it
       * (`runWithAct(act, fn, { subjectToken })`); default the one of `runWithAct`
       * (`@dual-auth/session/context`).
       */
      context?: ActContext;
      tokenProvider?: never;
    }
  | { tokenProvider: TokenProvider; tokenRequest?: never }
) & {
  /**
   * The only origin the credentials go to: the MCP server's URL (`new URL('https://mcp.example.com/mcp')`)
   * or its origin (`'https://mcp.example.com'`); only scheme, host and port count. HTTPS, or
   * `http:` on loopback with `allowInsecureLoopback`.
   */
  origin: string | URL;
  /** The `fetch` to send with; default the global one. */
  fetch?: typeof fetch;
  /**
   * How long one call may take from its first request, in milliseconds on `clock`: a whole number
   * from 100 to 2^31-1; default 10 000 (`@dual-auth/client`'s `DEFAULT_TIMEOUT_MS`). One deadline
   * covers every request the call sends (each redirect hop, the one renewal, its token request
   * included, or nonce retry) until the answer's headers, and the read of a final 401 or 403's
   * body (for McpCallRefusedError's `failedSide`): a slow server never gets more than `timeoutMs`
   * in all. Past it the request (or the renewal) is aborted and the call rejects with
   * `ApiCallError` (`reason` `'timeout'`, its message naming what it waited for); a refusal whose
   * body it cuts is thrown with what came by then, its message saying so. The caller's `signal`
   * aborts sooner. The server's metadata has its own deadline (`resourceMetadataTimeoutMs`), the
   * first token its provider's. Any other answer's body is not bounded by it: the transport reads
   * it as a stream (an SSE stream lasts the session), which the caller's `signal` still aborts.
   */
  timeoutMs?: number;
  /** Accept `http:` on 127.0.0.0/8, `::1`, `localhost` (tests, local demos); default `false`. */
  allowInsecureLoopback?: boolean;
  /**
   * Whether the MCP server must show, before a token goes to it, that it is the resource the token
   * is for (MCP authorization, "Token Audience Binding and Validation"):
   * - `'require'` (default): its RFC 9728 Protected Resource Metadata is read (once an hour;
   *   see `serverUrl`), its `resource` must be the server's URL (§3.3), and each token's `aud` must
   *   name that resource exactly as the metadata writes it, a trailing slash included (or
   *   `tokenAudience`), and nothing else but `extraTokenAudiences`; else
   *   {@link ResourceRefusedError}, nothing sent.
   * - `'off'`: no metadata is read and any token of the provider is sent: only for a server that
   *   serves no metadata and checks each token's audience itself.
   */
  resourceMetadata?: 'require' | 'off';
  /**
   * The `aud` the IdP writes into tokens issued for this MCP server, when it cannot write the
   * server's URL (Entra ID v2 tokens: the resource app's client id; v1: its `api://` App ID URI):
   * the server's `tokenAudience`. Default: the `resource` of the server's metadata.
   */
  tokenAudience?: string;
  /**
   * The audiences besides this server's resource (or `tokenAudience`) that a token sent to it may
   * also name, which you accept the server could replay it at (RFC 8707; MCP "Token Audience
   * Binding"): Keycloak writes `account` beside the audience mapper's; Auth0 writes
   * `https://<tenant>/userinfo` when `openid` is asked for. Default none: a token naming any other
   * audience is refused (`ResourceRefusedError` `token-audience`).
   */
  extraTokenAudiences?: readonly string[];
  /**
   * The MCP server these requests go to, whose metadata is checked: the URL the transport was
   * given (`new SSEClientTransport(url)`'s `/sse`, `StreamableHTTPClientTransport`'s `/mcp`), on
   * `origin`. Every request is checked against this one server, so the SSE transport's
   * `POST /messages?sessionId=…` carries the tokens of `/sse`. Default: the URL of the first
   * request. One `dualAuthFetch` serves one MCP server: give each server its own.
   */
  serverUrl?: string | URL;
  /**
   * What to do with a token that is not a JWT (an IdP in introspection mode), whose `aud` cannot
   * be read: `'refuse'` (default; `ResourceRefusedError` `token-audience`), or `'send'` it to a
   * server whose metadata checks out, which must check each token's audience itself.
   */
  opaqueTokens?: 'refuse' | 'send';
  /** Deadline of one metadata read, body included, in ms; default 10 000. */
  resourceMetadataTimeoutMs?: number;
  /**
   * Where the MCP server's RFC 9728 metadata is, when it is at neither well-known URL and its 401
   * does not say (a document on a docs host, a CDN): read there only, with the same rules (HTTPS,
   * or `http:` on loopback with `allowInsecureLoopback`; no redirect; 64 KiB;
   * `resourceMetadataTimeoutMs`; no credentials), on any origin, since you chose it. The document
   * must still name the server URL as its `resource` (§3.3): this says where to read, never which
   * resource to accept. Only with `resourceMetadata: 'require'`.
   */
  resourceMetadataUrl?: string | URL;
  /**
   * The clock of `timeoutMs` and of how long a server's metadata is kept (an hour): core's `Clock`,
   * `now()` in milliseconds since the epoch; default the system clock. A real timer still drives
   * `timeoutMs`, and the clock decides whether it passed (as `@dual-auth/client`'s `clock`), so a
   * test's clock that stands still never lets it pass.
   */
  clock?: Clock;
  /**
   * Makes the DPoP proofs (RFC 9449 §4.2) of a DPoP-bound token (`tokenType` `DPoP`), as
   * `@dual-auth/client`'s `dpopProof` does, e.g. with panva's `dpop` package:
   * `({ url, method, nonce, accessToken }) => generateProof(keyPair, url, method, nonce, accessToken)`.
   * Each request sent with such a token (each redirect hop, each retry) gets a new proof for its
   * method and URL; the server's latest `DPoP-Nonce` goes in the next proofs (§8.2), and a 401
   * `DPoP error="use_dpop_nonce"` is answered once with a new proof. Without it, a DPoP token goes
   * only with the caller's own `DPoP` header: a request without one is refused with a TypeError
   * before anything is sent (RFC 9449 §7.1), a token obtained on renewal too. Bearer tokens never
   * get a proof.
   */
  dpopProof?: DpopProofMaker;
};

const OPTIONS = {
  tokenRequest: true,
  agentId: true,
  scope: true,
  context: true,
  tokenProvider: true,
  origin: true,
  fetch: true,
  timeoutMs: true,
  allowInsecureLoopback: true,
  resourceMetadata: true,
  tokenAudience: true,
  extraTokenAudiences: true,
  serverUrl: true,
  opaqueTokens: true,
  resourceMetadataTimeoutMs: true,
  resourceMetadataUrl: true,
  dpopProof: true,
  clock: true,
} as const satisfies KnownOptions<Extract<DualAuthFetchOptions, { agentId: string }>> &
  KnownOptions<Extract<DualAuthFetchOptions, { tokenProvider: TokenProvider }>>;

function humanInContext(context: ActContext | undefined): Act {
  const act = context === undefined ? currentAct() : context.current();
  if (act === undefined) {
    throw new ConfigurationError({
      message:
        'dualAuthFetch: no human in context; make the MCP call inside runWithAct(act, …) (@dual-auth/session/context)',
    });
  }
  return act;
}

function withToken(init: RequestInit, token: DualSubjectToken): RequestInit {
  const headers = Object.fromEntries(new Headers(init.headers).entries());
  for (const owned of ['authorization', ACT_ASSERTION_HEADER.toLowerCase()]) delete headers[owned];
  return { ...init, headers: withCredentials(headers, token) };
}

/** How {@link sendFollowing} sends, fixed at creation. */
interface SendSettings {
  readonly allowInsecureLoopback: boolean;
  /** The deadline of one call, from its first request, in ms. */
  readonly timeoutMs: number;
  /** The clock `timeoutMs` is measured on. */
  readonly clock: Clock;
}

/** What `timeoutMs` covers, as the message of a passed deadline says it. */
const WHOLE_CALL = 'the whole call';

/** What the call's deadline says it waited for: `method` `url`'s answer, or its renewed token. */
function awaitedOf(
  method: string,
  url: URL,
  { timeoutMs }: SendSettings,
  awaiting: AwaitedAnswer['awaiting'] = 'answer',
): AwaitedAnswer {
  return {
    who: 'dualAuthFetch',
    method,
    url,
    reason: 'timeout',
    timeoutMs,
    covers: WHOLE_CALL,
    awaiting,
  };
}

/**
 * Sends one request and follows same-origin redirects itself (`redirect: 'manual'`), the way
 * `@dual-auth/client` does, because fetch drops `Authorization` on a cross-origin redirect but
 * not `X-Act-Assertion` or `Cookie`. Every hop is sent with `deadline`'s signal: the call's.
 */
async function sendFollowing(
  send: typeof fetch,
  call: OutgoingCall,
  token: DualSubjectToken,
  settings: SendSettings,
  deadline: AnswerDeadline,
): Promise<Response> {
  const { allowInsecureLoopback } = settings;
  let url = call.url;
  let method = (call.init.method ?? 'GET').toUpperCase();
  let request: RequestInit = { ...withToken(call.init, token), redirect: 'manual' };
  let next: URL | Request = call.first;
  for (let hop = 0; ; hop++) {
    deadline.awaiting(awaitedOf(method, url, settings));
    let response: Response;
    try {
      response = await send(next, { ...request, signal: deadline.signal });
    } catch (error) {
      // Aborted: the caller's reason, or the deadline's ApiCallError, as it is.
      throw deadline.signal.aborted ? error : unansweredError('dualAuthFetch', method, url, error);
    }
    if (response.type === 'opaqueredirect') {
      throw new RedirectRefusedError('dualAuthFetch: this runtime hides redirect targets');
    }
    const step = redirectStep(response, url, method as HttpMethod, allowInsecureLoopback);
    if (step === undefined) return response;
    await response.body?.cancel();
    if ('refused' in step) throw new RedirectRefusedError(`dualAuthFetch: ${step.refused}`);
    if (step.crossOrigin) {
      throw new RedirectRefusedError(
        'dualAuthFetch: redirect to another origin refused; credentials go only to the origin called',
      );
    }
    if (hop >= MAX_REDIRECTS) {
      throw new RedirectRefusedError(`dualAuthFetch: more than ${MAX_REDIRECTS} redirects`);
    }
    if (!step.dropBody && call.bodySentOnce) {
      throw new RedirectRefusedError(
        'dualAuthFetch: a stream or Request body cannot be sent again; pass it in init as a string',
      );
    }
    url = step.url;
    method = step.method;
    next = step.url;
    const { body: _dropped, ...rest } = request;
    request = step.dropBody ? { ...rest, method } : { ...request, method };
  }
}

/**
 * A `fetch` for the MCP SDK's client transports (`new StreamableHTTPClientTransport(url, { fetch })`)
 * that sends dual-subject credentials: `Authorization: Bearer <access token>` and, for Entra ID's
 * hybrid layout, `X-Act-Assertion`. Each request takes the human from the async context
 * (`runWithAct`), so each tool call carries the human it was made for, and gets its token from
 * `tokenRequest.tokenProvider(…)` (cached there). On a 401 whose challenge is `invalid_token`
 * (RFC 6750 §3.1) the token is renewed once (`forceRefresh`) and the request sent again.
 *
 * A DPoP-bound token (`tokenType` `DPoP`, RFC 9449) goes with a new proof per request, made by
 * `options.dpopProof` (the client's `DpopProofMaker`) for the request's method and URL: each
 * redirect hop and retry gets its own, a proof never leaves the origin (cross-origin redirects are
 * refused), the server's latest `DPoP-Nonce` goes in the next proofs (§8.2), and a 401
 * `DPoP error="use_dpop_nonce"` is answered once with a new proof, `DPoP error="invalid_token"`
 * with one renewal. Without `dpopProof`, a DPoP-bound token goes only with the caller's own `DPoP`
 * header; without one it is not sent (TypeError, RFC 9449 §7.1).
 *
 * For an IdP that exchanges the human's own token (`OAUTH_MODE` `token-exchange`, `on-behalf-of`,
 * `id-jag`; RFC 8693), give it to the context: `runWithAct(act, fn, { subjectToken })`. Every
 * token request and renewal in that context sends it (a function there is called each time, for a
 * session that renews the token); the cache keys it by its SHA-256 digest only, so two humans'
 * contexts, nested or concurrent, never share a token.
 *
 * With an `InSessionTokenRequest` that has a `cutoffStore`, give the context the human's sign-in
 * time too, `runWithAct(act, fn, { signedInAtMs })`, unless the subject token is a JWT with `iat`:
 * once the human's delegations were ended (`endDelegation`), a request that shows neither is
 * refused (`ActVerificationError` `revoked`).
 *
 * A `Request` is sent as `fetch` would send it (its headers, body and signal, `init` overriding),
 * with the credentials in place of any `Authorization` or `X-Act-Assertion` it carries. A body
 * that can be read only once, a `ReadableStream` or a `Request`'s body, is sent once: a 401
 * `invalid_token` is not renewed (`McpCallRefusedError`), and a 307/308 redirect, which would send
 * the body again, is refused. Pass the body in `init` as a string or bytes to allow both.
 *
 * One call waits at most `timeoutMs` (default 10 000, as `@dual-auth/client`'s) from its first
 * request for its answer's headers, its redirects, renewal or nonce retry and a refusal's body
 * included, or less when the caller's `signal` aborts first; the answer's body (an SSE
 * stream) is the transport's to read, bounded by that `signal` only: once it aborts, the body is
 * cancelled (the connection closed) and its read rejects with the signal's reason, on every
 * runtime (Deno 2.9.6's `fetch` alone can miss that abort: docs/runtime-check.md). The answer
 * handed back is then a new `Response` with the same status and headers (its `url` is empty).
 *
 * The URL is checked and copied before the first `await`: what is sent is what was checked,
 * even if the caller's `URL` object changes while the token is fetched.
 *
 * It is bound to one origin, `options.origin` (the MCP server's): a request to any other is
 * refused before a token is asked for, so a URL the caller's code got from elsewhere (a tool
 * result, a model's answer) cannot carry the credentials away. Credentials go only over HTTPS
 * (plain `http:` only to loopback with `allowInsecureLoopback`); same-origin redirects are
 * followed (at most 5), any other is refused before the credentials leave.
 *
 * It sends a token only to the resource the token is for (MCP authorization 2025-06-18, "Token
 * Audience Binding and Validation"; RFC 8707): before the first request it reads the MCP server's
 * Protected Resource Metadata (RFC 9728 §3, with the MCP SDK's
 * `discoverOAuthProtectedResourceMetadata`, through `options.fetch`, no credentials sent; where a
 * 401 to a `GET` without credentials points, §5.1, when the well-known URLs are not found), whose
 * `resource` must be the server URL (§3.3; a trailing slash is no difference; the root document
 * may name the origin; a redirected read is refused); each token's `aud` must then name that
 * resource exactly as the metadata writes it (a trailing slash counts: the server compares its
 * `aud` so), or `tokenAudience`, and nothing else but `extraTokenAudiences` (an opaque token is
 * sent only with `opaqueTokens: 'send'`). The server is `serverUrl`, else the first URL called:
 * every request, to any path of the origin (the SSE transport's `/messages`), is checked against
 * it. With `resourceMetadataUrl`, the metadata is read there only (any HTTPS origin: you chose it),
 * and must name the server URL all the same. The metadata is kept an hour; a read has
 * `resourceMetadataTimeoutMs` and 64 KiB.
 * `resourceMetadata: 'off'` skips all this.
 *
 * @throws TypeError at creation on bad options (no options object, a key that is not an option, no `origin`, neither a token request nor a
 *   provider, a `resourceMetadata` other than `'require'` or `'off'`, an empty `tokenAudience`,
 *   an `extraTokenAudiences` that is not an array of non-empty strings, an `opaqueTokens` other
 *   than `'refuse'` or `'send'`, a `serverUrl` that is not a URL on `origin`,
 *   a `timeoutMs` or `resourceMetadataTimeoutMs` that is not a whole number of milliseconds from
 *   100 to 2^31-1, a `dpopProof` that is not a function, a
 *   `resourceMetadataUrl` with `resourceMetadata: 'off'`).
 * @throws TypeError (from a request, nothing sent) when a token of type `DPoP`, first or renewed,
 *   would go with no proof: neither `dpopProof` nor a `DPoP` header in the request; its message
 *   says to give one (RFC 9449 §7.1).
 * @throws SubjectTokenRequiredError (a TypeError, from a request) when the adapter needs the
 *   human's token (token exchange, on-behalf-of, ID-JAG) and the context has none: its message
 *   says to pass `runWithAct(act, fn, { subjectToken })`; or when the context's token is one the
 *   IdP would plainly refuse (unsigned, past its `exp` by 300 s or more): its message says to
 *   have that function return a fresh one (nothing is sent).
 * @throws ConfigurationError at creation when `origin` or `resourceMetadataUrl` is not an HTTPS URL; from a request when no human
 *   is in context, or the URL is not HTTPS (nothing is sent).
 * @throws ConfigurationError at creation when `DUAL_AUTH_LOG` or `DUAL_AUTH_LOG_LEVEL` holds a
 *   value it does not know and no `setDefaultLogger` logger is set (docs/logging.md): the default
 *   logger gets its one `token_identity_unchecked` debug event, when a token records no one its
 *   provider's `identity` names.
 * @throws OriginRefusedError (from a request) for a URL of another origin (nothing is sent).
 * @throws RedirectRefusedError (from a request) on a redirect to another origin, to `http:` from
 *   `https:`, after 5 redirects, or that would send a read-once body again.
 * @throws ResourceRefusedError (from a request) when the server has no metadata, it cannot be
 *   read, it names another resource (nothing asked for or sent), or the token's `aud` does not
 *   name the resource (the token is not sent); its `reason` says which.
 * @throws ApiCallError of `@dual-auth/core` (from a request; `reason` `'timeout'`, no `status`)
 *   when the call has no answer within `timeoutMs` (default 10 s) of its first request, its
 *   redirects and its one renewal or nonce retry included: the request (or the renewal's token
 *   request) is aborted, and the message names what it waited for and says to check the server
 *   (or the IdP) or raise `timeoutMs`.
 * @throws ApiCallError of `@dual-auth/core` (from a request; `reason` `'network'`, `'tls'` or
 *   `'timeout'`, no `status`, a copy of the runtime's `TypeError` as `cause`) when a request it
 *   sends gets no answer: the server could not be reached, its TLS certificate is not trusted
 *   (the message names the check and how to trust the CA), it did not accept the connection
 *   in time (undici's connect timeout: an overloaded server), or it closed the connection before
 *   answering (`'network'`, the code named: the request may have run there; it is not resent).
 * @throws McpCallRefusedError, an `ApiCallError` of `@dual-auth/core` (from a request; `status`
 *   401 or 403, `reason` `'status'`, `response` the answer, its body read up to 16 KiB and within
 *   the call's `timeoutMs`: a body that stalls gives what came by then, and the message says the
 *   body was cut) when the
 *   server refuses: a 401 after the one renewal (or when the request could not be sent again), or
 *   a 403. It carries `failedSide` (`credentials` on a 401; on a 403 the `failed_side` of a
 *   dual-auth server's body), and the challenge's `error` and `errorDescription` (RFC 6750 §3.1,
 *   RFC 9449 §7.1) sanitized (a registered code or `other`; printable ASCII cut to 200
 *   characters, left out when it names an email or quotes a credential sent); its message says
 *   what to do. (A 401 or 403 used to be handed back as a `Response`: docs/upgrading.md.)
 * @throws ApiCallError of `@dual-auth/core` (from a request; `status` 400, `reason` `'status'`,
 *   `response` the answer) when the server answers 400 `Bearer error="invalid_request"` (RFC 6750
 *   §3.1): the request itself was malformed (a credential header repeated or broken, by a bug in
 *   the sender or a proxy), so it is neither renewed nor sent again, and its message says so.
 * @example
 * const serverUrl = new URL('https://mcp.example.com/mcp');
 * const transport = new StreamableHTTPClientTransport(serverUrl, {
 *   fetch: dualAuthFetch({
 *     origin: serverUrl, tokenRequest: inSession, agentId: 'finance-agent', scope: ['finance.read'],
 *   }),
 * });
 * await runWithAct(act, async () => { await client.connect(transport); await client.callTool(…); });
 * // an IdP in token-exchange mode takes the human's token too:
 * await runWithAct(act, () => client.callTool(…), { subjectToken: session.subjectToken });
 */
export function dualAuthFetch(given: DualAuthFetchOptions): typeof fetch {
  if (typeof given !== 'object' || given === null) {
    throw new TypeError(
      `dualAuthFetch takes its options: dualAuthFetch({ origin, tokenRequest, agentId, scope }) or dualAuthFetch({ origin, tokenProvider }), got ${argumentKindOf(given)}`,
    );
  }
  const options = readOptions(given, OPTIONS, 'dualAuthFetch');
  const send = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const audienceFor = resourceAudience(options, send);
  const extraAudiences = extraTokenAudiences(options);
  const opaqueTokens = opaqueTokensOf(options);
  let server = serverUrlOf(options);
  const prover = dpopProver(options);
  if (audienceFor === undefined)
    return credentialedFetch(options, undefined, prover, mcpCallRefusedError);
  const check: ResourceCheck = async (url, signal) => {
    // Per MCP server, not per request URL: the first request names it when the option does not.
    server ??= new URL(url);
    // The server's answer is shared by every call to it: one caller's abort stops its own wait only.
    const audience = await raceAbort(audienceFor(server), signal);
    return (token) => assertTokenFor(token, audience, extraAudiences, opaqueTokens);
  };
  return credentialedFetch(options, check, prover, mcpCallRefusedError);
}

/**
 * Checks, before anything is asked for or sent to `url`, that the server is the resource the
 * token is for: it resolves to the check of each token (throwing to refuse one), or rejects
 * (with `signal.reason` once the caller aborts).
 */
export type ResourceCheck = (
  url: URL,
  signal: AbortSignal | undefined,
) => Promise<(token: DualSubjectToken) => void>;

/**
 * {@link dualAuthFetch} without the server's metadata (`withDualAuthTool`'s `callApi`, to an API
 * rather than an MCP server), or with `check` to refuse a server or a token before it is sent,
 * and `prover` for the DPoP proofs of DPoP-bound tokens (`options.dpopProof` is read only by
 * `dualAuthFetch`). With `refusal` (dualAuthFetch's `mcpCallRefusedError`), a final 401 or 403 rejects
 * with the error it makes; without (a tool's `callApi`) it is handed back. `unchecked` is told
 * when a token records no one its provider's `identity` names: by default a note of its own that
 * logs `token_identity_unchecked` once to the default logger, as `callApi` does once per client.
 *
 * @throws what {@link dualAuthFetch} throws, but `ResourceRefusedError` only from `check`.
 */
export function credentialedFetch(
  given: DualAuthFetchOptions,
  check?: ResourceCheck,
  prover?: RequestProver,
  refusal?: typeof mcpCallRefusedError,
  unchecked: UncheckedIdentityNote = uncheckedIdentityNote(loggerOrDefault(undefined)),
): typeof fetch {
  // Read as own properties: an inherited `fetch` would get every credential.
  const options = ownOptions(given);
  const providerFor = resolveProviders(options);
  const send = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const allowInsecureLoopback = options.allowInsecureLoopback === true;
  const origin = boundOrigin(options.origin, allowInsecureLoopback);
  const settings: SendSettings = {
    allowInsecureLoopback,
    timeoutMs: checkOption(options, 'timeoutMs', 'timeoutMs') ?? DEFAULT_TIMEOUT_MS,
    clock: checkOption(options, 'clock', 'clock') ?? systemClock,
  };
  return (async (input: RequestInfo | URL, init?: RequestInit) => {
    const call = outgoingCall(input, init, origin, allowInsecureLoopback);
    const provider = providerFor();
    // Read once per call, as the client reads it: a getter cannot name another human later.
    const identity = provider.identity;
    const signal = call.init.signal ?? undefined;
    const checkToken = await check?.(call.url, signal);
    const tokenFor = async (forceRefresh: boolean, within = signal) => {
      const token = await provider.getToken(
        forceRefresh ? { signal: within, forceRefresh } : { signal: within },
      );
      assertProvidedToken(token, identity, unchecked);
      checkToken?.(token);
      return token;
    };
    let token = await tokenFor(false);
    const method = (call.init.method ?? 'GET').toUpperCase();
    // One deadline from the first request to the answer handed back or thrown: every redirect
    // hop, the one renewal (its token request included) or nonce retry, and a refusal's body.
    const deadline = answerDeadline(awaitedOf(method, call.url, settings), signal, settings.clock);
    try {
      // One renewal and one nonce retry at most (RFC 6750 §3.1, RFC 9449 §9).
      const tried = new Set<string>();
      const callerProves = new Headers(call.init.headers).has('dpop');
      for (;;) {
        const proving = prover?.(token, send);
        assertProvable(token, proving !== undefined || callerProves, DPOP_WITHOUT_PROOF);
        const response = await sendFollowing(proving ?? send, call, token, settings, deadline);
        if (isInvalidRequestChallenge(response) || isInvalidRequestChallenge(response, 'DPoP')) {
          throw malformedRequestError(call, response);
        }
        const remedy = call.bodySentOnce
          ? undefined
          : challengeRemedy(response, token.tokenType, proving !== undefined);
        if (remedy === undefined || tried.has(remedy)) {
          if (refusal !== undefined && (response.status === 401 || response.status === 403)) {
            const url = urlRouteForLogging(call.url);
            const renewal = tried.has('renew')
              ? 'renewed'
              : call.bodySentOnce
                ? 'body-sent-once'
                : 'no-renewable-challenge';
            const within = { deadline, timeoutMs: settings.timeoutMs };
            throw await refusal(response, method, url, token, renewal, signal, within);
          }
          return bodyEndedBy(response, signal);
        }
        tried.add(remedy);
        await response.body?.cancel();
        if (remedy === 'renew') {
          deadline.awaiting(awaitedOf(method, call.url, settings, 'renewed token'));
          token = await raceAbort(tokenFor(true, deadline.signal), deadline.signal);
        }
      }
    } finally {
      deadline.done();
    }
  }) as typeof fetch;
}

// The end of the client's message: what a user of dualAuthFetch (or of withDualAuthTool) must do.
const DPOP_WITHOUT_PROOF =
  'give dualAuthFetch dpopProof, or send a DPoP header with the request (withDualAuthTool: its callApi makes no proofs)';

/**
 * A 400 `invalid_request` (RFC 6750 §3.1) as an error: the server's description is left out (the
 * caller reads it from `response`), so no text of the server's reaches a log through the message.
 */
function malformedRequestError(call: OutgoingCall, response: Response): ApiCallError {
  const method = (call.init.method ?? 'GET').toUpperCase();
  const url = urlRouteForLogging(call.url);
  return new ApiCallError({
    message: `MCP request failed: ${method} ${url} answered HTTP 400 (Bearer error invalid_request); ${INVALID_REQUEST_ADVICE}`,
    method,
    url,
    status: 400,
    reason: 'status',
    response,
  });
}

/** The server-metadata lookup of `options`, checked at creation; `undefined` when `'off'`. */
function resourceAudience(options: DualAuthFetchOptions, send: typeof fetch) {
  const mode = checkOption(options, 'resourceMetadata', 'string') ?? 'require';
  if (mode !== 'require' && mode !== 'off') {
    throw new TypeError("options.resourceMetadata must be 'require' or 'off'");
  }
  const tokenAudience = checkOption(options, 'tokenAudience', 'string');
  if (tokenAudience === '') throw new TypeError('options.tokenAudience must not be empty');
  const timeoutMs = checkOption(options, 'resourceMetadataTimeoutMs', 'timeoutMs') ?? 10_000;
  const clock = checkOption(options, 'clock', 'clock') ?? systemClock;
  const metadataUrl = resourceMetadataUrlOf(options);
  if (mode === 'off') {
    if (metadataUrl !== undefined) {
      throw new TypeError("options.resourceMetadataUrl needs resourceMetadata: 'require'");
    }
    return undefined;
  }
  return protectedResourceAudience({ send, tokenAudience, timeoutMs, clock, metadataUrl });
}

/**
 * `options.resourceMetadataUrl`, checked at creation, its fragment dropped.
 *
 * @throws TypeError when it is not a string or URL.
 * @throws ConfigurationError when it is not an HTTPS URL.
 */
function resourceMetadataUrlOf(options: DualAuthFetchOptions): string | undefined {
  const { resourceMetadataUrl } = options;
  if (resourceMetadataUrl === undefined) return undefined;
  if (typeof resourceMetadataUrl !== 'string' && !(resourceMetadataUrl instanceof URL)) {
    throw new TypeError(
      "options.resourceMetadataUrl must be the URL of the server's RFC 9728 metadata",
    );
  }
  const url = assertMcpHttpsUrl(
    resourceMetadataUrl,
    'options.resourceMetadataUrl',
    options.allowInsecureLoopback === true,
  );
  url.hash = '';
  return url.href;
}

/** `options.opaqueTokens`, checked at creation. */
function opaqueTokensOf(options: DualAuthFetchOptions): 'refuse' | 'send' {
  const mode = checkOption(options, 'opaqueTokens', 'string') ?? 'refuse';
  if (mode !== 'refuse' && mode !== 'send') {
    throw new TypeError("options.opaqueTokens must be 'refuse' or 'send'");
  }
  return mode;
}

/**
 * `options.serverUrl`, checked and copied at creation.
 *
 * @throws TypeError when it is not a URL on `options.origin`'s origin.
 * @throws ConfigurationError when it holds credentials (`https://user:pass@…`).
 */
function serverUrlOf(options: DualAuthFetchOptions): URL | undefined {
  const { serverUrl } = options;
  if (serverUrl === undefined) return undefined;
  const allowInsecureLoopback = options.allowInsecureLoopback === true;
  if (
    (typeof serverUrl !== 'string' && !(serverUrl instanceof URL)) ||
    !URL.canParse(serverUrl) ||
    new URL(serverUrl).origin !== boundOrigin(options.origin, allowInsecureLoopback)
  ) {
    throw new TypeError(
      "options.serverUrl must be the MCP server's URL (the transport's), on options.origin",
    );
  }
  // The origin compares without userinfo, which fetch refuses and logs must not keep.
  return assertMcpHttpsUrl(serverUrl, 'options.serverUrl', allowInsecureLoopback);
}

/** `options.extraTokenAudiences`, checked and copied at creation. */
function extraTokenAudiences(options: DualAuthFetchOptions): readonly string[] {
  const extra: unknown = options.extraTokenAudiences;
  if (extra === undefined) return [];
  if (!Array.isArray(extra) || extra.some((name) => typeof name !== 'string' || name === '')) {
    throw new TypeError('options.extraTokenAudiences must be an array of non-empty audience ids');
  }
  return [...extra];
}

/**
 * The origin of `options.origin`, checked once at creation.
 *
 * @throws TypeError when it is not a string or URL.
 * @throws ConfigurationError when it is not an HTTPS URL.
 */
export function boundOrigin(origin: unknown, allowInsecureLoopback: boolean): string {
  if (typeof origin !== 'string' && !(origin instanceof URL)) {
    throw new TypeError("options.origin must be the server's URL: credentials go there only");
  }
  return assertMcpHttpsUrl(origin, 'options.origin', allowInsecureLoopback).origin;
}

function resolveProviders(options: DualAuthFetchOptions): () => TokenProvider {
  requireValue(options, 'options', 'object');
  if (options.tokenProvider !== undefined) {
    requireValue(options.tokenProvider.getToken, 'options.tokenProvider.getToken', 'function');
    const provider = options.tokenProvider;
    return () => provider;
  }
  requireValue(options.tokenRequest, 'options.tokenRequest', 'object');
  requireValue(
    options.tokenRequest.tokenProvider,
    'options.tokenRequest.tokenProvider',
    'function',
  );
  requireValue(options.agentId, 'options.agentId', 'string');
  if (!Array.isArray(options.scope))
    throw new TypeError('options.scope must be an array of scopes');
  const { tokenRequest, agentId, context } = options;
  const scope = [...options.scope];
  return () => {
    const act = humanInContext(context);
    return {
      // Who each token must be asked for: the agent configured, the human in context.
      identity: { agentId, humanId: act.sub },
      // The context's token is read on every request and renewal: a session may renew it.
      getToken: async (getOptions) => {
        const subjectToken = await subjectTokenInContext(context);
        const signedInAtMs = signedInAtInContext(context);
        const request = { agentId, act, scope, subjectToken, signedInAtMs };
        const provider = tokenRequest.tokenProvider(request);
        return provider
          .getToken(getOptions)
          .catch((error: unknown) => explainSubjectToken(error, subjectToken !== undefined));
      },
    };
  };
}
