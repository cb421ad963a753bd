import { generateKeyPairSync } from 'node:crypto';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { capturedRun } from '../test/support/captured-run.js';
import { EXIT } from './run-cli.js';

// Attack (session 36, attack3): `dual-auth jwks` published what it was given. A 1024-bit RSA key
// got a JWKS, though RFC 7518 §3.3 requires 2048 bits for RS256 and the verifiers (jose, the
// guard) refuse it: the mistake showed only when every token failed. A DSA key (or RSA-PSS) made
// the export throw and printed Node's `ERR_CRYPTO_JWK_UNSUPPORTED_KEY_TYPE`, not what to give.

const pemOf = (type: 'rsa' | 'dsa' | 'rsa-pss', options: object) =>
  generateKeyPairSync(
    type as 'rsa',
    {
      ...options,
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    } as never,
  ).privateKey as unknown as string;

const jwks = (pem: string) => capturedRun(['jwks', '-'], tmpdir(), { readStdin: async () => pem });

describe('dual-auth jwks of a key no verifier takes', () => {
  it('a 1024-bit RSA key: exit 2, saying RS256 needs 2048 bits', async () => {
    const result = await jwks(pemOf('rsa', { modulusLength: 1024 }));
    expect(result.code).toBe(EXIT.usage);
    expect(result.stderr).toContain('at least 2048 bits');
    expect(result.stdout).toBe('');
  });

  it.each([
    ['dsa', { modulusLength: 2048, divisorLength: 256 }],
    ['rsa-pss', { modulusLength: 2048 }],
  ] as const)('a %s key: exit 2, naming the key types it takes', async (type, options) => {
    const result = await jwks(pemOf(type, options));
    expect(result.code).toBe(EXIT.usage);
    expect(result.stderr).toContain('the key must be RSA, EC P-256 or Ed25519');
  });

  it('a 2048-bit RSA key gets its JWKS (held)', async () => {
    const result = await jwks(pemOf('rsa', { modulusLength: 2048 }));
    expect(result.code).toBe(EXIT.ok);
    expect(JSON.parse(result.stdout).keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256' });
  });
});
