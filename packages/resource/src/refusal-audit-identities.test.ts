import {
  type DelegationCutoffStore,
  type DualAuthAuditEvent,
  InMemoryReplayStore,
  StoreUnavailableError,
} from '@dual-auth/core';
import { exportSPKI } from 'jose';
import { beforeAll, expect, it } from 'vitest';
import {
  dpopGuardInput,
  type ProofKey,
  proofFor,
  proofKey,
} from '../test/support/dpop-proof-kit.js';
import { idpJwksPerSuite } from '../test/support/idp-jwks-per-suite.js';
import { keycloakGuardOptions } from '../test/support/keycloak-guard-options.js';
import {
  ACT_AUDIENCE,
  accessToken,
  actAssertion,
  createSigningKey,
  ENTRA_HUMAN,
  type JwksServer,
  NOW,
  type SigningKey,
  VENDOR_SETUP,
} from '../test/support/token-kit.js';
import { HUMAN_ID, scenarioGuardOptions } from '../test/support/vendor-scenario.js';
import { createDualAuthGuard, type DualAuthGuardOptions } from './dual-auth-guard.js';

// A refusal's audit record names whom the credentials proved before the failing step (IAM ids, as
// any record), and says in `identities` whether it names anyone proven: a step after the token
// (and its act assertion) verified names both; a refusal before any signature verified names
// nobody and says `unverified`, never an id read from the unverified token.

let idpKey: SigningKey;
let appKey: SigningKey;
let appPem: string;
let jwks: JwksServer;
let key: ProofKey;

idpJwksPerSuite((started) => ({ idpKey, jwks } = started));
beforeAll(async () => {
  appKey = await createSigningKey('app');
  appPem = await exportSPKI(appKey.publicKey);
  key = await proofKey();
});

const down = (): Promise<never> =>
  Promise.reject(new StoreUnavailableError('claim', 'Redis did not answer'));

function entraGuard(extra: Partial<DualAuthGuardOptions>) {
  const audits: DualAuthAuditEvent[] = [];
  const guard = createDualAuthGuard({
    ...scenarioGuardOptions('entraid', { jwks, appPem, onDecision: (a) => audits.push(a) }),
    ...extra,
  });
  return { guard, audits };
}

async function entraRequest(assertionClaims: Record<string, unknown> = {}): Promise<Request> {
  return new Request('https://api.example.com/api/balance', {
    headers: {
      authorization: `Bearer ${await accessToken('entraid', idpKey)}`,
      'x-act-assertion': await actAssertion(appKey, assertionClaims),
    },
  });
}

const ENTRA_NAMED = {
  agent_id: VENDOR_SETUP.entraid.agentId,
  human_id: ENTRA_HUMAN.oid,
  human_oid: ENTRA_HUMAN.oid,
  identities: 'verified',
};

it("act assertion's replay store down: 503 naming the verified agent and human", async () => {
  const { guard, audits } = entraGuard({
    boundActAssertion: { actAudience: ACT_AUDIENCE, appKeys: appPem, replayStore: { claim: down } },
  });
  const decision = await guard.checkRequest(await entraRequest());
  expect(decision.status).toBe(503);
  expect(audits[0]).toMatchObject({
    reason: 'act_assertion.replay_store_unavailable',
    ...ENTRA_NAMED,
  });
  expect(JSON.stringify(audits[0])).not.toContain('@');
});

it('a replayed act assertion (verified, then sent with another token): names who it verified', async () => {
  const { guard, audits } = entraGuard({});
  const assertion = await actAssertion(appKey);
  for (const jti of ['AT.one', 'AT.two']) {
    await guard.checkRequest(
      new Request('https://api.example.com/api/balance', {
        headers: {
          authorization: `Bearer ${await accessToken('entraid', idpKey, { uti: jti })}`,
          'x-act-assertion': assertion,
        },
      }),
    );
  }
  expect(audits.map((a) => a.reason)).toEqual(['authorized', 'act_assertion.replayed']);
  expect(audits[1]).toMatchObject(ENTRA_NAMED);
});

it('an act assertion refused by its signature: the agent of the verified token only', async () => {
  const other = await createSigningKey('other-app');
  const { guard, audits } = entraGuard({});
  await guard.checkRequest(
    new Request('https://api.example.com/api/balance', {
      headers: {
        authorization: `Bearer ${await accessToken('entraid', idpKey)}`,
        'x-act-assertion': await actAssertion(other),
      },
    }),
  );
  expect(audits[0]).toMatchObject({
    reason: expect.stringMatching(/^act_assertion\./),
    agent_id: VENDOR_SETUP.entraid.agentId,
    human_id: null,
    human_oid: null,
    identities: 'agent_verified',
  });
});

it('cut-off store down: 503 naming the verified agent and human', async () => {
  const cutoffStore: DelegationCutoffStore = {
    endDelegation: async () => undefined,
    cutoffOf: () => Promise.reject(new StoreUnavailableError('cutoff', 'Redis did not answer')),
  };
  const audits: DualAuthAuditEvent[] = [];
  const guard = createDualAuthGuard({
    ...scenarioGuardOptions('okta', { jwks, appPem, onDecision: (a) => audits.push(a) }),
    cutoffStore,
  });
  const decision = await guard.checkRequest(
    new Request('https://api.example.com/api/balance', {
      headers: { authorization: `Bearer ${await accessToken('okta', idpKey)}` },
    }),
  );
  expect(decision.status).toBe(503);
  expect(audits[0]).toMatchObject({
    reason: 'access_token.cutoff_store_unavailable',
    agent_id: VENDOR_SETUP.okta.agentId,
    human_id: HUMAN_ID.okta,
    identities: 'verified',
  });
});

it('a replayed DPoP proof: 401 naming the verified agent and human', async () => {
  const guard = createDualAuthGuard({
    ...keycloakGuardOptions(idpKey.publicJwk),
    dpop: { replayStore: new InMemoryReplayStore({ clock: { now: () => NOW } }) },
  });
  const token = await accessToken('keycloak', idpKey, { cnf: { jkt: key.jkt } });
  const input = dpopGuardInput(
    'https://api.example.com/api/balance',
    token,
    await proofFor(key, token),
  );
  expect((await guard.check(input)).decision).toBe('ALLOW');
  const replayed = await guard.check(input);
  expect(replayed).toMatchObject({ decision: 'DENY', status: 401 });
  expect(replayed.audit).toMatchObject({
    reason: 'dpop_proof.replayed',
    agent_id: VENDOR_SETUP.keycloak.agentId,
    human_id: HUMAN_ID.keycloak,
    identities: 'verified',
  });
});

it('a token whose signature did not verify names nobody and says so', async () => {
  const stranger = await createSigningKey('idp');
  const audits: DualAuthAuditEvent[] = [];
  const guard = createDualAuthGuard({
    ...scenarioGuardOptions('okta', { jwks, appPem, onDecision: (a) => audits.push(a) }),
  });
  await guard.checkRequest(
    new Request('https://api.example.com/api/balance', {
      headers: { authorization: `Bearer ${await accessToken('okta', stranger)}` },
    }),
  );
  expect(audits[0]).toMatchObject({
    decision: 'DENY',
    reason: expect.stringMatching(/^access_token\./),
    agent_id: null,
    human_id: null,
    identities: 'unverified',
  });
});

it('an admission names both, verified', async () => {
  const { guard, audits } = entraGuard({});
  await guard.checkRequest(await entraRequest());
  expect(audits[0]).toMatchObject({ reason: 'authorized', ...ENTRA_NAMED });
});
