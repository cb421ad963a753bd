import type { TokenRevocationOutcome } from '../contracts/token-revocation.js';
import type { FormFields } from './encode-form.js';
import { encodeForm } from './encode-form.js';

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
}

/**
 * POSTs one revocation request (RFC 7009 §2.1) and says what came of it: HTTP 200 is `revoked`
 * (§2.2: also for a token the server no longer knows), anything else, a network failure or the
 * time bound is `failed`, with the status or the error's class only (the form holds the token and
 * the client's credentials). One attempt: the caller's cut-off already stops the token, so a
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
    await response.body?.cancel();
  } catch (error) {
    if (post.signal?.aborted === true) throw post.signal.reason;
    const why = timeout.aborted
      ? `no answer within ${post.timeoutMs} ms`
      : `${error instanceof Error ? error.name : typeof error}`;
    return { status: 'failed', endpoint, message: `the revocation endpoint failed: ${why}` };
  }
  if (status === 200) return { status: 'revoked', endpoint };
  return { status: 'failed', endpoint, message: `the revocation endpoint answered HTTP ${status}` };
}
