import { describe, expect, it } from 'vitest';
import { polluted } from '../../core/test/polluted-prototype.js';
import { vendorTokens } from '../test/demo-api.js';
import { useDemoApis } from '../test/use-demo-apis.js';
import { InSessionApiCall } from './in-session-api-call.js';

// Upgrade (session 13): options are read as own properties. Call options built with
// Object.create(defaults) lost their allowedOrigins without a word: the token could go to any
// HTTPS origin a model names. Now the class says so at construction.
describe('an option the call options inherit', () => {
  it('is refused when a prototype of their own gives it', () => {
    const defaults = { allowedOrigins: ['https://api.example.com'] };
    const options = Object.assign(Object.create(defaults), { timeoutMs: 5_000 });
    expect(() => new InSessionApiCall(options)).toThrow(
      'new InSessionApiCall: allowedOrigins is inherited, not an own property, so it would be ignored; copy it in ({ ...defaults, allowedOrigins })',
    );
  });

  it('is refused when a class getter gives it, Object.prototype polluted too', () => {
    class Defaults {
      get allowedOrigins() {
        return ['https://api.example.com'];
      }
    }
    const proto = Object.prototype as Record<string, unknown>;
    proto.allowedOrigins = ['https://evil.example'];
    try {
      expect(() => new InSessionApiCall(new Defaults() as never)).toThrow(
        /allowedOrigins is inherited/,
      );
    } finally {
      delete proto.allowedOrigins;
    }
  });
});

// Review (wave 32, reviewtime): the seconds and milliseconds options became own options only, but
// retry, maxRedirects and allowedOrigins were still read through the prototype: a pollution bug
// elsewhere in the process (a JSON merge of request input) that set retry on Object.prototype
// made every client send a POST (a transfer) four times; so did retry.methods, read through the
// prototype of the retry options, even when none were given.
describe('an option Object.prototype holds (prototype pollution)', () => {
  const api = useDemoApis();

  it.each([
    ['retry', { retry: { methods: ['POST'], statusCodes: [503], limit: 3 }, maxRedirects: 20 }],
    ['retry.methods', { methods: ['POST'], statusCodes: [503] }],
  ])(
    'is ignored (%s): a POST answered 503 is sent once',
    async (_, polluted) => {
      const server = await api(() => ({ status: 503 }));
      const proto = Object.prototype as Record<string, unknown>;
      Object.assign(proto, polluted);
      try {
        const call = new InSessionApiCall({ fetch: server.fetch, sleep: async () => {} });
        const answered = await call.callApi({
          method: 'POST',
          apiUrl: `${server.url}/transfers`,
          tokenResponse: vendorTokens.okta,
          json: { amount: 100 },
          throwHttpErrors: false,
        });
        expect(answered.status).toBe(503);
        expect(server.requests).toHaveLength(1);
      } finally {
        for (const name of Object.keys(polluted)) delete proto[name];
      }
    },
    30_000,
  );
});

// Review (wave 32, ownoptions): callApi checked its arguments' keys as own, then read them through
// the prototype: a method, json, params or throwHttpErrors set on Object.prototype by a pollution
// bug elsewhere turned every GET into a DELETE with a body and a query of the attacker's choosing,
// or handed a 403 back as an answer.
describe("callApi's arguments: own properties only", () => {
  const api = useDemoApis();

  it('an inherited method, json and params do not change a GET', async () => {
    const server = await api(() => ({ status: 200, body: '{}' }));
    const call = new InSessionApiCall({ fetch: server.fetch });
    await polluted({ method: 'DELETE', json: { all: true }, params: { force: 'yes' } }, () =>
      call.callApi({ apiUrl: `${server.url}/accounts`, tokenResponse: vendorTokens.okta }),
    );
    expect(server.requests.map(({ method, path, body }) => ({ method, path, body }))).toEqual([
      { method: 'GET', path: '/accounts', body: '' },
    ]);
  }, 30_000);

  it('an inherited throwHttpErrors: false does not hand back a 403 as an answer', async () => {
    const server = await api(() => ({ status: 403, body: '{}' }));
    const call = new InSessionApiCall({ fetch: server.fetch });
    const called = polluted({ throwHttpErrors: false }, () =>
      call.callApi({ apiUrl: `${server.url}/accounts`, tokenResponse: vendorTokens.okta }),
    );
    await expect(called).rejects.toMatchObject({ status: 403 });
  }, 30_000);
});
