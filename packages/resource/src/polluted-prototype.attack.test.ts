import { describe, expect, it } from 'vitest';
import { polluted } from '../../core/test/polluted-prototype.js';
import {
  accessToken,
  createSigningKey,
  NOW_S,
  VENDOR_SETUP,
  vendorVerifyOptions,
} from '../test/support/token-kit.js';
import { AGENT_RULE, humanRule } from '../test/support/vendor-scenario.js';
import { createDualAuthGuard } from './dual-auth-guard.js';
import { verifyDualSubjectToken } from './verify-dual-subject-token.js';

// Attack (session 12): a prototype-pollution bug elsewhere in the process sets names on
// Object.prototype. The guard and verifyDualSubjectToken read them as options: an inherited
// clockToleranceSeconds admitted expired tokens, an inherited jwksUri broke a guard given keys.

const idpKey = await createSigningKey('idp');
const { audience } = VENDOR_SETUP.okta;
const verifyOptions = () => vendorVerifyOptions('okta', idpKey.publicJwk);
const expired = () => accessToken('okta', idpKey, { iat: NOW_S - 7200, exp: NOW_S - 3600 });
const request = (token: string) =>
  new Request('https://api.example.test/accounts', {
    headers: { authorization: `Bearer ${token}` },
  });

describe('a polluted Object.prototype sets no option of the guard or the verifier', () => {
  it('createDualAuthGuard: an inherited clockToleranceSeconds admits no expired token', async () => {
    const token = await expired();
    const decision = await polluted({ clockToleranceSeconds: 10 ** 9 }, async () => {
      const guard = createDualAuthGuard({
        ...verifyOptions(),
        agentAllowed: AGENT_RULE.okta.check,
        humanAllowed: humanRule('okta'),
        onDecision: () => {},
      });
      return guard.checkRequest(request(token));
    });
    expect(decision).toMatchObject({ decision: 'DENY', status: 401 });
  });

  it('createDualAuthGuard: an inherited jwksUri does not turn a guard given keys into a refusal', async () => {
    const guard = await polluted({ jwksUri: 'https://evil.example/keys' }, () =>
      createDualAuthGuard({
        ...verifyOptions(),
        agentAllowed: AGENT_RULE.okta.check,
        humanAllowed: humanRule('okta'),
      }),
    );
    expect(guard.audience).toEqual([audience]);
  });

  it('verifyDualSubjectToken: an inherited clockToleranceSeconds admits no expired token', async () => {
    const token = await expired();
    const verified = polluted({ clockToleranceSeconds: 10 ** 9 }, () =>
      verifyDualSubjectToken(token, verifyOptions()),
    );
    await expect(verified).rejects.toMatchObject({ auditReason: 'access_token.expired' });
  });
});
