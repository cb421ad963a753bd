import { setTelemetryApi } from '@dual-auth/core';
import { afterEach, expect, it, vi } from 'vitest';
import { type RecordedSpan, recordingTelemetryApi } from '../../core/test/recording-telemetry.js';
import { webCryptoDigest } from '../../core/test/web-crypto-digest.js';
import { fakeTime, recordingLogger, vendorTokens } from '../test/demo-api.js';
import { useDemoApis } from '../test/use-demo-apis.js';
import { InSessionApiCall } from './in-session-api-call.js';

const api = useDemoApis();
const EMAIL = 'alice@example.com';

afterEach(() => {
  vi.unstubAllGlobals();
  setTelemetryApi(undefined);
});

// Off Node (Workers, Deno, Bun: no node:crypto), the HTTP client span of every attempt names an
// email-shaped human id by the digest the call prepared with Web Crypto before its first attempt,
// as its lines and its refusal's audit record do: never the email, never `sha256:unavailable`.
it('off Node, every attempt span and the refusal audit name the human by its digest', async () => {
  const expected = await webCryptoDigest(EMAIL);
  const spans: RecordedSpan[] = [];
  setTelemetryApi(recordingTelemetryApi(spans));
  const server = await api((_, index) => ({ status: index === 0 ? 503 : 403 }));
  const logger = recordingLogger();
  vi.stubGlobal('navigator', { userAgent: 'Cloudflare-Workers' });
  const call = new InSessionApiCall({ fetch: server.fetch, logger, ...fakeTime().options });
  const response = await call.callApi({
    apiUrl: `${server.url}/api`,
    tokenResponse: vendorTokens.okta,
    identity: { agentId: 'agent-1', humanId: EMAIL },
    throwHttpErrors: false,
  });
  vi.unstubAllGlobals();
  expect(response.status).toBe(403);
  const attempts = spans.filter((s) => s.name === 'GET');
  expect(attempts.map((s) => [s.attributes['dual_auth.human.id'], s.ended])).toEqual([
    [expected, true],
    [expected, true],
  ]);
  expect(attempts.map((s) => s.attributes['dual_auth.agent.id'])).toEqual(['agent-1', 'agent-1']);
  const audits = logger.events.filter((e) => e.event === 'dual_auth_decision');
  expect(audits.map((e) => e.fields)).toMatchObject([
    { decision: 'DENY', status: 403, human_id: expected },
  ]);
  const named = logger.events
    .map((e) => (e.fields as { human_id?: unknown } | undefined)?.human_id)
    .filter((id) => id !== undefined);
  expect(new Set(named)).toEqual(new Set([expected]));
  expect(JSON.stringify([spans, logger.events])).not.toContain('@');
});
