import { describe, expect, it } from 'vitest';
import { adapterIdWithoutKey, dpopKeyPart } from './adapter-id.js';

const CLIENT = 'keycloak https://idp.example/realms/r/protocol/openid-connect/token finance-agent';

describe('adapterIdWithoutKey', () => {
  it('takes off the DPoP key part, so every instance of one client has the same id', () => {
    expect(adapterIdWithoutKey(`${CLIENT} ${dpopKeyPart('Zk3-a_1')}`)).toBe(CLIENT);
    expect(adapterIdWithoutKey(`${CLIENT} ${dpopKeyPart('hsm-key-2026-12')}`)).toBe(CLIENT);
    expect(adapterIdWithoutKey(CLIENT)).toBe(CLIENT);
  });

  // Attack: a looser match would list (and revoke with this client's credentials) the tokens of
  // another client or configuration whose id only looks like this one's.
  it('keeps every other part: another client, realm or detail stays another id', () => {
    expect(adapterIdWithoutKey(`${CLIENT}-2 dpop:k1`)).not.toBe(CLIENT);
    expect(adapterIdWithoutKey(`${CLIENT} dpop:k1 realm-b`)).toBe(`${CLIENT} dpop:k1 realm-b`);
    expect(adapterIdWithoutKey(`${CLIENT} dpop:`)).toBe(`${CLIENT} dpop:`);
    expect(adapterIdWithoutKey(`${CLIENT}dpop:k1`)).toBe(`${CLIENT}dpop:k1`);
    expect(adapterIdWithoutKey(`${CLIENT} dpop:${'k'.repeat(257)}`)).not.toBe(CLIENT);
  });
});
