import { ApiCallError } from '@dual-auth/core';
import { describe, expect, it } from 'vitest';
import { fakeTime, recordingLogger, vendorTokens } from '../test/demo-api.js';
import { InSessionApiCall } from './in-session-api-call.js';

// Session 35 (wave35/edgeuser): on Deno run without --allow-net for the API's host, `fetch`
// throws `NotCapable` ("Requires net access to …, run again with the --allow-net flag") before it
// connects, not a TypeError. The call said only "unexpected error after 1 attempt(s)"; it now says
// Deno refused, and the flag to pass with the host and port. This is the error Deno 2.9.6 throws
// (its class is `Deno.errors.NotCapable`; tools/check-runtimes.mjs runs the real one on Deno).
class NotCapable extends Error {
  override name = 'NotCapable';
}
const denied = async (): Promise<Response> => {
  throw new NotCapable(
    'Requires net access to "api.example.com:8443", run again with the --allow-net flag',
  );
};

describe('a call Deno refuses to make (no --allow-net for the host)', () => {
  it('says Deno refused, names the flag with host and port, and does not retry', async () => {
    const time = fakeTime();
    const logger = recordingLogger();
    const call = new InSessionApiCall({ fetch: denied, ...time.options, logger });
    const error = await call
      .callApi({
        apiUrl: 'https://api.example.com:8443/balance?x=1',
        tokenResponse: vendorTokens.okta,
      })
      .catch((e: unknown) => e);
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ reason: 'error', attempts: 1, status: undefined });
    expect((error as Error).message).toBe(
      'API call failed: GET https://api.example.com:8443/balance refused after 1 attempt(s): Requires net access to "api.example.com:8443", run again with the --allow-net flag',
    );
    expect(time.sleeps).toEqual([]);
    expect(logger.events.at(-1)).toMatchObject({
      event: 'api_call_error',
      fields: { failure: 'error' },
    });
  });

  // Session 35 (wave35/review2): Deno's sandbox stopping a redirect the API chose, to a host
  // --allow-net leaves out, was reported with Deno's "run again with the --allow-net flag": advice
  // to widen the sandbox to a host the API named, which the operator never asked to reach.
  it('says a redirect led to the refused host, not to allow it, when it is not the apiUrl host', async () => {
    const fetch = async (url: RequestInfo | URL): Promise<Response> => {
      if (new URL(String(url)).host === 'api.example.com:8443') {
        return new Response(null, {
          status: 302,
          headers: { location: 'https://elsewhere.example/x' },
        });
      }
      throw new NotCapable(
        'Requires net access to "elsewhere.example:443", run again with the --allow-net flag',
      );
    };
    const error = await new InSessionApiCall({ fetch, retry: false })
      .callApi({ apiUrl: 'https://api.example.com:8443/balance', tokenResponse: vendorTokens.okta })
      .catch((e: unknown) => e);
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe(
      'API call failed: GET https://api.example.com:8443/balance refused after 1 attempt(s): a redirect led to "elsewhere.example:443", which --allow-net leaves out: allow it only if this program should reach it',
    );
  });

  it('keeps "unexpected error" for any other error a fetch throws', async () => {
    const fetch = async (): Promise<Response> => {
      throw new RangeError('something else');
    };
    const error = await new InSessionApiCall({ fetch, retry: false })
      .callApi({ apiUrl: 'https://api.example.com/balance', tokenResponse: vendorTokens.okta })
      .catch((e: unknown) => e);
    expect((error as Error).message).toBe(
      'API call failed: GET https://api.example.com/balance unexpected error after 1 attempt(s)',
    );
  });
});
