import type { LocalIdp } from '@dual-auth/testing';

/** A JWT's claims, as a patch sees them. */
export type Claims = Record<string, unknown>;

/**
 * The JWT with its payload rewritten by `patch`, header and signature kept: what a misconfigured
 * IdP would have signed, for checks that decode a token without verifying it.
 */
export function patchedJwt(token: string, patch: (claims: Claims) => Claims): string {
  const [header, payload, signature] = token.split('.');
  const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as Claims;
  const changed = Buffer.from(JSON.stringify(patch(claims))).toString('base64url');
  return `${header}.${changed}.${signature}`;
}

/**
 * The local IdP's fetch, with the `access_token` of each successful answer of its token endpoint
 * patched: the real exchange runs, and its answer becomes what a misconfigured IdP would issue.
 */
export function patchedAnswers(
  idp: LocalIdp,
  patch: (claims: Claims) => Claims,
): typeof globalThis.fetch {
  return async (input, init) => {
    const response = await idp.fetch(input, init);
    if (String(input) !== idp.tokenUrl || !response.ok) return response;
    const answer = (await response.json()) as { access_token: string };
    return Response.json({ ...answer, access_token: patchedJwt(answer.access_token, patch) });
  };
}
