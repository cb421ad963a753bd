import { InMemoryDelegationCutoffStore } from '@dual-auth/core';
import { describe, expect, it } from 'vitest';
import { CountingAdapter } from '../test/counting-adapter.js';
import { InSessionTokenRequest } from './in-session-token-request.js';

// Upgrade (session 13): options are read as own properties. A team whose defaults come from
// Object.create(defaults) or a class getter lost them without a word (a cutoffStore: a human's
// ended delegation no longer refused before the IdP). Now the class says so at construction.
describe('an option the session options inherit', () => {
  it('is refused when a prototype of their own gives it', () => {
    const defaults = { cutoffStore: new InMemoryDelegationCutoffStore() };
    const options = Object.assign(Object.create(defaults), { adapter: new CountingAdapter() });
    expect(() => new InSessionTokenRequest(options)).toThrow(
      'new InSessionTokenRequest: cutoffStore is inherited, not an own property, so it would be ignored; copy it in ({ ...defaults, cutoffStore })',
    );
  });

  it('is ignored when a polluted Object.prototype gives it', () => {
    const proto = Object.prototype as Record<string, unknown>;
    proto.cutoffStore = new InMemoryDelegationCutoffStore();
    try {
      expect(new InSessionTokenRequest({ adapter: new CountingAdapter() })).toBeDefined();
    } finally {
      delete proto.cutoffStore;
    }
  });
});
