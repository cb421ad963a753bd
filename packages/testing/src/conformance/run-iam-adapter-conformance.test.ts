import type { AdapterPlugin } from '@dual-auth/core';
import { describe, expect, it } from 'vitest';
import type { LocalIdpProfile } from '../idp/local-idp-profile.js';
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
