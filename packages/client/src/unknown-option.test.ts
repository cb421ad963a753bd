import { describe, expect, it } from 'vitest';
import { token } from '../test/demo-api.js';
import { InSessionAPICall, InSessionApiCall } from './in-session-api-call.js';
import { OutOfSessionApiCall } from './out-of-session-api-call.js';

// An option the class does not know is refused, never dropped: a misspelled `allowedOrigins`
// would let a model-given URL take the token anywhere.
describe('options the call classes do not know', () => {
  it('refuses a misspelled allowedOrigins, naming the class and the option meant', () => {
    for (const Class of [InSessionApiCall, OutOfSessionApiCall, InSessionAPICall]) {
      expect(() => new Class({ allowedOrigin: ['https://api.example.com'] } as never)).toThrow(
        new TypeError(
          `new ${Class.name}: allowedOrigin is not an option (did you mean allowedOrigins?); pass only the options it takes, and install every @dual-auth package from one release line`,
        ),
      );
    }
  });

  it('refuses a key of a bigger config object spread into the options, even when undefined', () => {
    expect(
      () => new InSessionApiCall({ timeoutMs: 5_000, databaseUrl: undefined } as never),
    ).toThrow(/^new InSessionApiCall: databaseUrl is not an option \(the options are timeoutMs, /);
  });

  it('keeps the hint of a renamed 0.1.0 option', () => {
    expect(() => new InSessionApiCall({ expiryLeeway: 30_000 } as never)).toThrow(
      'new InSessionApiCall: expiryLeeway is not an option: pass expiryLeewayMs in milliseconds',
    );
  });

  it('refuses an unknown hook', () => {
    expect(() => new InSessionApiCall({ hooks: { onRequestEnds: () => {} } } as never)).toThrow(
      'new InSessionApiCall: hooks: onRequestEnds is not an option (did you mean onRequestEnd?)',
    );
  });

  it("refuses an unknown retry option, and takes the client's own methods and statusCodes", () => {
    expect(() => new InSessionApiCall({ retry: { statusCode: [503] } } as never)).toThrow(
      'retry: statusCode is not an option (did you mean statusCodes?)',
    );
    expect(new InSessionApiCall({ retry: { methods: ['GET'], statusCodes: [503] } })).toBeDefined();
  });

  it('refuses an unknown callApi key before anything is sent', async () => {
    let sent = 0;
    const call = new InSessionApiCall({
      fetch: async () => {
        sent++;
        return new Response('');
      },
    });
    await expect(
      call.callApi({
        apiUrl: 'https://api.example.com/',
        tokenResponse: token({ accessToken: 'opaque-test-token' }),
        throwHttpError: false,
      } as never),
    ).rejects.toThrow('callApi: throwHttpError is not an option (did you mean throwHttpErrors?)');
    expect(sent).toBe(0);
  });
});
