import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { craftJws, testKey } from '../../test/jws-kit.js';
import { ActVerificationError } from '../errors/act-verification-error.js';
import { verifyJwt } from '../jwt/verify-jwt.js';
import { createRemoteJwks } from './remote-jwks.js';

// Attack (wave32): a JWKS URL that carries a key in its query (a gateway's `api_key=`), and a
// fetch that quotes it when it fails: Deno's "error sending request for url (…)", or a fetch
// wrapper's error that keeps the request it sent (as ky's HTTPError does). The download failure
// became the `cause` of the `key_unavailable` refusal as thrown, so `JSON.stringify` of the
// refusal (its cause's message), `util.inspect` of its cause, and `structuredClone` (which copies
// the cause chain) showed the key; the outage must still read as an outage.
const KEY = 'gw-key-0123456789abcdefghijkl';
const JWKS_URL = `https://idp.example.test/jwks?api_key=${KEY}`;

// Each failure, and what its cause still says (the outage, the origin and path).
const failures: Record<string, [() => Error, string]> = {
  "Deno's message": [
    () => new TypeError(`error sending request for url (${JWKS_URL}): client error (Connect)`),
    'error sending request for url (https://idp.example.test/jwks): client error (Connect)',
  ],
  "a wrapper's error keeping the request": [
    () =>
      Object.assign(new Error('Request failed with status code 502 Bad Gateway'), {
        request: new Request(JWKS_URL, { headers: { 'x-api-key': KEY } }),
      }),
    'Request failed with status code 502 Bad Gateway',
  ],
  'a timeout quoting the URL': [
    () => new DOMException(`The operation timed out fetching ${JWKS_URL}`, 'TimeoutError'),
    'request timed out',
  ],
};

describe('attack: a JWKS download failure that quotes the URL it was sent to', () => {
  it.each(Object.keys(failures))(
    '%s: the key_unavailable refusal shows no key, however it is logged',
    async (name) => {
      const signer = await testKey('RS256');
      const token = await craftJws(
        { alg: 'RS256', kid: 'k1' },
        { iss: 'https://idp.example.test/', aud: 'api', exp: 2_000_000_000 },
        signer.privateKey,
      );
      const [failure, kept] = failures[name] as [() => Error, string];
      const keys = createRemoteJwks(JWKS_URL, {
        fetch: async () => {
          throw failure();
        },
        logger: { debug() {}, info() {}, warn() {}, error() {} },
      });
      const error = await verifyJwt(token, {
        label: 'Access token',
        keys,
        algorithms: ['RS256'],
        issuer: 'https://idp.example.test/',
        audience: 'api',
        nowMs: 1_800_000_000_000,
        clockToleranceSeconds: 5,
        maxTokenBytes: 8192,
      }).catch((e: unknown) => e);
      expect(ActVerificationError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ reason: 'key_unavailable' });
      const { cause } = error as ActVerificationError;
      for (const text of [
        JSON.stringify(error),
        inspect(error, { depth: 10 }),
        inspect(cause, { depth: 10 }),
        inspect(structuredClone(error), { depth: 10 }),
      ]) {
        expect(text).not.toContain(KEY);
      }
      expect(inspect(cause, { depth: 10 })).toContain(kept);
    },
  );
});
