import { type ChallengeRefusal, challengeRefusal } from '@dual-auth/client';
import {
  API_CALL_ERROR_FIELDS,
  ApiCallError,
  type AuditFailedSide,
  type DualSubjectToken,
  errorOptions,
} from '@dual-auth/core';
import { raceAbort } from '@dual-auth/core/adapter-kit';
import type { AnswerDeadline } from './answer-deadline.js';

const MARKER = 'dual-auth.error.McpCallRefusedError';
const SYMBOL = /* @__PURE__ */ Symbol.for(MARKER);
/** The most of a refusal body read for its `failed_side` (the guard's is under 1 KiB), in bytes. */
const MAX_REFUSAL_BYTES = 16_384; // 16 * 1024
const FAILED_SIDES: readonly AuditFailedSide[] = ['agent', 'human', 'both', 'credentials'];

/** What an {@link McpCallRefusedError} carries besides `ApiCallError`'s fields. */
export interface McpCallRefusal {
  /**
   * Which side the MCP server refused: `credentials` on a 401; on a 403 the `failed_side` of a
   * dual-auth server's body (`agent`, `human`, `both`), undefined when it names none.
   */
  readonly failedSide: AuditFailedSide | undefined;
  /**
   * The `error` of the server's `WWW-Authenticate` challenge (RFC 6750 §3.1, RFC 9449 §7.1): a
   * registered code (`invalid_token`, `insufficient_scope`, …) or `other`; undefined without one.
   */
  readonly error: string | undefined;
  /**
   * Its `error_description`, printable ASCII cut to 200 characters; undefined when there is none
   * or it names a person by email or quotes a credential sent (then it is left out).
   */
  readonly errorDescription: string | undefined;
}

/**
 * Thrown by `dualAuthFetch` when the MCP server refuses the credentials: a 401 after the one
 * renewal (or when the request could not be sent again), or a 403. It is an `ApiCallError` of
 * `@dual-auth/core` (`reason` `'status'`, `status` 401 or 403, `response` the answer with its body
 * up to 16 KiB, read before the call's `timeoutMs` runs out), and says which side failed and what
 * to do. Recognise it with `McpCallRefusedError.isInstance(e)` (or `ApiCallError.isInstance(e)`). It holds no token,
 * email or name: the server's words pass only as `@dual-auth/client`'s `challengeRefusal` sanitizes them.
 */
export class McpCallRefusedError extends ApiCallError implements McpCallRefusal {
  // Set in the constructor: a computed class field keeps the class in every bundle of the
  // published dist, used or not (evanw/esbuild#3189).
  declare readonly [SYMBOL]: true;
  declare readonly failedSide: AuditFailedSide | undefined;
  declare readonly error: string | undefined;
  declare readonly errorDescription: string | undefined;

  /**
   * @throws TypeError naming this class and the option when `options` is not an object (or one
   *   whose getters or Proxy traps throw) or a field is not of its type: `ApiCallError`'s fields
   *   and this class's own, checked here so that none is refused under `ApiCallError`'s name.
   */
  constructor(given: ConstructorParameters<typeof ApiCallError>[0] & McpCallRefusal) {
    const options = errorOptions(given, 'McpCallRefusedError', {
      ...API_CALL_ERROR_FIELDS,
      failedSide: 'string?',
      error: 'string?',
      errorDescription: 'string?',
    });
    super(options);
    this[SYMBOL] = true;
    this.name = 'McpCallRefusedError';
    this.failedSide = options.failedSide;
    this.error = options.error;
    this.errorDescription = options.errorDescription;
  }

  static override isInstance(error: unknown): error is McpCallRefusedError {
    return (
      typeof error === 'object' &&
      error !== null &&
      (error as Record<symbol, unknown>)[SYMBOL] === true
    );
  }

  protected override details(): Record<string, unknown> {
    return {
      ...super.details(),
      failedSide: this.failedSide,
      error: this.error,
      errorDescription: this.errorDescription,
    };
  }
}

/** The `failed_side` of a dual-auth server's refusal body, when it is a known side. */
function failedSideOf(bytes: Uint8Array): AuditFailedSide | undefined {
  try {
    const body: unknown = JSON.parse(new TextDecoder().decode(bytes));
    if (typeof body !== 'object' || body === null || !Object.hasOwn(body, 'failed_side')) {
      return undefined;
    }
    const side = Reflect.get(body, 'failed_side');
    return FAILED_SIDES.find((known) => known === side);
  } catch {
    return undefined;
  }
}

/**
 * Why a 401 is final: the token was renewed once already, the body could be sent only once (a
 * stream or `Request` body), or the server sent no challenge a renewal answers.
 */
export type RefusalRenewal = 'renewed' | 'body-sent-once' | 'no-renewable-challenge';

/**
 * How a dual-auth guard describes a token of an ended delegation (core's `endedDelegationPhrase`:
 * "…issued before the human's delegations were ended", "…within N s of the human's cut-off…").
 */
const ENDED_DELEGATION = /the human's (?:delegations were ended|cut-off)/;

/** What to do, by what the server said. */
function adviceFor(
  status: number,
  side: AuditFailedSide | undefined,
  challenge: ChallengeRefusal | undefined,
  renewal: RefusalRenewal,
): string {
  if (status === 401 && ENDED_DELEGATION.test(challenge?.description ?? '')) {
    return "the human's delegation was ended (endDelegation): sign the human in again, and give this agent's token request the server's cutoffStore";
  }
  if (status === 401) {
    switch (renewal) {
      case 'renewed':
        return 'the server refused the credentials again after one token renewal: check that the IdP issues tokens for this server (its audience and issuer) and that the server trusts that IdP';
      case 'body-sent-once':
        return 'the server refused the credentials and the request could not be sent again with a renewed token: pass its body in init as a string or bytes, or check that the IdP issues tokens for this server';
      default:
        return 'the server refused the credentials without a Bearer error="invalid_token" challenge (RFC 6750 §3.1), so the token was not renewed: check that the server takes tokens from this IdP (its audience and issuer)';
    }
  }
  switch (side) {
    case 'agent':
      return 'the agent is not allowed this, whoever it acts for: grant the agent the permission at the server or IdP';
    case 'human':
      return 'the person the agent acts for is not allowed this: the person needs the permission, not the agent';
    case 'both':
      return 'neither the agent nor the person it acts for is allowed this: both need the permission';
    case 'credentials':
      return 'the server could not check the credentials: check its configuration';
    default:
      if (challenge?.error === 'insufficient_scope') {
        return 'the token lacks a scope the server needs: ask for it in scope (the IdP must allow it to this agent)';
      }
      return 'the server refused this request for this agent or the person it acts for: check their permissions at the server';
  }
}

/** How long the body of a refusal is read, at most: until the call's deadline. */
export interface RefusalBodyDeadline {
  /** The deadline of the whole `dualAuthFetch` call, whose signal ends the read. */
  readonly deadline: Pick<AnswerDeadline, 'signal' | 'passed'>;
  /** Its length in ms, as the message names it: `dualAuthFetch`'s `timeoutMs`. */
  readonly timeoutMs: number;
}

/** What came of a refusal's body, and whether the call's deadline cut it. */
interface RefusalBody {
  readonly bytes: Uint8Array<ArrayBuffer>;
  readonly cut: boolean;
}

/**
 * What came of `response`'s body before the call's deadline, up to `MAX_REFUSAL_BYTES`: all of
 * it, or what had come when the deadline passed or it broke (the rest is cancelled); none when it
 * is larger. Rejects with `signal`'s reason once the caller aborts.
 */
async function readRefusalBody(
  response: Response,
  signal: AbortSignal | undefined,
  { deadline }: RefusalBodyDeadline,
): Promise<RefusalBody> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  let cut = false;
  const source = response.body;
  if (source === null) return { bytes: new Uint8Array(), cut };
  const reader = source.getReader();
  try {
    for (;;) {
      const { done, value } = await raceAbort(reader.read(), deadline.signal);
      if (done) break;
      size += value.byteLength;
      if (size > MAX_REFUSAL_BYTES) {
        await reader.cancel().catch(() => undefined);
        return { bytes: new Uint8Array(), cut };
      }
      chunks.push(value);
    }
  } catch (error) {
    await reader.cancel().catch(() => undefined);
    // The caller's abort rejects with its reason; a body that stalls or breaks gives what came.
    if (signal?.aborted) throw error;
    cut = deadline.passed;
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { bytes: body, cut };
}

/**
 * The error for a 401 or 403 `response` of `method` `url` (origin and path only), its body read
 * up to 16 KiB and until the call's deadline for `failed_side`, and kept in the error's
 * `response`: a body that stalls past it gives what came by then (the refusal is thrown all the
 * same, its side read from those bytes when they hold it, and its message says the body was cut).
 *
 * @param renewal - why no (further) renewal was tried: see {@link RefusalRenewal}.
 * @param signal - the caller's: its abort stops the read, and the call rejects with its reason.
 * @param deadline - the call's deadline, which ends the read.
 */
export async function mcpCallRefusedError(
  response: Response,
  method: string,
  url: string,
  token: DualSubjectToken,
  renewal: RefusalRenewal,
  signal: AbortSignal | undefined,
  deadline: RefusalBodyDeadline,
): Promise<McpCallRefusedError> {
  const { bytes, cut } = await readRefusalBody(response, signal, deadline);
  const sent = [token.accessToken, token.actAssertion].filter(
    (value): value is string => value !== undefined && value !== '',
  );
  const challenge = challengeRefusal(response, sent, token.tokenType);
  const failedSide = response.status === 401 ? 'credentials' : failedSideOf(bytes);
  const said =
    challenge === undefined
      ? ''
      : ` (${challenge.scheme} error ${challenge.error}${challenge.description === undefined ? '' : `: ${challenge.description}`})`;
  const side = failedSide === undefined ? '' : `; failed side ${failedSide}`;
  const partial = cut
    ? `; its body did not end within ${deadline.timeoutMs} ms (timeoutMs): read as far as it came`
    : '';
  return new McpCallRefusedError({
    message: `MCP request refused: ${method} ${url} answered HTTP ${response.status}${said}${side}; ${adviceFor(response.status, failedSide, challenge, renewal)}${partial}`,
    method,
    url,
    status: response.status,
    reason: 'status',
    response: new Response(bytes, { status: response.status, headers: response.headers }),
    failedSide,
    error: challenge?.error,
    errorDescription: challenge?.description,
  });
}
