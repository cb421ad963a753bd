import type { Vendor } from '@dual-auth/core';

/** What the local IdP of a vendor shows of a correct adapter. @internal */
export interface VendorExpectations {
  /** Claims of the access token issued to `clientId` for scope `finance.read`. */
  tokenClaims(clientId: string): Record<string, unknown>;
  /** Whether the client authenticates with a signed client assertion (one `jti` per attempt). */
  readonly clientAssertion: boolean;
}

/** The agent's identity as each vendor writes it into the access token. @internal */
export const vendorExpectations: Readonly<Record<Vendor, VendorExpectations>> = {
  keycloak: { tokenClaims: (clientId) => ({ azp: clientId }), clientAssertion: true },
  auth0: {
    tokenClaims: (clientId) => ({
      sub: `${clientId}@clients`,
      azp: clientId,
      gty: 'client-credentials',
    }),
    clientAssertion: true,
  },
  okta: {
    tokenClaims: (clientId) => ({ cid: clientId, sub: clientId, scp: ['finance.read'] }),
    clientAssertion: true,
  },
  entraid: {
    tokenClaims: (clientId) => ({ appid: clientId, roles: ['FinanceAgent'] }),
    clientAssertion: false,
  },
};
