import { type LocalIdp, type StartLocalIdpOptions, startLocalIdp } from '@dual-auth/testing';
import { afterAll, beforeAll } from 'vitest';

/**
 * Starts a local IdP of `options` before the tests of the enclosing `describe` (60 s allowed: it
 * makes RSA keys) and hands it to `set`; closes it after them.
 */
export function startedLocalIdp(options: StartLocalIdpOptions, set: (idp: LocalIdp) => void): void {
  let started: LocalIdp | undefined;
  beforeAll(async () => {
    started = await startLocalIdp(options);
    set(started);
  }, 60_000);
  afterAll(() => started?.close());
}
