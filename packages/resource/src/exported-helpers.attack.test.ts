// The helpers @dual-auth/resource exports for other packages and apps (mcp builds on them): a
// missing or wrongly typed argument is a TypeError naming it and what to pass, never "Cannot read
// properties of undefined" from inside.
import { describe, expect, it } from 'vitest';
import { expressGuardInput } from './express/index.js';
import {
  answerAdmitted,
  denialResponse,
  refuseSocketCertificateSource,
  requestGuardInput,
} from './fetch/index.js';
import { bearerChallenge, logThrownChecks, policyBasisOf } from './index.js';

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
    [
      'requestGuardInput()',
      () => requestGuardInput(undefined as never),
      /^request must be the fetch Request/,
    ],
    [
      'refuseSocketCertificateSource()',
      () => refuseSocketCertificateSource(undefined as never, 'withDualAuth'),
      /^guard must be an object/,
    ],
    [
      'logThrownChecks()',
      () => logThrownChecks(undefined as never, undefined as never, undefined as never),
      /^logger must be a Logger/,
    ],
  ])('%s', (_, call, message) => {
    expect(call).toThrow(TypeError);
    expect(call).toThrow(message);
  });

  it('answerAdmitted without an admission', async () => {
    await expect(answerAdmitted(undefined as never, () => new Response('ok'))).rejects.toThrow(
      /^answerAdmitted\(admission, respond\) takes a guard's ALLOW decision/,
    );
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
