import type { Act, DualSubjectToken, SubjectToken } from '@dual-auth/core';
import { TokenRequestError } from '@dual-auth/core';
import { jwtPayloadOf } from '@dual-auth/core/adapter-kit';

// Where IdPs name the client a delegated token was issued to: RFC 9068 / RFC 8693 `client_id`,
// OIDC `azp`, Entra `appid`, Okta `cid`.
const CLIENT_CLAIMS = ['client_id', 'azp', 'appid', 'cid'] as const;

function ids(claims: Record<string, unknown> | undefined, names: readonly string[]): unknown[] {
  return claims === undefined ? [] : names.map((name) => claims[name]);
}

function strings(values: readonly unknown[]): string[] {
  return values.filter((value): value is string => typeof value === 'string' && value !== '');
}

/**
 * Checks a delegated access token before it is handed out, when it is a JWT (an opaque token
 * passes: the API verifies it): its human (`sub` or Entra `oid`) must be the one asked for
 * (`act.sub`/`act.oid`, or the subject token's `sub`/`oid`), and its actor the agent: `act.sub`
 * when the token has an `act` (RFC 8693 §4.1), else its client claim (`client_id`, `azp`, `appid`,
 * `cid`). The token is decoded, not verified: this catches an IdP configured to issue for someone
 * else, not a forgery.
 *
 * @throws TokenRequestError (status 200, `mismatch` `'human'` or `'agent'`) naming the claims
 *   compared (never their values): an IdP misconfiguration.
 */
export function checkDelegatedToken(
  token: DualSubjectToken,
  request: { act: Act; subjectToken: SubjectToken; agentId: string },
): void {
  const claims = jwtPayloadOf(token.accessToken);
  if (claims === undefined) return;
  const asked = strings([
    request.act?.sub,
    request.act?.oid,
    ...ids(jwtPayloadOf(request.subjectToken.value), ['sub', 'oid']),
  ]);
  if (!strings(ids(claims, ['sub', 'oid'])).some((id) => asked.includes(id))) {
    throw new TokenRequestError({
      vendor: 'oauth',
      status: 200,
      mismatch: 'human',
      message:
        "the IdP issued a token for another human: its sub/oid is not the act's or the subject token's; check the IdP's token-exchange configuration",
    });
  }
  const act = claims.act;
  const actors =
    typeof act === 'object' && act !== null && !Array.isArray(act)
      ? strings([(act as Record<string, unknown>).sub])
      : strings(ids(claims, CLIENT_CLAIMS));
  if (!actors.includes(request.agentId)) {
    throw new TokenRequestError({
      vendor: 'oauth',
      status: 200,
      mismatch: 'agent',
      message:
        "the IdP issued a token for another actor: its act.sub (or client_id/azp/appid/cid without an act) is not this agent; check the IdP's token-exchange configuration",
    });
  }
}
