import { humanIdForLogging, setTelemetryApi } from '@dual-auth/core';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { craftJws } from '../../../core/test/jws-kit.js';
import {
  type RecordedSpan,
  recordingTelemetryApi,
} from '../../../core/test/recording-telemetry.js';
import { ManualClock } from '../../test/counting-adapter.js';
import { type TestKeyPair, testKeyPair } from '../../test/keys.js';
import { ActJwtVerifier } from './act-jwt-verifier.js';

const AUD = 'https://agent.example.com/invoke';
const NOW = 1_800_000_000;

let app: TestKeyPair;
beforeAll(async () => {
  app = await testKeyPair('RS256');
});

afterEach(() => setTelemetryApi(undefined));

it("the verification's span names the audience, the issuer and the human verified, or the refusal's reason", async () => {
  const spans: RecordedSpan[] = [];
  setTelemetryApi(recordingTelemetryApi(spans));
  const clock = new ManualClock(NOW * 1000);
  const verifier = new ActJwtVerifier({ publicKey: app.publicPem, expectedAudience: AUD, clock });
  const claims = { iss: 'application', aud: AUD, exp: NOW + 60, iat: NOW, jti: 'jti-1' };
  const act = { sub: 'alice@example.com' };
  const token = await craftJws({ alg: 'RS256' }, { ...claims, act }, app.privateKey);
  await verifier.verify(token);
  await expect(verifier.verify(token)).rejects.toMatchObject({ reason: 'replayed' });
  const verified = {
    'dual_auth.audience': AUD,
    'dual_auth.issuer': 'application',
  };
  expect(spans).toEqual([
    {
      name: 'dual_auth.act_jwt.verify',
      attributes: { ...verified, 'dual_auth.human.id': humanIdForLogging(act) },
      ended: true,
    },
    {
      name: 'dual_auth.act_jwt.verify',
      attributes: { ...verified, 'error.type': 'replayed' },
      status: { code: 2, message: 'replayed' },
      ended: true,
    },
  ]);
});
