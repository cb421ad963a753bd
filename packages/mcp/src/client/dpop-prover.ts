import { DpopNonces, type DpopProofMaker, makeDpopProof, proofUrl } from '@dual-auth/client';
import { checkOption, type DualSubjectToken } from '@dual-auth/core';

/**
 * For a DPoP-bound token, `send` wrapped so that each request it sends gets a new proof (RFC 9449
 * §4.2) for its method and URL, with the origin's latest nonce, and each answer's `DPoP-Nonce` is
 * kept for the next proofs (§8.2); undefined for a token that needs no proof (a Bearer token).
 * The wrapped `send` takes `init.headers` in any form (`Headers`, pairs, record) and hands its
 * own `send` a record of lowercase names, the proof in `dpop` replacing any `DPoP` header.
 */
export type RequestProver = (
  token: DualSubjectToken,
  send: typeof fetch,
) => typeof fetch | undefined;

/**
 * The prover of `dualAuthFetch`'s `options.dpopProof` (one nonce memory for the fetch), or
 * undefined without it. In a module of its own: a fetch of Bearer tokens only never loads it.
 *
 * @throws TypeError when `dpopProof` is not a function.
 */
export function dpopProver(options: { dpopProof?: DpopProofMaker }): RequestProver | undefined {
  const maker = checkOption(options, 'dpopProof', 'function') as DpopProofMaker | undefined;
  if (maker === undefined) return undefined;
  const nonces = new DpopNonces();
  return (token, send) => {
    if (token.tokenType.toLowerCase() !== 'dpop') return undefined;
    return (async (input: URL | Request, init: RequestInit) => {
      const url = new URL(input instanceof Request ? input.url : input);
      const method = (
        init.method ?? (input instanceof Request ? input.method : 'GET')
      ).toUpperCase();
      const dpop = await makeDpopProof(maker, {
        method,
        url: proofUrl(url),
        accessToken: token.accessToken,
        nonce: nonces.get(url.origin),
      });
      // Through Headers: a Headers instance or pairs spread into a record lose their entries, and a
      // caller's `DPoP` in another case would go beside the proof.
      const headers = new Headers(init.headers);
      headers.set('dpop', dpop);
      const response = await send(input, { ...init, headers: Object.fromEntries(headers) });
      // The answer is from the origin called: the caller follows no cross-origin redirect.
      nonces.remember(url.origin, response);
      return response;
    }) as typeof fetch;
  };
}
