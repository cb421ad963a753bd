import { ConfigurationError } from '@dual-auth/core';
import { createRecordingLogger } from '@dual-auth/testing';
import { describe, expect, it } from 'vitest';
import { fakeTime, vendorTokens } from '../test/demo-api.js';
import { useDemoApis } from '../test/use-demo-apis.js';
import { InSessionApiCall } from './in-session-api-call.js';

const api = useDemoApis();

describe('client: the reference events', () => {
  it('insecure_api_url with the scheme only, before any request', async () => {
    const logger = createRecordingLogger();
    const call = new InSessionApiCall({ logger });
    await expect(
      call.callApi({ apiUrl: 'http://api.example/x?key=1', tokenResponse: vendorTokens.okta }),
    ).rejects.toThrow(ConfigurationError);
    expect(logger.records).toContainEqual({
      level: 'error',
      event: 'insecure_api_url',
      fields: { scheme: 'http' },
    });
  });

  it('entraid_header_added (debug) when the token carries an act assertion, not otherwise', async () => {
    const server = await api();
    const logger = createRecordingLogger();
    const call = new InSessionApiCall({ fetch: server.fetch, ...fakeTime().options, logger });
    await call.callApi({ apiUrl: server.url, tokenResponse: vendorTokens.okta });
    expect(logger.records.filter((r) => r.event === 'entraid_header_added')).toEqual([]);
    await call.callApi({ apiUrl: server.url, tokenResponse: vendorTokens.entraid });
    const added = logger.records.filter((r) => r.event === 'entraid_header_added');
    expect(added).toEqual([
      { level: 'debug', event: 'entraid_header_added', fields: expect.any(Object) },
    ]);
    expect(JSON.stringify(added)).not.toContain('entra.act.assertion');
    expect(added[0]?.fields).toMatchObject({ method: 'GET' });
  });
});
