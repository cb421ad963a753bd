import { setDefaultLogger } from '@dual-auth/core';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { craftJws } from '../../../core/test/jws-kit.js';
import { logSwitchReads } from '../../../core/test/log-switch-reads.js';
import { ManualClock } from '../../test/counting-adapter.js';
import { type TestKeyPair, testKeyPair } from '../../test/keys.js';
import { ActJwtVerifier } from './act-jwt-verifier.js';

const AUD = 'https://agent.example.com/invoke';
const NOW = 1_800_000_000;

let app: TestKeyPair;
beforeAll(async () => {
  app = await testKeyPair('RS256');
});

afterEach(() => {
  setDefaultLogger(undefined);
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

let sent = 0;
function actJwt(): Promise<string> {
  sent += 1;
  const claims = { iss: 'application', aud: AUD, exp: NOW + 60, iat: NOW, jti: `jti-${sent}` };
  return craftJws({ alg: 'RS256' }, { ...claims, act: { sub: 'u-1' } }, app.privateKey);
}

describe('ActJwtVerifier: the DUAL_AUTH_LOG switch of its jwt_verified line', () => {
  it('is read once a second of its clock, not once per token', async () => {
    const clock = new ManualClock(NOW * 1000);
    const verifier = new ActJwtVerifier({ publicKey: app.publicPem, expectedAudience: AUD, clock });
    const tokens = await Promise.all(Array.from({ length: 20 }, actJwt));
    const reads = await logSwitchReads(async () => {
      for (const token of tokens.slice(0, 10)) await verifier.verify(token);
      clock.advance(1);
      for (const token of tokens.slice(10)) await verifier.verify(token);
    });
    expect(reads).toBe(2);
  });

  it('follows a change of DUAL_AUTH_LOG once its clock moved on a second', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const clock = new ManualClock(NOW * 1000);
    vi.stubEnv('DUAL_AUTH_LOG', 'off');
    const verifier = new ActJwtVerifier({ publicKey: app.publicPem, expectedAudience: AUD, clock });
    await verifier.verify(await actJwt());
    vi.stubEnv('DUAL_AUTH_LOG', 'json');
    await verifier.verify(await actJwt());
    expect(log).not.toHaveBeenCalled();
    clock.advance(1);
    await verifier.verify(await actJwt());
    expect(log).toHaveBeenCalledOnce();
    expect(JSON.parse(String(log.mock.calls[0]?.[0]))).toMatchObject({ event: 'jwt_verified' });
  });

  it('follows setDefaultLogger at once', async () => {
    const clock = new ManualClock(NOW * 1000);
    const verifier = new ActJwtVerifier({ publicKey: app.publicPem, expectedAudience: AUD, clock });
    await verifier.verify(await actJwt());
    const events: string[] = [];
    const record = (event: string) => events.push(event);
    setDefaultLogger({ debug: record, info: record, warn: record, error: record });
    await verifier.verify(await actJwt());
    expect(events).toEqual(['jwt_verified']);
  });
});
