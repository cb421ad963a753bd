import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createDualSubjectToken } from './dual-subject-token.js';

const ACCESS = 'eyJhbGciOiJSUzI1NiJ9.access-token-secret.sig';
const ASSERTION = 'eyJhbGciOiJSUzI1NiJ9.act-assertion-secret.sig';

describe('createDualSubjectToken', () => {
  const token = createDualSubjectToken({
    accessToken: ACCESS,
    tokenType: 'Bearer',
    expiresIn: 3599,
    scope: 'https://api/.default',
    actAssertion: ASSERTION,
    issuedAt: 1_000_000,
  });

  it('exposes the secrets as properties and computes expiresAt', () => {
    expect(token.accessToken).toBe(ACCESS);
    expect(token.actAssertion).toBe(ASSERTION);
    expect(token.expiresAt).toBe(1_000_000 + 3_599_000);
  });

  it('keeps issuedAt, where a cap by notAfter (an act assertion) does not move it', () => {
    expect(token.issuedAt).toBe(1_000_000);
    const capped = createDualSubjectToken({
      accessToken: ACCESS,
      tokenType: 'Bearer',
      expiresIn: 3599,
      scope: 'https://api/.default',
      issuedAt: 1_000_000,
      notAfter: 1_300_000,
    });
    expect(capped).toMatchObject({ issuedAt: 1_000_000, expiresAt: 1_300_000 });
  });

  it('prints like the reference repr', () => {
    expect(String(token)).toBe(
      'TokenResponse(token_type=Bearer, expires_in=3599, scope=https://api/.default, access_token=***REDACTED***, act_assertion=***REDACTED***)',
    );
    const plain = createDualSubjectToken({
      accessToken: ACCESS,
      tokenType: 'Bearer',
      expiresIn: 3600,
      scope: 'finance.read x',
      issuedAt: 0,
    });
    expect(`${plain}`).toBe(
      'TokenResponse(token_type=Bearer, expires_in=3600, scope=finance.read x, access_token=***REDACTED***, act_assertion=None)',
    );
  });

  it('redacts under JSON.stringify, util.inspect, template strings, Object.keys and spread', () => {
    const forms = [
      JSON.stringify(token),
      JSON.stringify({ nested: [token] }),
      inspect(token, { depth: 5, showHidden: true }),
      inspect({ deep: { token } }, { depth: 5 }),
      `${token}`,
      JSON.stringify(Object.keys(token)),
      JSON.stringify({ ...token }),
    ];
    for (const text of forms) {
      expect(text).not.toContain('access-token-secret');
      expect(text).not.toContain('act-assertion-secret');
    }
  });

  it('shows its scope with emails and the people it was asked for blanked, keeping the scope itself', () => {
    const scope = 'finance.read mail:alice@corp.example u-1 files:u-1';
    const granted = createDualSubjectToken({
      accessToken: ACCESS,
      tokenType: 'Bearer',
      expiresIn: 300,
      scope,
      issuedAt: 0,
      people: ['u-1'],
    });
    expect(granted.scope).toBe(scope);
    const shown = 'finance.read mail:***REDACTED*** ***REDACTED*** files:***REDACTED***';
    expect(String(granted)).toContain(`scope=${shown},`);
    expect(JSON.parse(JSON.stringify(granted)).scope).toBe(shown);
    for (const text of [String(granted), JSON.stringify(granted), inspect(granted)]) {
      expect(text).not.toMatch(/alice|u-1/);
    }
    expect(() =>
      createDualSubjectToken({
        ...{ accessToken: ACCESS, tokenType: 'Bearer', expiresIn: 1 },
        scope,
        issuedAt: 0,
        people: 'u-1' as unknown as string[],
      }),
    ).toThrow('people must be an array of strings');
  });

  it('is immutable', () => {
    expect(() => {
      (token as { scope: string }).scope = 'admin';
    }).toThrow(TypeError);
  });

  it.each([
    [
      { expiresIn: Number.POSITIVE_INFINITY },
      'expiresIn must be a number of seconds, 0 or more, ending at a finite time',
    ],
    [
      { expiresIn: -5 },
      'expiresIn must be a number of seconds, 0 or more, ending at a finite time',
    ],
    [{ issuedAt: Number.NaN }, 'issuedAt must be a finite number of ms since the epoch'],
    [
      { expiresIn: 1e306 },
      'expiresIn must be a number of seconds, 0 or more, ending at a finite time',
    ],
  ])('refuses %o: a token no cache could renew', (change, message) => {
    const init = {
      accessToken: ACCESS,
      tokenType: 'Bearer',
      expiresIn: 60,
      scope: 's',
      issuedAt: 0,
      ...change,
    };
    expect(() => createDualSubjectToken(init)).toThrow(new TypeError(message));
  });
});
