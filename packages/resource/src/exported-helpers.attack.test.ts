// The helpers @dual-auth/resource exports for other packages and apps (mcp builds on them): a
// missing or wrongly typed argument is a TypeError naming it and what to pass, never "Cannot read
// properties of undefined" from inside.
import { describe, expect, it } from 'vitest';
import { expressGuardInput } from './express/index.js';
import { denialResponse } from './fetch/index.js';
import { bearerChallenge, policyBasisOf } from './index.js';

describe('the exported helpers refuse bad arguments by name', () => {
  it.each([
    [
      'denialResponse()',
      () => denialResponse(undefined as never),
      /^denial must be a guard's DENY decision/,
    ],
    [
      'denialResponse(42)',
      () => denialResponse(42 as never),
      /^denial must be a guard's DENY decision/,
    ],
    [
      'denialResponse(ALLOW)',
      () => denialResponse({ decision: 'ALLOW' } as never),
      /^denial must be a guard's DENY decision/,
    ],
    [
      'expressGuardInput()',
      () => expressGuardInput(undefined as never),
      /^req must be the Express request/,
    ],
    [
      'expressGuardInput({})',
      () => expressGuardInput({} as never),
      /^req must be the Express request/,
    ],
    [
      'bearerChallenge()',
      () => bearerChallenge(undefined as never),
      /^challenge must be an object/,
    ],
    [
      'policyBasisOf()',
      () => policyBasisOf(undefined as never),
      /^result must be what authorize\(\) resolves to/,
    ],
    [
      'policyBasisOf({})',
      () => policyBasisOf({} as never),
      /^result must be what authorize\(\) resolves to/,
    ],
  ])('%s', (_, call, message) => {
    expect(call).toThrow(TypeError);
    expect(call).toThrow(message);
  });

  it('still answers good arguments', async () => {
    const denied = denialResponse({
      decision: 'DENY',
      status: 401,
      headers: { 'www-authenticate': 'Bearer' },
      body: { error: 'invalid_token' },
    } as never);
    expect(denied.status).toBe(401);
    expect(await denied.json()).toEqual({ error: 'invalid_token' });
    expect(bearerChallenge({ realm: 'api' })).toBe('Bearer realm="api"');
    expect(
      policyBasisOf({ agent: { reason: 'allowed' }, human: { reason: 'allowed' } } as never),
    ).toEqual(['agent:allowed', 'human:allowed']);
  });
});
