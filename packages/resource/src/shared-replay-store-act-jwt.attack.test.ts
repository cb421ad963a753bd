import { InMemoryReplayStore } from '@dual-auth/core';
import { ActJwtVerifier } from '@dual-auth/session';
import { exportSPKI } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { entraBoundOptions } from '../test/support/entra-bound-options.js';
import {
  accessToken,
  actAssertion,
  createSigningKeys,
  fixedClock,
  NOW_S,
  type SigningKey,
  signJwt,
  VENDOR_SETUP,
} from '../test/support/token-kit.js';
import { verifyDualSubjectToken } from './verify-dual-subject-token.js';

// Attack (wave 25): the READMEs recommend one replay store for the agent's ActJwtVerifier and the
// API's guard. The verifier claimed the act JWT's bare `jti`, the guard `act-assertion:<app>:<jti>`,
// so an act JWT whose `jti` is `act-assertion:<app id>:<j>` burnt assertion `j` of that app
// (refused as replayed) before the app sent it, and the other way round.
const APP_ID = VENDOR_SETUP.entraid.agentId;
const AGENT_ENDPOINT = 'https://agent.example.com/invoke';

let idpKey: SigningKey;
let entraAppKey: SigningKey;
let senderKey: SigningKey;
let entraAppPem: string;
let senderPem: string;

beforeAll(async () => {
  [idpKey, entraAppKey, senderKey] = await createSigningKeys(
    'entra-idp',
    'finance-agent-app',
    'sending-app',
  );
  [entraAppPem, senderPem] = await Promise.all([
    exportSPKI(entraAppKey.publicKey),
    exportSPKI(senderKey.publicKey),
  ]);
});

function actJwt(jti: string, iss = 'application'): Promise<string> {
  return signJwt(
    {
      iss,
      sub: iss,
      aud: AGENT_ENDPOINT,
      iat: NOW_S,
      exp: NOW_S + 60,
      jti,
      act: { sub: 'u-1' },
    },
    senderKey,
  );
}

function setup(expectedIssuer = 'application') {
  const shared = new InMemoryReplayStore({ clock: fixedClock });
  const agent = new ActJwtVerifier({
    publicKey: senderPem,
    expectedAudience: AGENT_ENDPOINT,
    expectedIssuer,
    replayStore: shared,
    clock: fixedClock,
  });
  const guard = entraBoundOptions(idpKey, entraAppPem, shared);
  return { agent, guard };
}

// An in-memory store that notes each key it is asked to claim.
function recordingStore() {
  const keys: string[] = [];
  const store = new InMemoryReplayStore({ clock: fixedClock });
  const recording = {
    claim: (
      key: string,
      ...rest: Parameters<InMemoryReplayStore['claim']> extends [unknown, ...infer R] ? R : never
    ) => {
      keys.push(key);
      return store.claim(key, ...rest);
    },
  };
  return { keys, recording };
}

describe('one replay store shared by ActJwtVerifier and the guard', () => {
  it('an act JWT with jti "act-assertion:<app>:<j>" leaves assertion j of that app unspent', async () => {
    const { agent, guard } = setup();
    await expect(agent.verify(await actJwt(`act-assertion:${APP_ID}:j-1`))).resolves.toBeDefined();
    const subject = await verifyDualSubjectToken(await accessToken('entraid', idpKey), {
      ...guard,
      actAssertion: await actAssertion(entraAppKey, { jti: 'j-1' }),
    });
    expect(subject.agent.id).toBe(APP_ID);
  });

  it('an act assertion claimed first leaves the act JWT of the same key unspent', async () => {
    const { agent, guard } = setup();
    await verifyDualSubjectToken(await accessToken('entraid', idpKey), {
      ...guard,
      actAssertion: await actAssertion(entraAppKey, { jti: 'j-2' }),
    });
    await expect(agent.verify(await actJwt(`act-assertion:${APP_ID}:j-2`))).resolves.toBeDefined();
  });

  it('still refuses the second use of an act JWT, also of an issuer holding ":"', async () => {
    for (const iss of ['application', 'https://app.example.com']) {
      const { agent } = setup(iss);
      const token = await actJwt('same-jti', iss);
      await expect(agent.verify(token)).resolves.toBeDefined();
      await expect(agent.verify(token)).rejects.toMatchObject({ reason: 'replayed' });
    }
  });

  it('claims only keys of its own namespace', async () => {
    const { keys, recording } = recordingStore();
    for (const iss of ['application', 'https://app.example.com']) {
      const agent = new ActJwtVerifier({
        publicKey: senderPem,
        expectedAudience: AGENT_ENDPOINT,
        expectedIssuer: iss,
        replayStore: recording,
        clock: fixedClock,
      });
      await agent.verify(await actJwt(`act-assertion:${APP_ID}:j-3`, iss));
      await agent.verify(await actJwt('x'.repeat(256), iss));
    }
    expect(keys).toHaveLength(4);
    for (const key of keys) expect(key).toMatch(/^act-jwt(-sha256)?:/);
    expect(keys[0]).toBe(`act-jwt:application:act-assertion:${APP_ID}:j-3`);
    expect(keys[1]).toMatch(/^act-jwt-sha256:[A-Za-z0-9_-]{43}$/);
    expect(keys[2]).toMatch(/^act-jwt-sha256:[A-Za-z0-9_-]{43}$/);
    // Byte for byte what a shared store already holds (the digests as wave 25 wrote them): a key
    // that changed would let each act JWT claimed before an upgrade be used once more after it.
    expect(keys.slice(1)).toEqual([
      'act-jwt-sha256:yTdRtZZDwU-TXT0W1VpBJOiIV69fo7wDr-rmudUv-zw',
      'act-jwt-sha256:EdwIHRq-f0B2YjA-xHaBp_7U81kkSI5RFdM3IVIt8lU',
      'act-jwt-sha256:zh9sQF5jPmbtgtn9-XAquzK3cWvVdeU9HlHGzJ79QsI',
    ]);
  });

  it('claims act assertions under the keys it always did, plain and digested', async () => {
    const { keys, recording } = recordingStore();
    const guard = entraBoundOptions(idpKey, entraAppPem, recording);
    for (const jti of ['j-4', 'x'.repeat(256)]) {
      await verifyDualSubjectToken(await accessToken('entraid', idpKey), {
        ...guard,
        actAssertion: await actAssertion(entraAppKey, { jti }),
      });
    }
    expect(keys).toEqual([
      `act-assertion:${APP_ID}:j-4`,
      'act-assertion-sha256:muZzRzd6CW5a2K5bnyXl8G3uNoW0L_zU0TMUv9Of7Dk',
    ]);
  });
});
