import type { TokenProvider } from '@dual-auth/core';
import { describe, expect, it } from 'vitest';
import { dualAuthFetch } from './client/dual-auth-fetch.js';

// Upgrade (session 13): options are read as own properties. A dualAuthFetch whose
// extraTokenAudiences came from Object.create(defaults) lost them without a word. Now it says so
// when it is made.
describe('an option the dualAuthFetch options inherit', () => {
  it('is refused when a prototype of their own gives it', () => {
    const defaults = { extraTokenAudiences: ['https://api.example.com'] };
    const options = Object.assign(Object.create(defaults), {
      tokenProvider: {} as TokenProvider,
      origin: 'https://mcp.example.com',
    });
    expect(() => dualAuthFetch(options)).toThrow(
      'dualAuthFetch: extraTokenAudiences is inherited, not an own property, so it would be ignored; copy it in ({ ...defaults, extraTokenAudiences })',
    );
  });
});
