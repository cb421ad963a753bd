import type { TokenProfile } from '@dual-auth/core/jwt';
import { loadTokenProfile } from '@dual-auth/testing';
import { agentHasRole, agentHasScope } from '../../src/subject-checks.js';
import { PROFILE } from './token-kit.js';
import { VENDORS } from './vendors.js';

/** The reference's four vendors, then the standards-based OAuth IdP. */
export const IDP_VENDORS = [...VENDORS, 'oauth'] as const;

/** One of {@link IDP_VENDORS}. */
export type IdpVendor = (typeof IDP_VENDORS)[number];

/** The token profile each vendor's adapter package exports. */
export const IDP_PROFILES: Record<IdpVendor, TokenProfile> = {
  ...PROFILE,
  oauth: await loadTokenProfile('oauth'),
};

/** What marks `finance-agent` as pre-approved at each vendor's local IdP. */
export const IDP_AGENT_CHECK = {
  keycloak: agentHasRole('FinanceAgent'),
  auth0: agentHasScope('read:finance-data'),
  okta: agentHasScope('finance.read'),
  entraid: agentHasRole('FinanceAgent'),
  oauth: agentHasScope('finance.read'),
} as const;
