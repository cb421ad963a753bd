import { describe, expect, it } from 'vitest';
import * as resource from './index.js';

describe('@dual-auth/resource public surface', () => {
  it('no longer re-exports core for old imports, and names no vendor', () => {
    const names = Object.keys(resource);
    for (const gone of ['createMemoryReplayStore', 'ReplayStoreFullError', 'createRemoteJwks']) {
      expect(names).not.toContain(gone);
    }
    expect(names.filter((name) => /keycloak|auth0|okta|entra/i.test(name))).toEqual([]);
    expect(names).toEqual(
      expect.arrayContaining(['ACT_ASSERTION_HEADER', 'createDualAuthGuard', 'actorIn']),
    );
  });
});
