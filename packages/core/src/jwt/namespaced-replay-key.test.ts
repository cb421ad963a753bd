import { describe, expect, it } from 'vitest';
import { MAX_JTI_LENGTH } from './jwt-claims.js';
import { namespacedReplayKey } from './namespaced-replay-key.js';

const APP = '11111111-2222-3333-4444-555555555555';

// The keys session's actJwtReplayKey and resource's actAssertionReplayKey wrote before they became
// this one function (wave 26): a shared store holds them, so they must not change by one byte, on
// Node (Buffer's UTF-8) and on the edge project (TextEncoder's) alike.
const WRITTEN: readonly (readonly [issuer: string, jti: string, digest: string])[] = [
  ['a:b', 'ünï\ud800cödé', 'dNLdwVLrnMi8uFtuC-hRD3EUjrmQ8N66MbdH4Z8HLmM'],
  ['agent:b', 'c', '7UxI0fhydegZI96m6-IZnCYUSap_D-wuE8rIuls7jbk'],
  ['api://agent', 'jti-1', 'BQhwoDaIFWLC7RQ4q883nQK6X-VgvyyJhf1CKfqxJ64'],
  ['https://idp.example/realms/agents', 'jti-1', '-RUpc-29K5t4yuooPI49K1wKo8r-9XZP14atj2s-uRE'],
  [APP, 'j'.repeat(256), 'nf1HS6EFxuePOcTmAdf_znReCAzwc6ldgkN-SCt2ocI'],
  ['agent', 'x'.repeat(243), 'mXJZPkKHnAHu9RDbyUVXHN86bqj8HMf62tL6i7txM1Y'],
];

describe('namespacedReplayKey', () => {
  it.each(['act-jwt', 'act-assertion'])('writes the %s keys a store already holds', async (ns) => {
    for (const [issuer, jti, digest] of WRITTEN) {
      expect(await namespacedReplayKey(ns, issuer, jti)).toBe(`${ns}-sha256:${digest}`);
    }
    expect(namespacedReplayKey(ns, 'agent', 'b:c')).toBe(`${ns}:agent:b:c`);
    expect(namespacedReplayKey(ns, 'issuer', 'ünï\ud800cödé')).toBe(`${ns}:issuer:ünï\ud800cödé`);
  });

  it('keeps a key that fits as <namespace>:<issuer>:<jti>, a string at once', () => {
    expect(namespacedReplayKey('act-assertion', APP, 'jti-1')).toBe(`act-assertion:${APP}:jti-1`);
    const longest = 'x'.repeat(MAX_JTI_LENGTH - `act-assertion:${APP}:`.length);
    expect(namespacedReplayKey('act-assertion', APP, longest)).toBe(
      `act-assertion:${APP}:${longest}`,
    );
    expect(namespacedReplayKey('act-jwt', 'agent', 'x'.repeat(242))).toBe(
      `act-jwt:agent:${'x'.repeat(242)}`,
    );
  });

  it('digests a key that would exceed what a store accepts, in its own namespace', async () => {
    const jti = 'j'.repeat(MAX_JTI_LENGTH);
    const key = namespacedReplayKey('act-assertion', APP, jti);
    expect(key).toBeInstanceOf(Promise);
    expect(await key).toMatch(/^act-assertion-sha256:[A-Za-z0-9_-]{43}$/);
    expect((await key).length).toBeLessThanOrEqual(MAX_JTI_LENGTH);
    expect(await namespacedReplayKey('act-assertion', APP, jti)).toBe(await key);
  });

  it('never gives two (issuer, jti) pairs, nor two namespaces, one key', async () => {
    const jti = 'j'.repeat(MAX_JTI_LENGTH);
    const keys = await Promise.all([
      namespacedReplayKey('act-assertion', APP, jti),
      namespacedReplayKey('act-assertion', `${APP}:j`, jti.slice(1)),
      namespacedReplayKey('act-assertion', 'other-app', jti),
      namespacedReplayKey('act-assertion', APP, `${jti.slice(1)}k`),
      namespacedReplayKey('act-jwt', APP, jti),
      namespacedReplayKey('act-jwt', APP, 'jti-1'),
      namespacedReplayKey('act-assertion', APP, 'jti-1'),
    ]);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('refuses a namespace that is empty or holds ":"', () => {
    for (const namespace of ['', 'act:jwt']) {
      expect(() => namespacedReplayKey(namespace, 'agent', 'jti-1')).toThrow(
        new TypeError(
          `namespacedReplayKey: namespace must be a non-empty name without ":", got ${JSON.stringify(namespace)}`,
        ),
      );
    }
  });
});

// Attack (wave 24): `act-assertion:<app id>:<jti>` is ambiguous once an app id holds the
// separator. App `agent` sending jti `b:c` took the key of app `agent:b`'s jti `c`, so one agent
// application could burn another's assertion ids (refused as replayed) before it sent them.
describe('namespacedReplayKey, issuers holding the separator', () => {
  it('gives (agent:b, c) and (agent, b:c) different keys', async () => {
    const [colon, plain] = await Promise.all([
      namespacedReplayKey('act-assertion', 'agent:b', 'c'),
      namespacedReplayKey('act-assertion', 'agent', 'b:c'),
    ]);
    expect(colon).not.toBe(plain);
    expect(plain).toBe('act-assertion:agent:b:c');
  });

  it('keys an issuer holding ":" by its digest, in its own namespace, the same each time', async () => {
    const key = await namespacedReplayKey('act-assertion', 'api://agent', 'jti-1');
    expect(key).toMatch(/^act-assertion-sha256:[A-Za-z0-9_-]{43}$/);
    expect(await namespacedReplayKey('act-assertion', 'api://agent', 'jti-1')).toBe(key);
    expect(await namespacedReplayKey('act-assertion', 'api://agent', 'jti-2')).not.toBe(key);
  });
});
