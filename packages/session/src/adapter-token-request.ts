import {
  type Act,
  type AuditIdentities,
  ConfigurationError,
  DualAuthError,
  type DualSubjectToken,
  defaultLogger,
  errorClassOf,
  humanIdForLogging,
  type IamAdapter,
  isSubjectToken,
  type LoggableHuman,
  type Logger,
  ownOptions,
  type PositionalArgumentsUsage,
  prepareHumanIdForLogging,
  readSubjectTokenOnce,
  refusePositionalArguments,
  SPECIFICATION_VERSION,
  type TokenRequest,
  TokenRequestError,
} from '@dual-auth/core';
import { readActOnce, validateAct, withheldCause } from '@dual-auth/core/adapter-kit';
import { sha256Base64url } from '@dual-auth/core/jwt';
import { auditTokenRequest } from './token-audit.js';
import { notBeforeCutoff } from './token-cache/issued-at-or-before.js';
import type { SingleFlightTokenCache } from './token-cache/single-flight-token-cache.js';
import { actDigest } from './token-cache/token-cache-key.js';
import { isVerifiedAct } from './verified-acts.js';

/** What the two request classes share: the adapter, the cache (or none) and the log. */
export interface AdapterTokenRequestContext {
  adapter: IamAdapter;
  cache: SingleFlightTokenCache | undefined;
  logger: Logger;
  /** Event prefix: `insession` or `outofsession`, as the reference names them. */
  flow: 'insession' | 'outofsession';
  /**
   * Runs after each IdP answer, before the token is cached or handed out; throwing refuses the
   * token (a delegation ended while the IdP was minting it).
   */
  checkAnswer?: (() => Promise<unknown>) | undefined;
  /**
   * How far, in seconds, the IdP's clock may run ahead of the one that recorded a delegation
   * cut-off (the act JWT verifier's tolerance): a cached token whose `iat` is within it after the
   * cut-off is not served to a delegation that began after it.
   */
  clockToleranceSeconds?: number | undefined;
}

/**
 * Throws unless `adapter` looks like an {@link IamAdapter} of this contract version.
 *
 * @throws TypeError when it is not an adapter; ConfigurationError on another contract version.
 */
export function checkAdapter(adapter: unknown, owner: string): asserts adapter is IamAdapter {
  const candidate = adapter as Partial<IamAdapter> | null;
  if (
    typeof candidate !== 'object' ||
    candidate === null ||
    typeof candidate.requestToken !== 'function' ||
    typeof candidate.id !== 'string'
  ) {
    throw new TypeError(`${owner}: adapter must be an IamAdapter (id, requestToken)`);
  }
  if (candidate.specificationVersion !== SPECIFICATION_VERSION) {
    throw new ConfigurationError({
      message: `${owner}: the adapter implements IamAdapter ${String(candidate.specificationVersion)}, this package needs ${SPECIFICATION_VERSION}; install matching @dual-auth versions`,
    });
  }
}

// The usual cause is the Python guide's `agent_id=os.environ['AGENT_CLIENT_ID']` ported as
// `process.env.AGENT_CLIENT_ID` after the variable moved to a secrets store.
function checkAgentId(agentId: unknown): void {
  if (typeof agentId !== 'string' || agentId.trim() === '') {
    const got =
      agentId === undefined || agentId === null
        ? String(agentId)
        : typeof agentId === 'string'
          ? 'a blank string'
          : `a ${typeof agentId}`;
    throw new TypeError(
      `Invalid inputs: agent_id required (agentId must be a non-empty string, got ${got}): ` +
        'pass config.clientId, the AGENT_CLIENT_ID getConfig read (from the secrets store, if any)',
    );
  }
}

function checkScope(scope: unknown): void {
  if (
    !Array.isArray(scope) ||
    scope.length === 0 ||
    scope.some((s) => typeof s !== 'string' || s.trim() === '')
  ) {
    throw new TypeError('Invalid inputs: scope required (a non-empty list of non-empty strings)');
  }
}

/** Runs an input check; when it throws, logs the reference's `invalid_input_…` event first. */
function logged(logger: Logger, event: string, check: () => unknown): void {
  try {
    check();
  } catch (error) {
    logger.warn(event);
    throw error;
  }
}

/**
 * Throws a TypeError unless `agentId` is a non-empty string and `scope` a non-empty list of
 * non-empty strings: checked before an act JWT is verified, so a caller's mistake does not spend
 * its single-use `jti`. Logs `invalid_input_agent_id` or `invalid_input_scope` on `logger`.
 */
export function checkAgentAndScope(
  agentId: unknown,
  scope: unknown,
  logger: Logger = defaultLogger,
): void {
  logged(logger, 'invalid_input_agent_id', () => checkAgentId(agentId));
  logged(logger, 'invalid_input_scope', () => checkScope(scope));
}

/** How `requestToken` is called, for the refusal of Python's `request_token(agent_id, act, scope)`. */
export const REQUEST_TOKEN_USAGE: PositionalArgumentsUsage = {
  call: 'requestToken',
  example: '{ agentId, act, scope }',
  required: true,
};

/**
 * Throws a TypeError unless `request` is `{ agentId, act, scope }` with valid values; logs
 * `invalid_input_agent_id`, `invalid_input_act` or `invalid_input_scope` on `logger`.
 */
export function checkRequest(
  request: unknown,
  logger: Logger = defaultLogger,
): asserts request is TokenRequest {
  refusePositionalArguments([request], REQUEST_TOKEN_USAGE);
  const { agentId, act, scope, subjectToken } = request as Partial<TokenRequest>;
  logged(logger, 'invalid_input_agent_id', () => checkAgentId(agentId));
  logged(logger, 'invalid_input_act', () => validateAct(act));
  logged(logger, 'invalid_input_scope', () => checkScope(scope));
  if (subjectToken !== undefined && !isSubjectToken(subjectToken)) {
    throw new TypeError(
      'Invalid inputs: subjectToken must be a SubjectToken (UserSession.subjectToken, or createSubjectToken from @dual-auth/core)',
    );
  }
}

// A verified act stays the object its verification is recorded for (deep-frozen, it cannot
// change); any other is core's read-once copy, which a BaseAdapter then signs without copying it.
function readAct(act: unknown): Act {
  if (isVerifiedAct(act)) return act as Act;
  try {
    return readActOnce(act) as Act;
  } catch (error) {
    throw new TypeError('Invalid inputs: act must be JSON-serializable (no cycles or BigInt)', {
      cause: error,
    });
  }
}

/**
 * `request` read once and checked ({@link checkRequest}): a fresh object of its own fields, its
 * act core's `readActOnce` (its JSON, deep-frozen; a verified act as it is), its `subjectToken`
 * core's `readSubjectTokenOnce`, so that the act checked is the one the cache key, the
 * log lines, the audit record and the IdP request read, whatever the caller's objects, a getter or
 * a proxy answer later (an app reusing one act object across requests).
 *
 * @throws TypeError as {@link checkRequest}.
 */
export function readRequestOnce<T extends Pick<TokenRequest, 'act'>>(
  request: T,
  logger: Logger = defaultLogger,
): T {
  refusePositionalArguments([request], REQUEST_TOKEN_USAGE);
  // Own fields only, on no prototype: a signedInAtMs or subjectToken a pollution bug set on
  // Object.prototype is no field of the request (it would date it after any cut-off).
  // One copy, each field read once, whose act and subject token are then replaced in place.
  const read: T & Partial<TokenRequest> = ownOptions(request);
  read.act = readAct(read.act);
  // Its value and type read once too (a token request keys and sends the human's token), into a
  // redacted copy; what was accepted before is accepted, unchecked, as it was.
  const given = read.subjectToken;
  if (given !== undefined) read.subjectToken = readSubjectTokenOnce(given) ?? given;
  checkRequest(read, logger);
  return read;
}

/**
 * The cache key's digest of what the IdP is asked for besides agent, human and scopes: the act,
 * and for a token exchange the human's token too (a new login is a new exchange, and a token
 * from one subject token is never served for another).
 */
async function requestDigest(request: TokenRequest): Promise<string> {
  const digest = await actDigest(request.act);
  if (request.subjectToken === undefined) return digest;
  return `${digest}.${await sha256Base64url(request.subjectToken.value)}`;
}

// The cache names the human by its key's `sub`: off Node, the key carries that digest too.
async function withLoggableHuman<T extends LoggableHuman>(key: T): Promise<T> {
  await prepareHumanIdForLogging(key);
  return key;
}

/**
 * One dual-subject token request through the adapter, via the cache when there is one (skipping
 * its stored token with `forceRefresh`). Adapter errors of dual-auth and input errors
 * (`TypeError`) pass through unchanged; anything else (a transport or IdP failure the adapter did
 * not type) becomes a `TokenRequestError` naming its class.
 *
 * @throws TypeError on invalid inputs (Python's "Invalid inputs: …"), or the adapter's own.
 */
export async function requestThroughAdapter(
  context: AdapterTokenRequestContext,
  request: TokenRequest,
  options: {
    forceRefresh?: boolean | undefined;
    cutoffMs?: number | undefined;
    /** The audit's `identities`: `verified` when `request.act` came from a verified act JWT. */
    identities?: AuditIdentities | undefined;
  } = {},
): Promise<DualSubjectToken> {
  const { adapter, cache, logger, flow, checkAnswer } = context;
  // Read once, as the scopes are: an act object the app reuses and changes while this request is
  // under way must not file one human's token under another's cache key. A verified act is kept
  // as is, with its verification's mark.
  const read = readRequestOnce(request, logger);
  const { agentId, act, signal, subjectToken } = read;
  // Off Node, the digest an email-shaped id is logged as, for every line and record below.
  await prepareHumanIdForLogging(act);
  const scope = [...read.scope];
  const digest = cache === undefined ? undefined : await requestDigest(read);
  const exchange = subjectToken === undefined ? {} : { subjectToken };
  const audited = {
    agentId,
    act,
    scope,
    audience: adapter.audience,
    vendor: adapter.vendor,
    identities: options.identities,
  };
  logger.info(`${flow}_token_request_start`, {
    agent_id: agentId,
    human_id: humanIdForLogging(act),
    scope,
  });
  const ask = (askSignal: AbortSignal | undefined): Promise<DualSubjectToken> =>
    adapter.requestToken({
      agentId,
      act,
      scope,
      ...exchange,
      ...(askSignal ? { signal: askSignal } : {}),
    });
  const cutoff = {
    notIssuedAtOrBeforeMs: options.cutoffMs,
    clockToleranceSeconds: context.clockToleranceSeconds,
    // Entra dates `iat` back: a stored token is judged at `iat` plus it, as the API guard judges it.
    iatBackdateSeconds: adapter.iatBackdateSeconds,
  };
  // Without a cache the answer is judged by the cut-off as the cache judges its caller's own.
  const askAndCheck = async (): Promise<DualSubjectToken> => {
    const token = await ask(signal);
    await checkAnswer?.();
    return notBeforeCutoff(token, cutoff);
  };
  try {
    const token =
      cache === undefined
        ? await askAndCheck()
        : await cache.getOrRequest(
            await withLoggableHuman({
              adapterId: adapter.id,
              agentId,
              sub: act.sub,
              scope,
              audience: adapter.audience ?? '',
              actDigest: digest,
            }),
            ask,
            {
              signal,
              forceRefresh: options.forceRefresh,
              checkAnswer,
              // The cut-off again after a wait for a shared store's lock: no IdP request then
              // for a delegation ended meanwhile.
              recheckAfterLock: checkAnswer,
              ...cutoff,
            },
          );
    logger.info(`${flow}_token_request_success`, {
      agent_id: agentId,
      human_id: humanIdForLogging(act),
      expires_in: token.expiresIn,
      token_type: token.tokenType,
      has_act_assertion: token.actAssertion !== undefined,
    });
    auditTokenRequest(logger, audited);
    return token;
  } catch (error) {
    logger.error(`${flow}_token_request_error`, {
      agent_id: agentId,
      human_id: humanIdForLogging(act),
      error_type: errorClassOf(error),
    });
    auditTokenRequest(logger, audited, error);
    // A TypeError is the adapter refusing the caller's input: wrapping it would hide what to fix.
    if (
      DualAuthError.isInstance(error) ||
      error instanceof TypeError ||
      (signal?.aborted && error === signal.reason)
    ) {
      throw error;
    }
    throw new TokenRequestError({
      message: `Unexpected error: ${errorClassOf(error)}`,
      cause: withheldCause(error),
    });
  }
}
