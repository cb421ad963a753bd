import { describe, expect, it } from 'vitest';
import { createSigningKey, PROFILE } from '../test/support/token-kit.js';
import { createDualAuthGuard } from './dual-auth-guard.js';
import { verifyDualSubjectToken } from './verify-dual-subject-token.js';

describe("a token profile's issuerRefusal", () => {
  const options = async (issuerRefusal: unknown, issuer: string | string[]) => ({
    profile: { ...PROFILE.okta, issuerRefusal } as never,
    issuer,
    audience: 'api://finance',
    keys: (await createSigningKey('idp')).publicKey,
    agentAllowed: () => true,
    humanAllowed: () => true,
  });
  const refuseOther = (issuer: string) =>
    issuer.startsWith('https://other.example/') ? 'use the other profile' : undefined;

  it('refuses each issuer it refuses when the guard is made, with its message', async () => {
    const message =
      'options.issuer "https://other.example/t" is not one the okta token profile reads: use the other profile';
    for (const issuer of [
      'https://other.example/t',
      ['https://idp.example', 'https://other.example/t'],
    ]) {
      const built = await options(refuseOther, issuer);
      expect(() => createDualAuthGuard(built)).toThrow(new TypeError(message));
      const { agentAllowed: _agent, humanAllowed: _human, ...verifyOptions } = built;
      await expect(verifyDualSubjectToken('a.b.c', verifyOptions)).rejects.toThrow(
        new TypeError(message),
      );
    }
    expect(createDualAuthGuard(await options(refuseOther, 'https://idp.example'))).toBeDefined();
  });

  it('refuses one that is not a function', async () => {
    await expect(
      (async () => createDualAuthGuard(await options('no', 'https://idp.example')))(),
    ).rejects.toThrow(/^options\.profile\.issuerRefusal must be a function/);
  });
});
