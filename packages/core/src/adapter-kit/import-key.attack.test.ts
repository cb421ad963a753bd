import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../errors/configuration-error.js';
import { importPrivateKey, importPublicKey } from './import-key.js';

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const privatePem = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
const publicPem = rsa.publicKey.export({ type: 'spki', format: 'pem' }) as string;

/** `pem` with megabytes of base64 before its END line: what a hostile store can hand over. */
const swollen = (pem: string, label: string) =>
  pem.replace(`-----END ${label}-----`, `${'A'.repeat(10_000_000)}\n-----END ${label}-----`);

// Attack: a hostile secrets store (or a botched paste) gives APP_PRIVATE_KEY, or the API's act
// assertion key, as a PEM block of a few megabytes. The block's base64 was checked with a regex
// whose repeated group overflowed the engine's backtracking stack: `RangeError: Maximum call stack
// size exceeded`, an untyped crash, instead of a ConfigurationError saying what is wrong.
describe('attack: a PEM block of several megabytes', () => {
  it('is refused as a broken private key, a typed error', async () => {
    const error = await importPrivateKey(swollen(privatePem, 'PRIVATE KEY'), 'RS256').catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toBe(
      "key is not a well-formed 'PRIVATE KEY' PEM: its base64 or DER structure is broken (truncated or altered?)",
    );
  });

  it('is refused as a broken public key, a typed error', async () => {
    const error = await importPublicKey(swollen(publicPem, 'PUBLIC KEY'), 'RS256').catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigurationError);
  });

  it('still takes the key itself, and still refuses base64 padded wrongly', async () => {
    await expect(importPrivateKey(privatePem, 'RS256')).resolves.toBeDefined();
    const body = privatePem.split('\n').slice(1, -2).join('');
    const padded = `-----BEGIN PRIVATE KEY-----\n${body}=\n-----END PRIVATE KEY-----\n`;
    await expect(importPrivateKey(padded, 'RS256')).rejects.toThrow(ConfigurationError);
  });
});
