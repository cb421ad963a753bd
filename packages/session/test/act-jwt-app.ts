import type { ReplayStore } from '@dual-auth/core';
import { beforeAll } from 'vitest';
import { ActJwtVerifier } from '../src/act-jwt/act-jwt-verifier.js';
import { ACT_AUDIENCE, ACT_NOW_S } from './act-jwt-claims.js';
import { ManualClock } from './counting-adapter.js';
import { type TestKeyPair, testKeyPair } from './keys.js';

/** The application of a verifier test file: its key, and verifiers of that key. */
export interface ActJwtApp {
  /** The key the application signs its act JWTs with (RS256); read it within a test. */
  readonly privateKey: CryptoKey;
  /**
   * A fresh {@link ActJwtVerifier} of the application's public key, for {@link ACT_AUDIENCE}, on
   * a clock stopped at {@link ACT_NOW_S}; with `replayStore` when given, else its own default.
   */
  verifier(replayStore?: ReplayStore): ActJwtVerifier;
}

/**
 * The application of a test file: an RS256 key pair made before its tests (`beforeAll`), which
 * {@link ActJwtApp.privateKey} and {@link ActJwtApp.verifier} read once it is made.
 */
export function actJwtAppPerFile(): ActJwtApp {
  let keys: TestKeyPair | undefined;
  beforeAll(async () => {
    keys = await testKeyPair('RS256');
  });
  const made = (): TestKeyPair => {
    if (keys === undefined) throw new Error('actJwtAppPerFile: read its key within a test');
    return keys;
  };
  return {
    get privateKey() {
      return made().privateKey;
    },
    verifier: (replayStore) =>
      new ActJwtVerifier({
        publicKey: made().publicPem,
        expectedAudience: ACT_AUDIENCE,
        ...(replayStore === undefined ? {} : { replayStore }),
        clock: new ManualClock(ACT_NOW_S * 1000),
      }),
  };
}
