import { hasChallengeError, isInvalidTokenChallenge } from './invalid-token-challenge.js';

/** What a refusal asks of the client: a new token, or a new DPoP proof with the API's nonce. */
export type ChallengeRemedy = 'renew' | 'nonce';

// RFC 9449 §8.1: nonce = 1*NQCHAR, printable ASCII but `"` and `\`; a longer one than any server
// needs is not kept (it goes into every later proof).
const NONCE = /^[\x21\x23-\x5b\x5d-\x7e]{1,1024}$/;

/**
 * The `DPoP-Nonce` of a response (RFC 9449 §8.1, §9), when it has a well-formed one of at most
 * 1024 characters: the nonce the API wants in the next proofs.
 */
export function dpopNonceOf(response: Response): string | undefined {
  const nonce = response.headers.get('dpop-nonce');
  return nonce !== null && NONCE.test(nonce) ? nonce : undefined;
}

/**
 * What a 401 asks of the client, for the scheme its token was sent with: for a Bearer token,
 * `renew` on `Bearer error="invalid_token"` (RFC 6750 §3.1). A DPoP-bound token (RFC 9449 §7.1)
 * needs a new proof for any new request, so only when `canProve` (the client makes the proofs):
 * `renew` on `DPoP error="invalid_token"`, `nonce` on `DPoP error="use_dpop_nonce"` with a
 * `DPoP-Nonce` (§9). Undefined for anything else.
 */
export function challengeRemedy(
  response: Response,
  tokenType: string,
  canProve: boolean,
): ChallengeRemedy | undefined {
  if (tokenType.toLowerCase() !== 'dpop') {
    return isInvalidTokenChallenge(response) ? 'renew' : undefined;
  }
  if (!canProve) return undefined;
  if (isInvalidTokenChallenge(response, 'DPoP')) return 'renew';
  const asksNonce =
    hasChallengeError(response, 'DPoP', 'use_dpop_nonce') && dpopNonceOf(response) !== undefined;
  return asksNonce ? 'nonce' : undefined;
}
