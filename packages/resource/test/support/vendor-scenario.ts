import type { DualAuthAuditEvent, LogFields, Logger } from '@dual-auth/core';
import type { SubjectCheck } from '../../src/authorize.js';
import type { DualAuthGuardOptions } from '../../src/dual-auth-guard.js';
import { agentHasRole, agentHasScope, humanIn } from '../../src/subject-checks.js';
import {
  ACT_AUDIENCE,
  ENTRA_HUMAN,
  fixedClock,
  type JwksServer,
  PROFILE,
  VENDOR_SETUP,
} from './token-kit.js';
import type { Vendor } from './vendors.js';

/** The guide's agent rule per vendor, and the claims that take it away. */
export const AGENT_RULE: Record<Vendor, { check: SubjectCheck; revoke: Record<string, unknown> }> =
  {
    keycloak: {
      check: agentHasRole('FinanceAgent'),
      revoke: { realm_access: { roles: ['default-roles-agbac'] } },
    },
    auth0: {
      check: agentHasScope('read:finance-data'),
      revoke: { permissions: [], scope: 'other' },
    },
    okta: { check: agentHasScope('finance.read'), revoke: { scp: ['other'] } },
    entraid: { check: agentHasRole('FinanceAgent'), revoke: { roles: ['Reader'] } },
  };

/** The human each vendor's test token acts for, and the check that allows exactly that human. */
export const HUMAN_ID: Record<Vendor, string> = {
  keycloak: 'user-123',
  auth0: 'auth0|user-123',
  okta: '00uUser123',
  entraid: ENTRA_HUMAN.sub,
};
// humanIn matches an Entra ID human by object id, the id the audit names (never the UPN).
export const humanRule = (vendor: Vendor): SubjectCheck =>
  humanIn([vendor === 'entraid' ? ENTRA_HUMAN.oid : HUMAN_ID[vendor]]);

/**
 * The guard of the scenario for one vendor: its issuer and audience, keys from the JWKS server,
 * the guide's agent and human rules, realm `finance`, and for Entra ID the act-assertion key.
 */
export function scenarioGuardOptions(
  vendor: Vendor,
  setup: {
    jwks: JwksServer;
    appPem: string;
    onDecision: (event: DualAuthAuditEvent) => void;
  },
): DualAuthGuardOptions {
  const { issuer, audience } = VENDOR_SETUP[vendor];
  return {
    profile: PROFILE[vendor],
    issuer,
    audience,
    jwksUri: setup.jwks.url,
    fetch: setup.jwks.server.fetch,
    clock: fixedClock,
    realm: 'finance',
    agentAllowed: AGENT_RULE[vendor].check,
    humanAllowed: humanRule(vendor),
    onDecision: setup.onDecision,
    ...(vendor === 'entraid'
      ? { boundActAssertion: { actAudience: ACT_AUDIENCE, appKeys: setup.appPem } }
      : {}),
  };
}

/** A logger that keeps every event, to assert on audits. */
export function recordingLogger(): Logger & {
  events: { level: string; event: string; fields?: LogFields }[];
} {
  const events: { level: string; event: string; fields?: LogFields }[] = [];
  const at =
    (level: string) =>
    (event: string, fields?: LogFields): void => {
      events.push({ level, event, ...(fields === undefined ? {} : { fields }) });
    };
  return { events, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
