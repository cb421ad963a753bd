import { afterEach, expect, it, vi } from 'vitest';
import { webCryptoDigest } from '../../core/test/web-crypto-digest.js';
import { fakeTime, recordingLogger, vendorTokens } from '../test/demo-api.js';
import { useDemoApis } from '../test/use-demo-apis.js';
import { InSessionApiCall } from './in-session-api-call.js';

const api = useDemoApis();
const EMAIL = 'alice@example.com';

afterEach(() => {
  vi.unstubAllGlobals();
});

// Off Node (Workers: no node:crypto, so no synchronous SHA-256), a call whose human id is an
// email logged `sha256:unavailable`: the client prepares the digest with Web Crypto before its
// first line, and every line and the audit record name the human by it.
it('off Node, names an email-shaped human id by its Web Crypto digest in every line', async () => {
  const expected = await webCryptoDigest(EMAIL);
  const server = await api((_, index) => (index === 0 ? { status: 503 } : { status: 200 }));
  const logger = recordingLogger();
  vi.stubGlobal('navigator', { userAgent: 'Cloudflare-Workers' });
  const call = new InSessionApiCall({ fetch: server.fetch, logger, ...fakeTime().options });
  const response = await call.callApi({
    apiUrl: `${server.url}/api`,
    tokenResponse: vendorTokens.entraid,
    identity: { agentId: 'agent-1', humanId: EMAIL },
  });
  vi.unstubAllGlobals();
  expect(response.status).toBe(200);
  const named = logger.events
    .map((e) => [e.event, (e.fields as { human_id?: unknown } | undefined)?.human_id])
    .filter(([, id]) => id !== undefined);
  expect(named).toEqual([
    ['api_call_start', expected],
    ['entraid_header_added', expected],
    ['api_call_retry', expected],
    ['api_call_complete', expected],
    ['dual_auth_decision', expected],
  ]);
  expect(JSON.stringify(logger.events)).not.toContain(EMAIL);
});
