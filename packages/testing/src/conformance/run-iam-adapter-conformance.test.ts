import { type AdapterPlugin, ConfigurationError } from '@dual-auth/core';
import { describe, expect, it } from 'vitest';
import type { LocalIdpProfile } from '../idp/local-idp-profile.js';
import { synchronousAdapter } from './conformance-context.js';
import { runIamAdapterConformance } from './run-iam-adapter-conformance.js';

describe('runIamAdapterConformance options', () => {
  it('refuses a missing plugin, a profile of another vendor or a bad factory before registering any test', () => {
    const plugin = {
      kind: 'adapter',
      specificationVersion: 'v1',
      vendor: 'ping',
      settings: [],
      createAdapter: () => {
        throw new Error('not called');
      },
    } as AdapterPlugin;
    const profile = { kind: 'local-idp-profile', vendor: 'okta', surface: () => ({}) };
    expect(() =>
      runIamAdapterConformance({ plugin, profile: profile as unknown as LocalIdpProfile }),
    ).toThrow('profile must be the LocalIdpProfile of ping');
    const own = { ...profile, vendor: 'ping' } as unknown as LocalIdpProfile;
    expect(() =>
      runIamAdapterConformance({ plugin, profile: own, createAdapter: 'x' as never }),
    ).toThrow(TypeError);
    expect(() => runIamAdapterConformance({ plugin: {} as never, profile: own })).toThrow(
      'plugin must be an AdapterPlugin',
    );
    expect(() => runIamAdapterConformance(undefined as never)).toThrow(TypeError);
  });
});

// Session 37: an async factory failed the first test as "expected undefined to be 'v1'", while
// core's createAdapter awaited it; all three now refuse it by name.
describe('the conformance adapter of an async factory', () => {
  it('is refused by name, as core and doctor refuse it', async () => {
    const adapter = Promise.reject(new Error('no key'));
    const error = (() => {
      try {
        synchronousAdapter(adapter, 'ping');
      } catch (thrown) {
        return thrown as Error;
      }
    })();
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect(error?.message).toBe(
      "the ping adapter plugin's createAdapter returned a promise (createAdapter must return the adapter itself, not be async): fix the adapter plugin",
    );
    const built = { requestToken: async () => ({}) };
    expect(synchronousAdapter(built, 'ping')).toBe(built);
  });
});
