import { describe, expect, it } from 'vitest';
import * as context from './context/index.js';
import * as session from './index.js';

describe('public names', () => {
  it("export session's own names only: core's stores come from @dual-auth/core", () => {
    expect(Object.keys(session)).not.toContain('InMemoryReplayStore');
    expect(Object.keys(session).sort()).toEqual([
      'ActJwtVerifier',
      'HybridSender',
      'InMemoryTokenCache',
      'InSessionTokenRequest',
      'OutOfSessionTokenRequest',
      'SingleFlightTokenCache',
      'UserSession',
      'endDelegation',
    ]);
  });

  it("name the context's token getter apart from the resource's verifier (withDualAuth)", () => {
    expect(Object.keys(context).sort()).toEqual([
      'createActContext',
      'currentAct',
      'currentSignedInAtMs',
      'currentSubjectToken',
      'runWithAct',
      'withDualSubjectToken',
    ]);
  });
});
