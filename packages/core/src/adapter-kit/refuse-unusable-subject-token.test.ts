import { describe, expect, it } from 'vitest';
import { recordingLogger } from '../../test/token-server.js';
import { createSubjectToken, TOKEN_TYPE } from '../contracts/subject-token.js';
import { SubjectTokenRequiredError } from '../errors/subject-token-required-error.js';
import { refuseUnusableSubjectToken } from './checked-exports.js';

const NOW_MS = 1_800_000_000_000;
const NOW = NOW_MS / 1000;
const part = (value: object) => btoa(JSON.stringify(value)).replace(/=+$/, '');
const jwt = (header: object, claims: object) => `${part(header)}.${part(claims)}.c2ln`;

function outcome(value: string, type?: string) {
  const { logger, events } = recordingLogger();
  try {
    refuseUnusableSubjectToken(createSubjectToken(value, type), {
      nowMs: NOW_MS,
      logger,
      vendor: 'oauth',
      agentId: 'agent-1',
    });
    return { refused: undefined, events };
  } catch (error) {
    return { refused: error, events };
  }
}

describe('refuseUnusableSubjectToken', () => {
  it.each([
    ['alg none', jwt({ alg: 'none' }, { sub: 'u-1', exp: NOW + 600 }), 'unsigned'],
    ['alg NONE', jwt({ alg: 'NONE' }, { sub: 'u-1' }), 'unsigned'],
    ['exp 301 s past', jwt({ alg: 'RS256' }, { sub: 'u-1', exp: NOW - 301 }), 'expired'],
  ])('%s: refused, logged with its reason and no claim', (_, token, reason) => {
    const { refused, events } = outcome(token);
    expect(SubjectTokenRequiredError.isInstance(refused)).toBe(true);
    expect((refused as Error).message).toContain("get a fresh token of the human's sign-in");
    expect(events).toEqual([
      {
        level: 'warn',
        event: 'subject_token_refused',
        fields: { vendor: 'oauth', agent_id: 'agent-1', reason },
      },
    ]);
    expect(`${String(refused)} ${JSON.stringify(events)}`).not.toContain('u-1');
  });

  it.each([
    ['exp 299 s past (the IdP decides)', jwt({ alg: 'RS256' }, { exp: NOW - 299 })],
    ['iat far ahead (not this check)', jwt({ alg: 'RS256' }, { iat: NOW + 3600 })],
    ['no exp', jwt({ alg: 'ES256' }, { sub: 'u-1' })],
    ['opaque', 'opaque-token-0123456789'],
    ['SAML', 'PHNhbWw6QXNzZXJ0aW9uLz4', TOKEN_TYPE.saml2],
  ])('%s: passes, unlogged', (_, token, type?: string) => {
    expect(outcome(token, type)).toEqual({ refused: undefined, events: [] });
  });

  it('a wrong argument is a TypeError naming it', () => {
    const { logger } = recordingLogger();
    const context = { nowMs: NOW_MS, logger, vendor: 'oauth', agentId: 'agent-1' };
    expect(() => refuseUnusableSubjectToken('token' as never, context)).toThrow(
      /token must be a SubjectToken/,
    );
    expect(() =>
      refuseUnusableSubjectToken(createSubjectToken('x'), { ...context, nowMs: '1' as never }),
    ).toThrow(/context\.nowMs/);
  });
});
