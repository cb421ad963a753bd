import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { tokenEndpointHarness } from '../../test/token-endpoint-harness.js';
import { TokenRequestError } from '../errors/token-request-error.js';
import { encodeForm } from './encode-form.js';

const { run } = tokenEndpointHarness();

// Attack: the IdP echoes the request body it got, form-encoded as it was on the wire, in its error
// answer (`error_description`, `error`, Okta's `errorCode`). A client secret with characters the
// form percent-encodes (`@`, `:`, `/`, `+`, `&`, `=`) then shares no 8-character piece with its
// echo: before, none of it was scrubbed, and `errorDescription`, `error` and `vendorCodes` (which
// `toJSON` shows) kept the whole secret. Held: the form-encoded credential is scrubbed like the
// credential itself.
describe('attack: an IdP echoes the form-encoded client secret', () => {
  const secret = 'p@ss:w0rd/with+symbols&more=yes!';
  const echoed = encodeForm([['client_secret', secret]]).slice('client_secret='.length);

  it('keeps none of it in the error, its fields or the logs', async () => {
    const { call, logged } = await run(
      [
        {
          status: 401,
          body: {
            error: `invalid_client ${echoed}`,
            error_description: `client_secret=${echoed} is wrong`,
            errorCode: echoed,
          },
        },
      ],
      {
        buildForm: () => [
          ['grant_type', 'client_credentials'],
          ['client_secret', secret],
        ],
      },
    );
    const error = await call.then(
      () => undefined,
      (e: unknown) => e,
    );
    if (!TokenRequestError.isInstance(error)) throw new Error('expected a TokenRequestError');
    const fields = [error.errorDescription, error.error, ...(error.vendorCodes ?? []).map(String)];
    const texts = [String(error), JSON.stringify(error), inspect(error), JSON.stringify(logged)];
    // The pieces the form-encoding leaves whole are 4 characters at most; 5 of the secret in a
    // row (`w0rd/`, `%2Fwith`) count as a piece of it.
    for (const text of [...fields, ...texts]) {
      expect(text).not.toContain(echoed.slice(0, 12));
      expect(text).not.toContain('w0rd%2Fwith');
      expect(text).not.toContain('symbols%26more');
    }
    expect(error.errorDescription).toBe('client_secret=***REDACTED*** is wrong');
  });
});
