import { type KnownOptions, ownOption, refuseUnknownOptions } from '@dual-auth/core';
import { assertAllowedOrigin } from './allowed-origins.js';
import { type ApiCallIdentity, IDENTITY_FIELDS } from './api-call-identity.js';
import type { ResolvedApiCallOptions } from './api-call-options.js';
import type { CallApiOptions, CallApiWithProvider, CallApiWithToken } from './call-api-options.js';
import { callerHeaders, type HeaderRecord } from './caller-headers.js';
import { assertDualSubjectToken, assertProvable } from './credential-headers.js';
import type { DpopProofMaker } from './dpop-proof.js';
import { type HttpMethod, normalizeMethod } from './http-method.js';
import { type LastRequestUrl, requestUrl } from './request-url.js';
import { assertTokenFor, identityWithToken } from './token-identity.js';
import { fixedTokenSource, providerTokenSource, type TokenSource } from './token-source.js';

/** One `callApi` request, checked and normalized. */
export interface PreparedCall {
  readonly method: HttpMethod;
  readonly url: URL;
  /** The caller's headers (and the JSON content type), without credentials. */
  readonly headers: HeaderRecord;
  readonly body: string | undefined;
  readonly signal: AbortSignal | undefined;
  readonly throwHttpErrors: boolean;
  readonly identity: ApiCallIdentity;
  readonly tokens: TokenSource;
  /** Makes a DPoP proof per request sent with the token; undefined: the caller's headers only. */
  readonly dpopProof: DpopProofMaker | undefined;
}

const CALL_API_OPTIONS = {
  method: true,
  apiUrl: true,
  params: true,
  json: true,
  headers: true,
  dpopProof: true,
  signal: true,
  throwHttpErrors: true,
  identity: true,
  tokenResponse: true,
  tokenProvider: true,
} as const satisfies KnownOptions<CallApiWithToken> & KnownOptions<CallApiWithProvider>;

// A call that names no identity: one frozen object, which readIdentityOnce keeps as it is, so such a
// call allocates no copy and callHuman finds its human again instead of keeping one per call.
const NO_IDENTITY: ApiCallIdentity = /* @__PURE__ */ Object.freeze({});

function schemeOf(apiUrl: unknown): string | undefined {
  try {
    return new URL(String(apiUrl)).protocol.slice(0, -1);
  } catch {
    return undefined;
  }
}

/**
 * Checks the arguments of `callApi` and turns them into a {@link PreparedCall}; `lastUrl` is the
 * client's last checked URL (see {@link requestUrl}).
 *
 * @throws TypeError on wrong types, a key that is not an option, a bad token, a credential header from the caller, or
 *   `dpopProof` beside a `DPoP` header, or a fixed DPoP token with neither (RFC 9449 §7.1), or a
 *   fixed token asked for another human or agent than `identity` names (`assertTokenFor`).
 * @throws ConfigurationError when `apiUrl` is not HTTPS.
 * @throws OriginRefusedError when `apiUrl` is not on one of `options.allowedOrigins`.
 */
export function prepareCall(
  callArgs: CallApiOptions,
  options: ResolvedApiCallOptions,
  lastUrl?: LastRequestUrl,
): PreparedCall {
  if (typeof callArgs !== 'object' || callArgs === null) {
    throw new TypeError('callApi needs an options object');
  }
  refuseUnknownOptions(callArgs, CALL_API_OPTIONS, 'callApi');
  // Own arguments only, each read once: an inherited method on a polluted Object.prototype would
  // turn every GET into a DELETE. Read into locals, not copied (ownOptions' null-prototype copy is
  // a dictionary-mode object on V8: 190 B and a hash lookup per read, on every call).
  const method = normalizeMethod(ownArgument(callArgs, 'method') ?? 'GET');
  const apiUrl = ownArgument(callArgs, 'apiUrl');
  let url: URL;
  try {
    url = requestUrl(
      apiUrl,
      ownArgument(callArgs, 'params'),
      options.allowInsecureLoopback,
      lastUrl,
    );
  } catch (error) {
    const scheme = schemeOf(apiUrl);
    if (scheme !== undefined && scheme !== 'https') {
      options.logger.error('insecure_api_url', { scheme });
    }
    throw error;
  }
  assertAllowedOrigin(url, options.allowedOrigins);
  let headers = callerHeaders(ownArgument(callArgs, 'headers'));
  const body = jsonBody(ownArgument(callArgs, 'json'), method);
  if (body !== undefined && headers['content-type'] === undefined) {
    headers = { ...headers, 'content-type': 'application/json' };
  }
  const signal = ownArgument(callArgs, 'signal');
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw new TypeError('signal must be an AbortSignal');
  }
  const throwHttpErrors = ownArgument(callArgs, 'throwHttpErrors') ?? true;
  if (typeof throwHttpErrors !== 'boolean')
    throw new TypeError('throwHttpErrors must be a boolean');
  const dpopProof = ownArgument(callArgs, 'dpopProof');
  if (dpopProof !== undefined) {
    if (typeof dpopProof !== 'function') {
      throw new TypeError('dpopProof must be a function that makes a DPoP proof');
    }
    if (headers.dpop !== undefined) {
      throw new TypeError('pass a DPoP proof as dpopProof or as headers.dpop, not both');
    }
  }
  const tokenProvider = ownArgument(callArgs, 'tokenProvider');
  const provided = tokenProvider?.identity;
  const asked = ownArgument(callArgs, 'identity');
  const given = asked ?? provided ?? NO_IDENTITY;
  if (typeof given !== 'object' || given === null) {
    throw new TypeError('identity must be an object with agentId and humanId');
  }
  // Read once: what is checked here is what the log lines, hooks and audit record name all along
  // the call, whatever the caller's object (reused for another human, a getter) answers later.
  const identity = readIdentityOnce(given);
  for (const [field, what] of IDENTITY_FIELDS) {
    const value = (identity as ApiCallIdentity)[field];
    if (value !== undefined && typeof value !== 'string') {
      throw new TypeError(`identity.${field} must be a string (${what}) or left out`);
    }
  }
  if (asked !== undefined) checkBesideProvider(identity, provided);
  const proves = dpopProof !== undefined || headers.dpop !== undefined;
  const tokens = tokenSource(
    ownArgument(callArgs, 'tokenResponse'),
    tokenProvider,
    options,
    proves,
    identity,
  );
  // A fixed token's recorded ids name whom the call is for where the call names no one.
  const named = tokens.fixed === undefined ? identity : identityWithToken(identity, tokens.fixed);
  return {
    method,
    url,
    headers,
    body,
    signal,
    throwHttpErrors,
    identity: named,
    tokens,
    dpopProof,
  };
}

/** The arguments of `callApi` as {@link ownArgument} reads them: either token source may be set. */
type CallArguments = {
  readonly [K in keyof Omit<CallApiWithToken, 'tokenProvider'>]?: CallApiWithToken[K] | undefined;
} & { readonly tokenProvider?: CallApiWithProvider['tokenProvider'] | undefined };

/** Core's `ownOption`, typed for `callApi`'s arguments: an inherited value never counts. */
function ownArgument<K extends keyof CallArguments>(
  callArgs: CallApiOptions,
  name: K,
): CallArguments[K] {
  return ownOption(callArgs, name) as CallArguments[K];
}

/**
 * `identity` as it is now: kept when frozen with its fields as plain values (a provider's, which
 * cannot change, so that the call's digest of its human is prepared once per identity), else a
 * frozen copy of each field read once.
 */
function readIdentityOnce(identity: object): ApiCallIdentity {
  const stable = IDENTITY_FIELDS.every(([field]) => {
    const own = Object.getOwnPropertyDescriptor(identity, field);
    return own === undefined ? !(field in identity) : 'value' in own;
  });
  if (stable && Object.isFrozen(identity)) return identity as ApiCallIdentity;
  const { agentId, humanId } = identity as ApiCallIdentity;
  return Object.freeze({
    ...(agentId === undefined ? {} : { agentId }),
    ...(humanId === undefined ? {} : { humanId }),
  });
}

/**
 * Refuses an `identity` that names another agent or human than the provider's own: the call would
 * send one party's token while its lines, hooks and audit record name another. What the provider
 * leaves out, the call may name.
 */
function checkBesideProvider(identity: ApiCallIdentity, provided: unknown): void {
  if (typeof provided !== 'object' || provided === null) return;
  for (const [field] of IDENTITY_FIELDS) {
    const own = (provided as ApiCallIdentity)[field];
    if (own !== undefined && identity[field] !== own) {
      throw new TypeError(
        `identity.${field} is not tokenProvider.identity.${field} (its token would be audited as another's): leave identity out, or use the provider of the one you mean`,
      );
    }
  }
}

function tokenSource(
  tokenResponse: CallArguments['tokenResponse'],
  tokenProvider: CallArguments['tokenProvider'],
  options: ResolvedApiCallOptions,
  proves: boolean,
  identity: ApiCallIdentity,
): TokenSource {
  if (tokenResponse !== undefined && tokenProvider !== undefined) {
    throw new TypeError('callApi takes tokenResponse or tokenProvider, not both');
  }
  if (tokenProvider !== undefined) {
    if (typeof tokenProvider?.getToken !== 'function') {
      throw new TypeError('tokenProvider must have a getToken() method');
    }
    return providerTokenSource(
      tokenProvider,
      options.clock,
      options.expiryLeewayMs,
      proves,
      identity,
      options.uncheckedIdentity,
    );
  }
  if (tokenResponse === undefined) {
    throw new TypeError('callApi needs tokenResponse or tokenProvider');
  }
  assertDualSubjectToken(tokenResponse, 'tokenResponse');
  assertProvable(tokenResponse, proves);
  assertTokenFor(identity, tokenResponse, 'tokenResponse was asked for', options.uncheckedIdentity);
  return fixedTokenSource(tokenResponse);
}

function jsonBody(json: unknown, method: HttpMethod): string | undefined {
  if (json === undefined) return undefined;
  if (method === 'GET' || method === 'HEAD') {
    throw new TypeError(`json cannot be sent with ${method}`);
  }
  let text: string | undefined;
  try {
    text = JSON.stringify(json);
  } catch {
    throw new TypeError('json must be JSON-serializable (no cycles or BigInt)');
  }
  if (text === undefined) throw new TypeError('json must be JSON-serializable');
  return text;
}
