import { type DoctorAdvice, type DoctorCheckId, SPECIFICATION_VERSION } from '@dual-auth/core';

const FIXES: Readonly<Record<DoctorCheckId, string>> = {
  'token-endpoint': 'Check the token URL of the configuration and that the IdP is reachable.',
  'client-authentication':
    'Check the agent’s client id and secret or key, and the client-assertion audience the IdP expects (RFC 7523 §3).',
  human:
    'Configure the IdP to copy the client assertion’s "act" claim into the access token (legacy), or to issue RFC 8693 "act" in delegated tokens.',
  audience: 'Issue the token for the API’s identifier (the "aud" the API checks).',
  scopes: 'Grant the agent’s client the scopes the API requires.',
  'agent-role': 'Assign the role the API requires to the agent’s client.',
  lifetime: 'Set the access-token lifetime of the IdP within what the API accepts.',
};

/**
 * The advice for a vendor whose plugin offers none: RFC-level fixes, no console path, and a token
 * profile that reads `client_id`/`azp`, `roles`, `scope`/`scp` and `act`.
 */
export const genericDoctorAdvice: DoctorAdvice = {
  tokenProfile: {
    specificationVersion: SPECIFICATION_VERSION,
    vendor: 'unknown',
    layouts: ['legacy', 'rfc8693'],
    clientIdClaims: ['client_id', 'azp'],
    roleClaims: ['roles'],
    scopeClaims: ['scope', 'scp'],
    legacyHuman: 'act-claim',
  },
  fixFor: (check) => ({
    fix: FIXES[check],
    consolePath: '(the IdP plugin gives no console path)',
    docs: 'https://www.rfc-editor.org/rfc/rfc8693#section-4.1',
  }),
};
