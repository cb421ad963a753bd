import { beforeAll } from 'vitest';
import type { DualSubject } from '../../src/dual-subject.js';
import { verifyDualSubjectToken } from '../../src/verify-dual-subject-token.js';
import type { DualSubjectVerifyOptions } from '../../src/verify-options.js';
import { createSigningKey, fixedClock, NOW_S, type SigningKey, signJwt } from './token-kit.js';

/** An IdP of a test file's own: its issuer, audience, signing key id and token profile. */
export interface OwnIssuerSetup {
  readonly kid: string;
  readonly issuer: string;
  readonly audience: string;
  /** Claims every token of the file carries, before the test's own. */
  readonly claims?: Record<string, unknown>;
  /** The verification options besides issuer, audience, keys and clock. */
  readonly options: Partial<DualSubjectVerifyOptions> & Pick<DualSubjectVerifyOptions, 'profile'>;
}

export interface OwnIssuer {
  /** A token of `claims` (on top of `iss`, `aud`, `iat`, a 300 s `exp` and the setup's). */
  sign(claims: Record<string, unknown>): Promise<string>;
  /** `token` verified as the API would, with the setup's options and `options` on top. */
  verifyToken(token: string, options?: Partial<DualSubjectVerifyOptions>): Promise<DualSubject>;
  /** A token of `claims`, verified. */
  verify(
    claims: Record<string, unknown>,
    options?: Partial<DualSubjectVerifyOptions>,
  ): Promise<DualSubject>;
}

/**
 * The IdP of `setup` for this test file: its key made once before the tests (so read it inside
 * a test), every token at {@link NOW_S} and verified at {@link fixedClock}.
 */
export function ownIssuerPerFile(setup: OwnIssuerSetup): OwnIssuer {
  let key: SigningKey | undefined;
  beforeAll(async () => {
    key = await createSigningKey(setup.kid);
  });
  const current = (): SigningKey => {
    if (key === undefined) throw new Error('ownIssuerPerFile: use it inside a test');
    return key;
  };
  const { issuer, audience } = setup;
  const sign = (claims: Record<string, unknown>): Promise<string> =>
    signJwt(
      { iss: issuer, aud: audience, iat: NOW_S, exp: NOW_S + 300, ...setup.claims, ...claims },
      current(),
    );
  const verifyToken = (token: string, options: Partial<DualSubjectVerifyOptions> = {}) =>
    verifyDualSubjectToken(token, {
      ...setup.options,
      issuer,
      audience,
      keys: current().publicKey,
      clock: fixedClock,
      ...options,
    });
  return {
    sign,
    verifyToken,
    verify: async (claims, options) => verifyToken(await sign(claims), options),
  };
}
