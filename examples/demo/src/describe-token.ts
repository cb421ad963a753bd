import { decodeJwt, decodeProtectedHeader } from 'jose';

/** Claims worth showing, in this order; the rest are summarised by name. */
const SHOWN = [
  'iss',
  'sub',
  'aud',
  'azp',
  'cid',
  'appid',
  'realm_access',
  'permissions',
  'scp',
  'scope',
  'roles',
  'gty',
  'act',
];

/** A compact JWT as its header and chosen claims, the signature elided. */
export function describeJwt(jwt: string): string {
  const header = decodeProtectedHeader(jwt);
  const claims = decodeJwt(jwt);
  const shown = SHOWN.filter((name) => name in claims).map(
    (name) => `${name}=${JSON.stringify(claims[name])}`,
  );
  const lifetime =
    typeof claims.exp === 'number' && typeof claims.iat === 'number'
      ? ` lifetime=${claims.exp - claims.iat}s`
      : '';
  return `{alg=${header.alg} kid=${header.kid ?? '-'}} ${shown.join(' ')}${lifetime} (signature elided)`;
}

/** A dual-subject token: the access token and, for Entra ID, the act assertion. */
export function describeToken(token: { accessToken: string; actAssertion?: string | undefined }) {
  const access = `access token ${describeJwt(token.accessToken)}`;
  return token.actAssertion === undefined
    ? access
    : `${access}\n      + X-Act-Assertion ${describeJwt(token.actAssertion)}`;
}
