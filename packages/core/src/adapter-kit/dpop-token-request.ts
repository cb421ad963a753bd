import type { DpopAnswerRules } from './dpop-answer-problem.js';
import type { DpopNonceMemory } from './dpop-nonce-memory.js';
import type { DpopProver } from './dpop-prover.js';
import type { TokenAnswer } from './post-token-form.js';
import type { OAuthErrorBody } from './token-endpoint-error.js';

/** What a token request asked with DPoP (RFC 9449 §5) needs: the prover and the adapter's nonces. */
export interface TokenRequestDpop {
  readonly prover: DpopProver;
  /** The adapter's memory of each token URL's latest `DPoP-Nonce` (§8). */
  readonly nonces: DpopNonceMemory;
  /** Use a `Bearer` answer (see `DpopOptions.acceptUnboundTokens`). */
  readonly acceptUnboundTokens: boolean;
}

/** `htu` of a token URL (RFC 9449 §4.2): no query, no fragment. */
function htuOf(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

/** A fresh proof for one POST to `url`, with the nonce the IdP there sent last (§8). */
export function tokenRequestProof(dpop: TokenRequestDpop, url: URL): Promise<string> {
  const htu = htuOf(url);
  return dpop.prover.proof({ method: 'POST', url: htu, nonce: dpop.nonces.get(htu) });
}

/**
 * Keeps the answer's `DPoP-Nonce` for the next proof to `url`, and says whether the answer asks
 * for a new proof with it: `400` `use_dpop_nonce` with a well-formed `DPoP-Nonce` (§8).
 */
export function rememberNonce(
  dpop: TokenRequestDpop,
  url: URL,
  answer: TokenAnswer,
  error: OAuthErrorBody | undefined,
): boolean {
  const nonce = dpop.nonces.remember(htuOf(url), answer.headers);
  return answer.status === 400 && error?.errorType === 'use_dpop_nonce' && nonce !== undefined;
}

/** The rules a DPoP answer is checked by: the key's thumbprint and the downgrade choice. */
export async function dpopAnswerRules(dpop: TokenRequestDpop): Promise<DpopAnswerRules> {
  return { jkt: await dpop.prover.thumbprint(), acceptUnboundTokens: dpop.acceptUnboundTokens };
}
