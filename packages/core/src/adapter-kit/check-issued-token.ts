import type { Vendor } from '../contracts/vendor.js';
import { TokenRequestError } from '../errors/token-request-error.js';
import { clientIdOf } from '../jwt/client-id-of.js';
import { decodeJsonSegment } from '../jwt/json-segment.js';
import type { TokenProfile } from '../jwt/token-profile.js';

/**
 * The claims of a JWT, decoded only, never verified; `undefined` for an opaque token (not three
 * segments) or a payload that is not a JSON object.
 *
 * @example
 * const claims = jwtPayloadOf(token.accessToken); // { sub, act, … } or undefined
 */
export function jwtPayloadOf(token: string): Record<string, unknown> | undefined {
  const parts = token.split('.');
  return parts.length === 3 ? decodeJsonSegment(parts[1] ?? '') : undefined;
}

/** What {@link checkIssuedToken} compares a legacy-layout token with. */
export interface IssuedTokenExpectation {
  /** Where the vendor's tokens name the client and the human. */
  readonly profile: TokenProfile;
  /** The agent's client id: the token's client claim, when it has one, must be it. */
  readonly agentId: string;
  /** The requested human (`act.sub`): the token's `act.sub` must be it. */
  readonly human: string;
  /**
   * The IdP setting that puts `act` in the token, for the message (`the "act" protocol mapper`).
   * Default: `the setting that copies the client assertion's "act" into the token`.
   */
  readonly actSetting?: string | undefined;
  readonly vendor: Vendor;
}

function refusal(expected: IssuedTokenExpectation, mismatch: 'human' | 'agent', why: string) {
  return new TokenRequestError({
    vendor: expected.vendor,
    status: 200,
    mismatch,
    message: `the IdP issued a token ${why}`,
  });
}

/**
 * Checks that an access token of the legacy layout is the one asked for, before it is cached or
 * returned: its `act.sub` is the requested human, and each of its client claims (the profile's
 * `clientIdClaims`: `azp`, `cid`, `client_id`…) present is the agent. The token came from
 * the IdP over TLS and is only decoded, never verified: this catches an IdP configured to issue
 * for someone else, not a forgery (the API verifies the signature).
 *
 * Not checked: an opaque token (not a JWT: nothing to read), and the human of a profile whose
 * tokens cannot carry one (`legacyHuman: 'bound-act-assertion'`, Entra ID: the agent's own act
 * assertion names the human), whose client claim is still checked.
 *
 * @throws TokenRequestError (status 200, `mismatch` `'human'` or `'agent'`) whose message names
 *   the claim at fault and the IdP setting to check, never a claim's value.
 * @example
 * checkIssuedToken(token.accessToken, { profile: keycloakTokenProfile, agentId, human: act.sub, actSetting, vendor: 'keycloak' });
 */
export function checkIssuedToken(accessToken: string, expected: IssuedTokenExpectation): void {
  const claims = jwtPayloadOf(accessToken);
  if (claims === undefined) return;
  const { profile } = expected;
  const clientId = clientIdOf(profile, claims);
  // Every client claim present, not the first alone: @dual-auth/resource refuses a token whose
  // client claims disagree (RFC 9068 §2.2: one token, one client).
  const other = profile.clientIdClaims.some(
    (name) =>
      typeof claims[name] === 'string' && claims[name] !== '' && claims[name] !== expected.agentId,
  );
  if (other || (clientId !== undefined && clientId !== expected.agentId)) {
    const claim = profile.clientIdClaims.join('/');
    throw refusal(
      expected,
      'agent',
      `to another client: its ${claim} is not AGENT_CLIENT_ID; check on the IdP which client it issues this token to`,
    );
  }
  if (profile.legacyHuman !== 'act-claim') return;
  const setting =
    expected.actSetting ?? `the setting that copies the client assertion's "act" into the token`;
  const act = claims.act;
  const sub =
    typeof act === 'object' && act !== null && !Array.isArray(act)
      ? (act as Record<string, unknown>).sub
      : undefined;
  if (sub === undefined) {
    throw refusal(
      expected,
      'human',
      `without an "act" naming the human; check ${setting} on the IdP`,
    );
  }
  if (sub !== expected.human) {
    throw refusal(
      expected,
      'human',
      `for another human: its act.sub is not the requested one; check ${setting} on the IdP`,
    );
  }
}
