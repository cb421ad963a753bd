import { MAX_JTI_LENGTH } from '@dual-auth/core/jwt';
import { describe, expect, it } from 'vitest';
import { actAssertionReplayKey } from './act-assertion-replay-key.js';

const APP = '11111111-2222-3333-4444-555555555555';

describe('actAssertionReplayKey', () => {
  it('keeps a key that fits as act-assertion:<app id>:<jti>', async () => {
    expect(await actAssertionReplayKey(APP, 'jti-1')).toBe(`act-assertion:${APP}:jti-1`);
    const longest = 'x'.repeat(MAX_JTI_LENGTH - `act-assertion:${APP}:`.length);
    expect(await actAssertionReplayKey(APP, longest)).toBe(`act-assertion:${APP}:${longest}`);
  });

  it('digests a key that would exceed what a store accepts, in its own namespace', async () => {
    const jti = 'j'.repeat(MAX_JTI_LENGTH);
    const key = await actAssertionReplayKey(APP, jti);
    expect(key.length).toBeLessThanOrEqual(MAX_JTI_LENGTH);
    expect(key).toMatch(/^act-assertion-sha256:[A-Za-z0-9_-]{43}$/);
    expect(await actAssertionReplayKey(APP, jti)).toBe(key);
  });

  it('never gives two (app id, jti) pairs one key', async () => {
    const jti = 'j'.repeat(MAX_JTI_LENGTH);
    const keys = await Promise.all([
      actAssertionReplayKey(APP, jti),
      actAssertionReplayKey(`${APP}:j`, jti.slice(1)),
      actAssertionReplayKey('other-app', jti),
      actAssertionReplayKey(APP, `${jti.slice(1)}k`),
    ]);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
