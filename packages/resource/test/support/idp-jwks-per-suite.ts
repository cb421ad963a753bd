import { afterAll, beforeAll } from 'vitest';
import {
  createSigningKey,
  type JwksServer,
  type SigningKey,
  startJwksServer,
} from './token-kit.js';

/** A test IdP's signing key and the JWKS server that serves its public key. */
export interface IdpJwks {
  idpKey: SigningKey;
  jwks: JwksServer;
}

/**
 * Before the tests of the enclosing suite (a file, or a `describe`), makes a signing key with
 * key id `kid`, serves its public JWK over loopback HTTPS and hands both to `set`; closes the
 * server after them. Register it before any `beforeAll` that reads what it sets: `beforeAll`
 * hooks run in the order they are written.
 *
 * @example
 * let idpKey: SigningKey;
 * let jwks: JwksServer;
 * idpJwksPerSuite((started) => ({ idpKey, jwks } = started));
 */
export function idpJwksPerSuite(set: (started: IdpJwks) => void, kid = 'idp'): void {
  let jwks: JwksServer | undefined;
  beforeAll(async () => {
    const idpKey = await createSigningKey(kid);
    jwks = await startJwksServer([idpKey.publicJwk]);
    set({ idpKey, jwks });
  });
  afterAll(() => jwks?.close());
}
