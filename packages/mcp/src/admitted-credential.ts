/** The token a guard admitted, and the `Authorization` scheme that carried it. */
export interface AdmittedCredential {
  scheme: 'Bearer' | 'DPoP';
  token: string;
}

// The guard admits one `Bearer <token>` (RFC 6750 §2.1) or, with `dpop`, one `DPoP <token>`
// (RFC 9449 §7.1), as `readBearerCredentials` of @dual-auth/resource reads them: the scheme in
// any case, one or more spaces, the token, trailing spaces.
const ADMITTED = /^(Bearer|DPoP) +([A-Za-z0-9\-._~+/]+=*) *$/i;

/**
 * The credential of an `Authorization` header the guard admitted, for the MCP SDK's `AuthInfo`
 * (which carries the token without its scheme); `undefined` for a header the guard would not
 * have admitted.
 */
export function admittedCredential(
  authorization: string | null | undefined,
): AdmittedCredential | undefined {
  const match = ADMITTED.exec(authorization ?? '');
  if (match === null) return undefined;
  const scheme = (match[1] as string).toLowerCase() === 'dpop' ? 'DPoP' : 'Bearer';
  return { scheme, token: match[2] as string };
}
