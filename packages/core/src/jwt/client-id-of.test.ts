import { describe, expect, it } from 'vitest';
import { SPECIFICATION_VERSION } from '../contracts/specification-version.js';
import { clientIdOf } from './client-id-of.js';
import type { TokenProfile } from './token-profile.js';

// Okta's and Entra's claim names, and a derived fallback like Auth0's `<id>@clients`.
const PROFILE: TokenProfile = {
  specificationVersion: SPECIFICATION_VERSION,
  vendor: 'acme',
  layouts: ['legacy', 'rfc8693'],
  clientIdClaims: ['cid', 'appid'],
  clientIdFromClaims: (claims) =>
    typeof claims.sub === 'string' && claims.sub.startsWith('client:')
      ? claims.sub.slice('client:'.length)
      : undefined,
  roleClaims: ['roles'],
  scopeClaims: ['scp'],
  legacyHuman: 'bound-act-assertion',
};

describe('clientIdOf', () => {
  it('reads the first of clientIdClaims holding a non-empty string', () => {
    expect(clientIdOf(PROFILE, { cid: 'agent-a', appid: 'agent-b' })).toBe('agent-a');
    expect(clientIdOf(PROFILE, { cid: '', appid: 'agent-b' })).toBe('agent-b');
    expect(clientIdOf(PROFILE, { cid: 7, appid: 'agent-b' })).toBe('agent-b');
  });

  it('falls back to clientIdFromClaims only when no claim names the client', () => {
    expect(clientIdOf(PROFILE, { sub: 'client:agent-c' })).toBe('agent-c');
    expect(clientIdOf(PROFILE, { appid: 'agent-b', sub: 'client:agent-c' })).toBe('agent-b');
  });

  it('is undefined for a token naming no client', () => {
    expect(clientIdOf(PROFILE, { sub: 'user-1' })).toBeUndefined();
    expect(clientIdOf({ ...PROFILE, clientIdFromClaims: undefined }, {})).toBeUndefined();
  });

  it('reads claim names, not paths', () => {
    expect(clientIdOf({ ...PROFILE, clientIdClaims: ['app.id'] }, { app: { id: 'x' } })).toBe(
      undefined,
    );
  });
});
