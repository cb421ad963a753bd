import type { DualSubject } from '@dual-auth/resource';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import { describe, expect, it } from 'vitest';
import { dualSubjectAuthInfo, getDualSubject } from './dual-subject-auth-info.js';

const subject = {
  vendor: 'okta',
  layout: 'legacy',
  agent: { id: 'finance-agent', roles: [], scopes: ['finance.read'], raw: { exp: 2_000_000_000 } },
  human: { sub: '00u-alice', raw: { sub: '00u-alice' } },
  chain: [{ id: 'finance-agent', raw: { sub: 'finance-agent' } }],
} as unknown as DualSubject;

describe('getDualSubject', () => {
  it('gives the subject of an AuthInfo this package built', () => {
    const authInfo = dualSubjectAuthInfo('eyJh.eyJi.c2ln', subject, undefined);
    expect(getDualSubject(authInfo)).toBe(subject);
  });

  it('gives nothing for an AuthInfo that other code filled with a subject-shaped object', () => {
    // What a custom verifyAccessToken or another middleware copying request data could build.
    const forged: AuthInfo = {
      token: 'opaque',
      clientId: 'finance-agent',
      scopes: ['finance.read'],
      extra: { dualSubject: subject },
    };
    expect(getDualSubject(forged)).toBeUndefined();
  });

  it('gives nothing for a copy of a genuine AuthInfo (spread, structured clone, JSON round trip)', () => {
    const authInfo = dualSubjectAuthInfo('eyJh.eyJi.c2ln', subject, undefined);
    expect(getDualSubject({ ...authInfo })).toBeUndefined();
    expect(getDualSubject(structuredClone(authInfo))).toBeUndefined();
    expect(getDualSubject(JSON.parse(JSON.stringify(authInfo)) as AuthInfo)).toBeUndefined();
  });

  it('keeps the verified subject when other code later overwrites extra.dualSubject', () => {
    const authInfo = dualSubjectAuthInfo('eyJh.eyJi.c2ln', subject, undefined);
    const other = { ...subject, human: { sub: '00u-mallory', raw: {} } } as unknown as DualSubject;
    (authInfo.extra as Record<string, unknown>).dualSubject = other;
    expect(getDualSubject(authInfo)).toBe(subject);
  });

  it('gives nothing without an AuthInfo', () => {
    expect(getDualSubject(undefined)).toBeUndefined();
  });
});
