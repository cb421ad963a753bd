import { expect, it } from 'vitest';
import { dpopFixture } from '../test/support/dpop-fixture.js';
import { keycloakGuardOptions } from '../test/support/keycloak-guard-options.js';
import { recordingLogger } from '../test/support/vendor-scenario.js';
import { createDualAuthGuard } from './dual-auth-guard.js';

// An agent whose adapter binds its tokens to a key (`dpop`) sends `Authorization: DPoP …`; a guard
// given no `dpop` option takes Bearer tokens only. The answer stays the bare challenge of a request
// without credentials it takes (RFC 6750 §3.1), but the operator's log says why and what to change,
// else an API that forgot `dpop` refuses every such agent with `access_token.missing_claim` alone.

const fixture = await dpopFixture();

function bearerOnlyGuard() {
  const logger = recordingLogger();
  return {
    logger,
    guard: createDualAuthGuard({ ...keycloakGuardOptions(fixture.idpKey.publicJwk), logger }),
  };
}

it('refuses a DPoP request with the bare Bearer challenge and logs how to take DPoP-bound tokens', async () => {
  const { guard, logger } = bearerOnlyGuard();
  const decision = await guard.check(fixture.input(await fixture.proof()));
  expect(decision).toMatchObject({
    decision: 'DENY',
    status: 401,
    headers: { 'www-authenticate': 'Bearer' },
  });
  const hints = logger.events.filter((e) => e.event === 'dual_auth_refusal_hint');
  expect(hints).toEqual([
    {
      level: 'warn',
      event: 'dual_auth_refusal_hint',
      fields: {
        reason: 'access_token.missing_claim',
        hint: expect.stringMatching(/Authorization: DPoP.*give the guard its dpop option/),
      },
    },
  ]);
  expect(JSON.stringify(logger.events)).not.toContain(fixture.token.split('.')[1]);
});

it('logs no such hint for a request with no credentials or another scheme', async () => {
  const { guard, logger } = bearerOnlyGuard();
  for (const authorization of [undefined, 'Basic YWxpY2U6c2VjcmV0']) {
    const decision = await guard.check({ ...fixture.input(undefined), authorization });
    expect(decision).toMatchObject({ decision: 'DENY', status: 401 });
  }
  expect(logger.events.filter((e) => e.event === 'dual_auth_refusal_hint')).toEqual([]);
});
