import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { failure, tokenEndpointHarness } from '../../test/token-endpoint-harness.js';

const { run } = tokenEndpointHarness();

// Attack (a broken IdP or a proxy in front of it): the token endpoint answers with its status and
// headers, then a body that cannot be read: `Content-Encoding: gzip` over bytes that are not gzip,
// or `br` over bytes that are not Brotli. Held before: the error said "no answer from <host>: check that the
// IdP serves HTTPS there and that the token URL names its host and port", sending the operator to
// a URL that is right. Now it says the IdP answered, with its status, and what broke.
describe('attack: a token answer whose body cannot be decoded', () => {
  it.each([
    ['bytes that are not gzip', 'gzip', Buffer.from('{"access_token":"plain"}')],
    ['bytes that are not Brotli', 'br', gzipSync('{"access_token":"gzip, not br"}')],
  ])('says the IdP answered and its body broke, for %s', async (_name, encoding, body) => {
    const { call, logged } = await run(
      [{ status: 200, headers: { 'content-encoding': encoding }, body }],
      { retry: false },
    );
    const error = await failure(call);
    expect(error.message).toMatch(
      /^Token request failed: Network error reading the answer of Keycloak: it answered HTTP 200, then its body broke off or could not be decoded( \([A-Z_]+\))?: /,
    );
    expect(error.message).not.toContain('no answer');
    expect(error.retryable).toBe(true);
    expect(logged).toContainEqual(
      expect.objectContaining({ event: 'keycloak_network_error', level: 'error' }),
    );
  });
});

// Review: the neighbour of a broken body, one that stalls after the headers came: the error said
// "no answer within … ms from <host>", as for an IdP that never answered. The per-attempt timer
// is a faked one, moved on only once the answer's headers came (no race with a slow machine).
describe('attack: a token answer whose body stalls after its headers', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('says the IdP answered, with its status, and that its body did not arrive in time', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let headersCame: () => void = () => undefined;
    const answered = new Promise<void>((resolve) => {
      headersCame = resolve;
    });
    const { call } = await run([{ status: 200, stallBody: true, body: '{"access_token":"A' }], {
      timeoutMs: 1_000,
      retry: false,
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        headersCame();
        return response;
      },
    });
    await answered;
    vi.advanceTimersByTime(1_000);
    const error = await failure(call);
    expect(error.message).toMatch(
      /^Token request failed: Network error reading the answer of Keycloak: it answered HTTP 200, then its body did not arrive within 1000 ms \(timeoutMs\): /,
    );
    expect(error.message).not.toContain('no answer');
    expect(error.retryable).toBe(true);
  });
});
