import { dpopAnswerProblem } from './dpop-answer-problem.js';
import { DpopNonceMemory } from './dpop-nonce-memory.js';

/**
 * What a token request asked with DPoP (RFC 9449 §5) calls, one per adapter (its nonce memory):
 * made by `DpopProver.tokenRequests`, so that the code behind it ships only with a prover.
 */
export interface TokenRequestDpop {
  /** A fresh proof for one POST to `url`, with the nonce the IdP there sent last (§8). */
  proof(url: URL): Promise<string>;
  /**
   * Keeps the answer's `DPoP-Nonce` for the next proof to `url` (§8.2: any answer may carry
   * one), and says whether the answer asks for a new proof with it: `400` `use_dpop_nonce` with
   * a well-formed nonce (§8).
   */
  asksNonce(url: URL, answer: TokenAnswerHead, errorType: string | undefined): boolean;
  /**
   * Why a 200 answer cannot be used as a bound token: a `Bearer` downgrade (unless unbound tokens
   * are accepted) or a JWT whose `cnf.jkt` is another key's (`dpopAnswerProblem`); else undefined.
   */
  answerProblem(json: Readonly<Record<string, unknown>>): Promise<string | undefined>;
}

/** The status and headers of a token endpoint's answer. */
export interface TokenAnswerHead {
  readonly status: number;
  readonly headers: Headers;
}

/** `htu` of a token URL (RFC 9449 §4.2): no query, no fragment. */
function htuOf(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

/**
 * The {@link TokenRequestDpop} of a prover's `proof` and `thumbprint`, with a nonce memory of
 * its own.
 */
export function createTokenRequestDpop(
  prover: {
    proof(request: { method: string; url: string; nonce?: string | undefined }): Promise<string>;
    thumbprint(): Promise<string>;
  },
  acceptUnboundTokens: boolean,
): TokenRequestDpop {
  const nonces = new DpopNonceMemory();
  return {
    proof: (url) => {
      const htu = htuOf(url);
      return prover.proof({ method: 'POST', url: htu, nonce: nonces.get(htu) });
    },
    asksNonce: (url, answer, errorType) => {
      const nonce = nonces.remember(htuOf(url), answer.headers);
      return answer.status === 400 && errorType === 'use_dpop_nonce' && nonce !== undefined;
    },
    answerProblem: async (json) =>
      dpopAnswerProblem(json, { jkt: await prover.thumbprint(), acceptUnboundTokens }),
  };
}
