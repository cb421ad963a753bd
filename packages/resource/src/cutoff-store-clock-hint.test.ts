import {
  type DelegationCutoffStore,
  type DualAuthAuditEvent,
  InMemoryDelegationCutoffStore,
  StoreUnavailableError,
} from '@dual-auth/core';
import { exportSPKI } from 'jose';
import { beforeAll, expect, it } from 'vitest';
import { idpJwksPerSuite } from '../test/support/idp-jwks-per-suite.js';
import {
  accessToken,
  createSigningKey,
  type JwksServer,
  type SigningKey,
} from '../test/support/token-kit.js';
import { recordingLogger, scenarioGuardOptions } from '../test/support/vendor-scenario.js';
import { createDualAuthGuard } from './dual-auth-guard.js';

// A cut-off store whose clock went back refuses to answer (StoreUnavailableError, session 33):
// the guard answered 503 and told the operator "the store did not answer", which sends them to
// Redis or the network, not to the host's clock. The operator's hint names the clock now, as the
// replay store's does (claim-first-use.ts); the client hears what it did before.

const DAY_MS = 86_400_000;
const T0 = Date.parse('2026-12-05T12:00:00Z');

let idpKey: SigningKey;
let jwks: JwksServer;
let appPem: string;
idpJwksPerSuite((started) => ({ idpKey, jwks } = started));
beforeAll(async () => {
  appPem = await exportSPKI((await createSigningKey('app')).publicKey);
});

async function refusedWith(cutoffStore: DelegationCutoffStore) {
  const logger = recordingLogger();
  const audits: DualAuthAuditEvent[] = [];
  const guard = createDualAuthGuard({
    ...scenarioGuardOptions('okta', { jwks, appPem, onDecision: (a) => audits.push(a) }),
    cutoffStore,
    logger,
  });
  const decision = await guard.checkRequest(
    new Request('https://api.example.com/api/balance', {
      headers: { authorization: `Bearer ${await accessToken('okta', idpKey)}` },
    }),
  );
  const hints = logger.events.filter((entry) => entry.event === 'dual_auth_refusal_hint');
  return { decision, audits, hints };
}

it('a cut-off store whose clock went back: the operator hint names the clock (NTP), the client hears the same 503', async () => {
  let nowMs = T0;
  const store = new InMemoryDelegationCutoffStore({ clock: { now: () => nowMs } });
  await store.endDelegation('someone-else', T0, DAY_MS);
  nowMs += 2 * DAY_MS; // the clock jumps ahead: the next call forgets that cut-off
  await store.endDelegation('another-one', nowMs, DAY_MS);
  nowMs = T0 + 60_000; // and is set right: a forgotten cut-off may be live again
  const { decision, audits, hints } = await refusedWith(store);
  expect(decision).toMatchObject({
    status: 503,
    body: {
      error: 'temporarily_unavailable',
      error_description: 'The credentials could not be checked right now; try again later',
    },
  });
  expect(audits[0]?.reason).toBe('access_token.cutoff_store_unavailable');
  expect(hints).toEqual([
    {
      level: 'warn',
      event: 'dual_auth_refusal_hint',
      fields: {
        reason: 'access_token.cutoff_store_unavailable',
        hint: expect.stringMatching(/cut-off store's clock went back.*NTP/),
      },
    },
  ]);
});

it('a cut-off store that did not answer: no clock hint', async () => {
  const { decision, hints } = await refusedWith({
    endDelegation: async () => undefined,
    cutoffOf: () => Promise.reject(new StoreUnavailableError('cutoff', 'Redis did not answer')),
  });
  expect(decision.status).toBe(503);
  expect(JSON.stringify(hints)).not.toMatch(/clock/);
});

it("a cut-off store whose clock is too far off this process's: the operator hint names the clocks (NTP)", async () => {
  const { decision, hints } = await refusedWith({
    endDelegation: async () => undefined,
    cutoffOf: () =>
      Promise.reject(
        new StoreUnavailableError('cutoff', "This process's clock runs 3600 s behind Redis's", {
          reason: 'clock_skew',
        }),
      ),
  });
  expect(decision.status).toBe(503);
  expect(hints).toEqual([
    {
      level: 'warn',
      event: 'dual_auth_refusal_hint',
      fields: {
        reason: 'access_token.cutoff_store_unavailable',
        hint: expect.stringMatching(/clock and the cut-off store's differ.*NTP/),
      },
    },
  ]);
});
