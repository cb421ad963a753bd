import { describe, expect, it } from 'vitest';
import * as client from './index.js';

describe('public surface of @dual-auth/client', () => {
  it('exports the API-call classes, constants and the credential helpers other transports reuse, and no deprecated alias', () => {
    expect(Object.keys(client).sort()).toEqual([
      'ACT_ASSERTION_HEADER',
      'ApiCall',
      'HTTP_METHODS',
      'IDEMPOTENT_METHODS',
      'InSessionAPICall',
      'InSessionApiCall',
      'OriginRefusedError',
      'OutOfSessionAPICall',
      'OutOfSessionApiCall',
      'isInvalidTokenChallenge',
      'redirectStep',
      'withCredentials',
    ]);
    expect(client).not.toHaveProperty('abortableSleep');
  });
});
