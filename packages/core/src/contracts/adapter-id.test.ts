import { describe, expect, it } from 'vitest';
import { adapterIdWithoutKey, dpopKeyPart } from './adapter-id.js';

const S = '\u001F';
const CLIENT = [
  'keycloak',
  'https://idp.example/realms/r/protocol/openid-connect/token',
  'finance-agent',
].join(S);

describe('adapterIdWithoutKey', () => {
  it('takes off the DPoP key part, so every instance of one client has the same id', () => {
    expect(adapterIdWithoutKey(`${CLIENT}${S}${dpopKeyPart('Zk3-a_1')}`)).toBe(CLIENT);
    expect(adapterIdWithoutKey(`${CLIENT}${S}${dpopKeyPart('hsm-key-2026-12')}`)).toBe(CLIENT);
    expect(adapterIdWithoutKey(CLIENT)).toBe(CLIENT);
  });

  // Attack: a looser match would list (and revoke with this client's credentials) the tokens of
  // another client or configuration whose id only looks like this one's.
  it('keeps every other part: another client, realm or detail stays another id', () => {
    expect(adapterIdWithoutKey(`${CLIENT}-2${S}dpop:k1`)).not.toBe(CLIENT);
    expect(adapterIdWithoutKey(`${CLIENT}${S}dpop:k1${S}realm-b`)).toBe(
      `${CLIENT}${S}dpop:k1${S}realm-b`,
    );
    expect(adapterIdWithoutKey(`${CLIENT}${S}dpop:`)).toBe(`${CLIENT}${S}dpop:`);
    expect(adapterIdWithoutKey(`${CLIENT}dpop:k1`)).toBe(`${CLIENT}dpop:k1`);
    // A space is part of a value, never a separator: ` dpop:k1` is no key part.
    expect(adapterIdWithoutKey(`${CLIENT} dpop:k1`)).toBe(`${CLIENT} dpop:k1`);
    expect(adapterIdWithoutKey(`${CLIENT}${S}dpop:${'k'.repeat(257)}`)).not.toBe(CLIENT);
  });
});
