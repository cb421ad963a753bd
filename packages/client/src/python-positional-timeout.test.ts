import { describe, expect, it } from 'vitest';
import { InSessionAPICall, InSessionApiCall } from './in-session-api-call.js';
import { OutOfSessionAPICall, OutOfSessionApiCall } from './out-of-session-api-call.js';

type Positional = new (timeout: unknown) => unknown;

describe("Python's positional timeout (InSessionAPICall(30))", () => {
  it('is refused with a TypeError that shows { timeout: 30 } and { timeoutMs: 30000 }', () => {
    for (const [Call, name] of [
      [InSessionAPICall, 'InSessionAPICall'],
      [OutOfSessionAPICall, 'OutOfSessionAPICall'],
    ] as const) {
      expect(() => new (Call as unknown as Positional)(30)).toThrow(
        new TypeError(
          `new ${name} takes one options object, not Python's positional arguments (got a number): new ${name}({ timeout: 30 }), in seconds as in Python, or new ${name}({ timeoutMs: 30000 })`,
        ),
      );
    }
  });

  it('keeps the options-object form working, as the migration guide shows', () => {
    expect(new InSessionAPICall({ timeout: 30 })).toBeInstanceOf(InSessionAPICall);
  });
});

describe("Python's positional arguments after the options (call_api(token_response, api_url, method))", () => {
  const token = { accessToken: 'secret-access-token-0123456789', tokenType: 'Bearer' };

  it('refuses an argument after the options object of a client', () => {
    type Extra = new (options: unknown, extra: unknown) => unknown;
    expect(() => new (InSessionAPICall as unknown as Extra)({ timeout: 30 }, 'x')).toThrow(
      /^new InSessionAPICall takes one options object, not Python's positional arguments \(got a string as argument 2\): new InSessionAPICall\(\{ timeout: 10 \}\)/,
    );
    expect(() => new (InSessionApiCall as unknown as Extra)({}, 30)).toThrow(
      /^new InSessionApiCall takes one options object, not Python's positional arguments \(got a number as argument 2\)/,
    );
  });

  it("refuses callApi(token, url, 'GET'), callApi(token) and callApi() with the options-object form, the token not echoed", async () => {
    const api = new InSessionApiCall();
    const callApi = api.callApi as unknown as (...args: unknown[]) => Promise<Response>;
    for (const [args, kind] of [
      // The token is the first thing out of place: it is named, never shown.
      [[token, 'https://api.example.com/balance', 'GET'], 'a token response'],
      [['https://api.example.com/balance', 'GET', 30], 'a string'],
      // call_api(token_response) with the rest forgotten: a token where the options go.
      [[token], 'a token response'],
      [[null], 'null'],
      [[], 'no argument'],
    ] as const) {
      const error = await callApi.apply(api, args as unknown as unknown[]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TypeError);
      const message = (error as Error).message;
      expect(message).toBe(
        `callApi takes one options object, not Python's positional arguments (got ${kind}): callApi({ tokenResponse, apiUrl, method: 'GET', json })`,
      );
      expect(message).not.toContain(token.accessToken);
    }
  });
});

describe("Python's positional timeout given to the camelCase names (new InSessionApiCall(30))", () => {
  it('is refused as InSessionAPICall(30) is, showing { timeoutMs: 30000 } and the Python-named class', () => {
    for (const [Call, name, pythonName] of [
      [InSessionApiCall, 'InSessionApiCall', 'InSessionAPICall'],
      [OutOfSessionApiCall, 'OutOfSessionApiCall', 'OutOfSessionAPICall'],
    ] as const) {
      expect(() => new (Call as unknown as Positional)(30)).toThrow(
        new TypeError(
          `new ${name} takes one options object, not Python's positional arguments (got a number): new ${name}({ timeoutMs: 30000 }), 30 s as Python's timeout, or new ${pythonName}({ timeout: 30 }) in seconds`,
        ),
      );
    }
  });
});
