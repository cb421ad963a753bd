import { notRevokedMessage, type TokenRevocationOutcome } from '../contracts/token-revocation.js';
import { errorClassOf } from '../errors/error-class-of.js';
import type { FormFields } from './encode-form.js';
import { encodeForm } from './encode-form.js';
import { readJsonBody } from './read-json-body.js';

/** The most of a refusal's body read for its `error` code, in bytes. */
const MAX_ERROR_BODY_BYTES = 4096;

/** One RFC 7009 revocation request. */
export interface RevocationPost {
  /** The vendor's revocation endpoint (HTTPS). */
  readonly endpoint: string;
  /** `token`, `token_type_hint` and the client authentication; never logged. */
  readonly form: FormFields;
  /** Default: `globalThis.fetch` at call time. */
  readonly fetch?: typeof globalThis.fetch | undefined;
  /** The bound of the one attempt, in ms. */
  readonly timeoutMs: number;
  /** The caller's signal; its abort rejects with its reason. */
  readonly signal?: AbortSignal | undefined;
  /** The vendor, and when the token expires (ms since the epoch): for a `not-supported` answer. */
  readonly vendor: string;
  readonly expiresAtMs: number;
}

/**
 * POSTs one revocation request (RFC 7009 §2.1) and says what came of it: HTTP 200 is `revoked`
 * (§2.2: also for a token the server no longer knows); a 400 `unsupported_token_type` (§2.2.1:
 * the server does not revoke tokens of this type, e.g. JWT access tokens) is `not-supported`
 * with when the token expires; anything else, a network failure or the time bound is `failed`,
 * with the status or the error's class only (the form holds the token and the client's
 * credentials; the IdP's error text is not repeated). One attempt: the caller's cut-off already stops the token, so a
 * revocation that fails is reported, not retried.
 *
 * @throws the caller's abort reason when `signal` aborts.
 */
export async function postRevocation(post: RevocationPost): Promise<TokenRevocationOutcome> {
  const { endpoint } = post;
  const timeout = AbortSignal.timeout(post.timeoutMs);
  const signal = post.signal === undefined ? timeout : AbortSignal.any([post.signal, timeout]);
  let status: number;
  try {
    const response = await (post.fetch ?? globalThis.fetch)(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: encodeForm(post.form),
      redirect: 'manual',
      signal,
    });
    status = response.status;
    // A 400's body is read for its error code (and so not cancelled: its reader still holds it).
    if (status !== 400) await response.body?.cancel();
    else if ((await errorCodeOf(response)) === 'unsupported_token_type') {
      return {
        status: 'not-supported',
        message: notRevokedMessage(
          post.vendor,
          'its revocation endpoint answered unsupported_token_type for this token',
          post.expiresAtMs,
        ),
        expiresAtMs: post.expiresAtMs,
      };
    }
  } catch (error) {
    if (post.signal?.aborted === true) throw post.signal.reason;
    const why = timeout.aborted ? `no answer within ${post.timeoutMs} ms` : errorClassOf(error);
    return { status: 'failed', endpoint, message: `the revocation endpoint failed: ${why}` };
  }
  if (status === 200) return { status: 'revoked', endpoint };
  return { status: 'failed', endpoint, message: `the revocation endpoint answered HTTP ${status}` };
}

/** The OAuth `error` code of a refusal's JSON body (RFC 6749 §5.2), read up to 4 KiB. */
async function errorCodeOf(response: Response): Promise<unknown> {
  const body = await readJsonBody(response, MAX_ERROR_BODY_BYTES);
  return body.kind === 'json' && typeof body.value === 'object' && body.value !== null
    ? (body.value as { error?: unknown }).error
    : undefined;
}
