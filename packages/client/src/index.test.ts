import { describe, expect, it } from 'vitest';
import * as client from './index.js';

describe('public surface of @dual-auth/client', () => {
  it('exports the API-call classes, constants and the credential and DPoP helpers other transports reuse, and no deprecated alias', () => {
    expect(Object.keys(client).sort()).toEqual([
      'ACT_ASSERTION_HEADER',
      'ApiCall',
      'ClockTimer',
      'DEFAULT_MAX_RESPONSE_BYTES',
      'DEFAULT_TIMEOUT_MS',
      'DpopNonces',
      'HTTP_METHODS',
      'IDEMPOTENT_METHODS',
      'INVALID_REQUEST_ADVICE',
      'InSessionAPICall',
      'InSessionApiCall',
      'OriginRefusedError',
      'OutOfSessionAPICall',
      'OutOfSessionApiCall',
      'assertDualSubjectToken',
      'assertProvable',
      'assertTokenFor',
      'challengeRefusal',
      'challengeRemedy',
      'isInvalidRequestChallenge',
      'isInvalidTokenChallenge',
      'makeDpopProof',
      'proofUrl',
      'redirectStep',
      'uncheckedIdentityNote',
      'withCredentials',
    ]);
    expect(client).not.toHaveProperty('abortableSleep');
    // No longer exported: challengeRefusal gives the refusal's text.
    expect(client).not.toHaveProperty('challengeErrorText');
  });
});
