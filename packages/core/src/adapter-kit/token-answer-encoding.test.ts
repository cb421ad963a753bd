import { expect, it } from 'vitest';
import { failure, tokenEndpointHarness } from '../../test/token-endpoint-harness.js';

const { run } = tokenEndpointHarness();

// wave27: an IdP (or a proxy before it) answering with more Content-Encodings than undici decodes
// (5) was told as a host that gave no answer ("check that the IdP serves HTTPS there and that the
// token URL names its host and port"), and retried 3 times: the host answered, and answers the
// same way every time.
it('an answer with too many content codings says so and is not retried', async () => {
  const reply = {
    status: 200,
    body: 'x',
    headers: { 'content-encoding': 'gzip, gzip, gzip, gzip, gzip, gzip' },
  };
  const { call, forms } = await run([reply, reply]);
  const error = await failure(call);
  expect(error.message).toBe(
    'Token request failed: Keycloak answered with more Content-Encodings than a client decodes (at most 5): check the IdP, and any proxy in between that rewrites Content-Encoding; retrying will not help',
  );
  expect(error.retryable).toBe(false);
  expect(forms).toEqual([1]);
});
