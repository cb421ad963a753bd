import { ConfigurationError } from '@dual-auth/core';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { CountingAdapter } from '../test/counting-adapter.js';
import { type TestKeyPair, testKeyPair } from '../test/keys.js';
import { ActJwtVerifier } from './act-jwt/act-jwt-verifier.js';
import { HybridSender } from './hybrid-sender.js';
import { InSessionTokenRequest } from './in-session-token-request.js';
import { OutOfSessionTokenRequest } from './out-of-session-token-request.js';
import { InMemoryTokenCache } from './token-cache/in-memory-token-cache.js';
import { SingleFlightTokenCache } from './token-cache/single-flight-token-cache.js';

const AUD = 'https://agent.example.com/invoke';
let app: TestKeyPair;
beforeAll(async () => {
  app = await testKeyPair();
});

// Every constructor of the package given no logger: a typo in the switch fails here, not at the
// first token request (docs/logging.md).
const BUILDERS: [string, () => unknown][] = [
  ['InSessionTokenRequest', () => new InSessionTokenRequest({ adapter: new CountingAdapter() })],
  [
    'OutOfSessionTokenRequest',
    () =>
      new OutOfSessionTokenRequest({
        adapter: new CountingAdapter(),
        publicKey: app.publicPem,
        expectedAudience: AUD,
      }),
  ],
  ['ActJwtVerifier', () => new ActJwtVerifier({ publicKey: app.publicPem, expectedAudience: AUD })],
  ['HybridSender', () => new HybridSender()],
  ['InMemoryTokenCache', () => new InMemoryTokenCache()],
  ['SingleFlightTokenCache', () => new SingleFlightTokenCache()],
];

describe.each([
  ['DUAL_AUTH_LOG', { DUAL_AUTH_LOG: 'jsn' }],
  ['DUAL_AUTH_LOG_LEVEL', { DUAL_AUTH_LOG: 'json', DUAL_AUTH_LOG_LEVEL: 'verbose' }],
])('a typo in %s', (variable, env) => {
  it.each(BUILDERS)('fails the construction of %s with a ConfigurationError', (_, build) => {
    for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
    expect(build).toThrow(ConfigurationError);
    expect(build).toThrow(expect.objectContaining({ variable }));
  });
});
