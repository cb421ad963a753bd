import type { DualAuthAuditEvent } from '@dual-auth/core';
import type { DualAuthGuardOptions } from '../../src/dual-auth-guard.js';
import { createDualAuthGuard } from '../../src/dual-auth-guard.js';
import { accessToken, type JwksServer, type SigningKey } from './token-kit.js';
import { recordingLogger, scenarioGuardOptions } from './vendor-scenario.js';

/**
 * One request to an Okta-profile guard with an access token granting `scp`: the guard's decision,
 * the audit records it handed `onDecision` and the lines it logged; `more` options for the guard
 * (`maxTokenLength` for a token of thousands of scopes).
 */
export async function auditedScopeCheck(
  idpKey: SigningKey,
  jwks: JwksServer,
  scp: string[],
  more: Partial<DualAuthGuardOptions> = {},
) {
  const logger = recordingLogger();
  const audits: DualAuthAuditEvent[] = [];
  const options = scenarioGuardOptions('okta', {
    jwks,
    appPem: '',
    onDecision: (event) => {
      audits.push(event);
    },
  });
  const token = await accessToken('okta', idpKey, { scp });
  const decision = await createDualAuthGuard({ ...options, ...more, logger }).checkRequest(
    new Request('https://api.example.test/accounts/42', {
      headers: { authorization: `Bearer ${token}` },
    }),
  );
  return { decision, audits, logger };
}
