import { jwtPayloadOf } from './check-issued-token.js';
import { isBearerTokenType, isDpopTokenType } from './parse-token-response.js';

/** What a token answer to a DPoP request (RFC 9449 §5) is checked against. */
export interface DpopAnswerRules {
  /** The RFC 7638 thumbprint of the proof key: a JWT access token's `cnf.jkt` must be it (§6.1). */
  readonly jkt: string;
  /** Use a `Bearer` answer (a token the IdP did not bind). Default false: refused. */
  readonly acceptUnboundTokens?: boolean | undefined;
}

const UNBOUND = 'the IdP did not bind the token to the dpop key';
const UNBOUND_REMEDY =
  '; enable DPoP-bound tokens for this client at the IdP, or set dpop.acceptUnboundTokens: true to use unbound tokens';

/**
 * Why the binding of a token answer to a DPoP request cannot be used, or undefined: a `Bearer`
 * answer is a downgrade (the IdP did not bind the token; RFC 9449 §5) and refused unless
 * `acceptUnboundTokens`, as is a JWT `DPoP` token without `cnf.jkt` (§6.1: not bound to any
 * key, it works for whoever copies it); one whose `cnf.jkt` is another key's thumbprint is
 * refused (§6.1: no proof of ours would ever be accepted with it). Other token types are left to
 * `tokenAnswerProblem`. Reached only through a prover, so an adapter without DPoP ships none of it.
 */
export function dpopAnswerProblem(
  json: Readonly<Record<string, unknown>>,
  dpop: DpopAnswerRules,
): string | undefined {
  const type = json.token_type;
  if (isBearerTokenType(type)) {
    return dpop.acceptUnboundTokens === true
      ? undefined
      : `token_type Bearer to a DPoP request: ${UNBOUND} (RFC 9449 §5)${UNBOUND_REMEDY}`;
  }
  if (!isDpopTokenType(type)) return undefined;
  const token = json.access_token;
  const claims = typeof token === 'string' ? jwtPayloadOf(token) : undefined;
  // An opaque token's binding is the API's to check; a JWT's is in its claims (§6.1).
  if (claims === undefined) return undefined;
  const { cnf } = claims;
  const jkt = typeof cnf === 'object' && cnf !== null ? (cnf as { jkt?: unknown }).jkt : undefined;
  if (jkt === undefined) {
    return dpop.acceptUnboundTokens === true
      ? undefined
      : `token_type DPoP with a JWT access token that has no cnf.jkt: ${UNBOUND} (RFC 9449 §6.1)${UNBOUND_REMEDY}`;
  }
  if (jkt !== dpop.jkt) {
    return "the access token is bound to another key: its cnf.jkt is not the dpop key's thumbprint (RFC 9449 §6.1); check that the IdP saw this adapter's proof";
  }
  return undefined;
}
