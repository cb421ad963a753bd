import { describe, expect, it } from 'vitest';
import { vendorTokens } from '../test/demo-api.js';
import { useDemoApis } from '../test/use-demo-apis.js';
import { ApiCall } from './api-call.js';

// Attack (breaker14): `allowedOrigins` is documented as "with `allowedOrigins`, no URL of another
// origin is called at all" (api-call.ts) and "the only origins the credentials go to". The origin
// check runs once, on `apiUrl`; the client then follows the API's redirects itself and never
// checks the redirect target against `allowedOrigins`. An allowed API (or an open redirect on it,
// or anyone who can make it answer 307/308) sends the call to any HTTPS origin: credentials are
// dropped, but the request is made and a 307/308 keeps the method and the JSON body, so the
// caller's data (the tool arguments a model wrote) goes to a host nobody allowed.
const api = useDemoApis();

describe('allowedOrigins and redirects', () => {
  it('does not follow a redirect to an origin outside allowedOrigins (nothing is sent there)', async () => {
    const elsewhere = await api();
    const bound = await api(() => ({
      status: 307,
      headers: { location: `${elsewhere.url}/collect` },
    }));
    const call = new ApiCall({
      fetch: (input, init) =>
        String(input).startsWith(bound.url)
          ? bound.fetch(input, init)
          : elsewhere.fetch(input, init),
      allowedOrigins: [bound.url],
      retry: { limit: 0 },
    });
    const attempt = call
      .callApi({
        apiUrl: `${bound.url}/transfer`,
        method: 'POST',
        json: { iban: 'DE00 secret account', amount: 1000 },
        tokenResponse: vendorTokens.okta,
        throwHttpErrors: false,
      })
      .then(
        () => 'called',
        () => 'refused',
      );
    await attempt;
    // The redirect target is on no allowed origin: it must not be called at all.
    expect(elsewhere.requests.map((request) => request.body)).toEqual([]);
  });
});
