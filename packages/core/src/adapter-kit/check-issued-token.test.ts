import { describe, expect, it } from 'vitest';
import { SPECIFICATION_VERSION } from '../contracts/specification-version.js';
import { TokenRequestError } from '../errors/token-request-error.js';
import type { TokenProfile } from '../jwt/token-profile.js';
import {
  checkIssuedToken,
  type IssuedTokenExpectation,
  jwtPayloadOf,
} from './check-issued-token.js';

const PROFILE: TokenProfile = {
  specificationVersion: SPECIFICATION_VERSION,
  vendor: 'oauth',
  layouts: ['legacy'],
  clientIdClaims: ['client_id', 'azp'],
  clientIdFromClaims: ({ sub }) =>
    typeof sub === 'string' && sub.endsWith('@clients') ? sub.slice(0, -8) : undefined,
  roleClaims: [],
  scopeClaims: ['scope'],
  legacyHuman: 'act-claim',
};

const jwt = (claims: Record<string, unknown>): string =>
  ['{"alg":"RS256"}', JSON.stringify(claims)]
    .map((part) => Buffer.from(part).toString('base64url'))
    .concat('c2ln')
    .join('.');

const expected = { profile: PROFILE, agentId: 'agent-1', human: 'u-1', vendor: 'oauth' } as const;

function failure(token: string, more: Partial<IssuedTokenExpectation> = {}): unknown {
  try {
    checkIssuedToken(token, { ...expected, ...more });
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('checkIssuedToken', () => {
  it('passes the token asked for, an opaque token, and a token without a client claim', () => {
    expect(failure(jwt({ client_id: 'agent-1', act: { sub: 'u-1' } }))).toBeUndefined();
    expect(failure('an-opaque-token')).toBeUndefined();
    expect(failure(jwt({ act: { sub: 'u-1' } }))).toBeUndefined();
  });

  it.each([
    ['another human', { client_id: 'agent-1', act: { sub: 'u-2' } }, 'human', /act\.sub/],
    ['no act', { client_id: 'agent-1' }, 'human', /without an "act"/],
    ['an act that is not an object', { client_id: 'agent-1', act: 'u-1' }, 'human', /"act"/],
    ['another client', { client_id: 'agent-2', act: { sub: 'u-1' } }, 'agent', /client_id\/azp/],
    ['another <id>@clients', { sub: 'agent-2@clients', act: { sub: 'u-1' } }, 'agent', /client/],
    // Session 38 (wave38/review): the first client claim alone was read, so a token whose
    // client_id named the agent and whose azp named another client was handed out, and
    // @dual-auth/resource refused it at every call (malformed, "azp").
    [
      'another client in its second client claim',
      { client_id: 'agent-1', azp: 'agent-2', act: { sub: 'u-1' } },
      'agent',
      /client_id\/azp/,
    ],
  ])('refuses a token for %s, quoting no claim value', (_name, claims, mismatch, message) => {
    const error = failure(jwt(claims));
    expect(TokenRequestError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ mismatch, status: 200, vendor: 'oauth' });
    expect(String(error)).toMatch(message);
    expect(String(error)).not.toMatch(/u-2|agent-2/);
  });

  it('names the IdP setting given, or a default', () => {
    const token = jwt({ client_id: 'agent-1' });
    expect(String(failure(token, { actSetting: 'the "act" protocol mapper' }))).toMatch(
      /check the "act" protocol mapper on the IdP/,
    );
    expect(String(failure(token))).toMatch(/copies the client assertion's "act"/);
  });

  it('checks only the client of a profile whose tokens carry no human (Entra ID)', () => {
    const bound = { ...PROFILE, legacyHuman: 'bound-act-assertion' } as const;
    expect(failure(jwt({ client_id: 'agent-1' }), { profile: bound })).toBeUndefined();
    expect(failure(jwt({ client_id: 'agent-2' }), { profile: bound })).toMatchObject({
      mismatch: 'agent',
    });
  });
});

describe('jwtPayloadOf', () => {
  it('decodes a JWT payload object, else undefined', () => {
    expect(jwtPayloadOf(jwt({ sub: 'x' }))).toEqual({ sub: 'x' });
    expect(jwtPayloadOf('a.b')).toBeUndefined();
    expect(jwtPayloadOf('a.!!.c')).toBeUndefined();
    expect(jwtPayloadOf(`a.${Buffer.from('[1]').toString('base64url')}.c`)).toBeUndefined();
  });
});
