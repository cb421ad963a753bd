import { entraIdPlugin, entraIdTokenProfile } from '@dual-auth/adapter-entraid';
import { oauthTokenProfile } from '@dual-auth/adapter-oauth';
import { oauthDoctorAdvice } from '@dual-auth/adapter-oauth/doctor';
import type { VendorConfig } from '@dual-auth/core';
import { describe, expect, it } from 'vitest';
import { loadTokenProfile } from './load-token-profile.js';

const entraPreset = { vendor: 'oauth', preset: 'entraid' } as unknown as VendorConfig;
const importModule = (specifier: string) => import(/* @vite-ignore */ specifier);

describe('loadTokenProfile', () => {
  it("judges an OAUTH_PRESET=entraid token with the Entra adapter's profile, as the API does", async () => {
    const loaded = await loadTokenProfile(oauthDoctorAdvice, entraPreset, [], importModule);
    expect(loaded).toEqual({ profile: entraIdTokenProfile, sharedAudience: expect.any(Function) });
    const given = await loadTokenProfile(oauthDoctorAdvice, entraPreset, [entraIdPlugin], (name) =>
      name === '@dual-auth/adapter-entraid/doctor'
        ? importModule(name)
        : Promise.reject(new Error()),
    );
    expect(given.profile).toBe(entraIdTokenProfile);
  });

  it("keeps the advice's own profile without a preset, and for an ID-JAG's resource server", async () => {
    for (const config of [{ vendor: 'oauth' }, { vendor: 'oauth', preset: 'okta-xaa' }]) {
      const loaded = await loadTokenProfile(
        oauthDoctorAdvice,
        config as unknown as VendorConfig,
        [],
        importModule,
      );
      expect(loaded).toEqual({ profile: oauthTokenProfile, sharedAudience: expect.any(Function) });
    }
  });

  // @dual-auth/cli depends on no adapter: a missing one does not stop the doctor's report.
  it('falls back to the advice profile and names the package to install when the vendor adapter is missing', async () => {
    const missing = async (specifier: string) => {
      throw Object.assign(new Error(`Cannot find package '${specifier}'`), {
        code: 'ERR_MODULE_NOT_FOUND',
      });
    };
    const loaded = await loadTokenProfile(oauthDoctorAdvice, entraPreset, [], missing);
    expect(loaded).toEqual({
      profile: oauthTokenProfile,
      sharedAudience: expect.any(Function),
      missing: { vendor: 'entraid', packageName: '@dual-auth/adapter-entraid' },
    });
  });
});
