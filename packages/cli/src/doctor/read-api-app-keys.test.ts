import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError } from '@dual-auth/core';
import { afterAll, describe, expect, it } from 'vitest';
import { polluted } from '../../../core/test/polluted-prototype.js';
import { readApiAppKeys } from './read-api-app-keys.js';

const signing = generateKeyPairSync('rsa', { modulusLength: 2048 });
const encryption = generateKeyPairSync('rsa', { modulusLength: 2048 });
const publicPem = signing.publicKey.export({ type: 'spki', format: 'pem' }) as string;
const privatePem = signing.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
const folder = mkdtempSync(join(tmpdir(), 'dual-auth-doctor-keys-'));
afterAll(() => rmSync(folder, { recursive: true }));

const readFile = (name: string, json: object) => {
  writeFileSync(join(folder, name), JSON.stringify(json));
  return readApiAppKeys({ appPublicKeyFile: name }, { cwd: folder, env: {} });
};

describe('readApiAppKeys', () => {
  it('refuses APP_PUBLIC_KEY holding a private key after the public one', async () => {
    const read = readApiAppKeys(
      {},
      { cwd: folder, env: { APP_PUBLIC_KEY: publicPem + privatePem } },
    );
    await expect(read).rejects.toThrow(ConfigurationError);
    await expect(read).rejects.toThrow(
      "APP_PUBLIC_KEY holds more than one PEM block, or text around it; give one key's block alone",
    );
  });

  it('takes a JWKS that also lists an encryption key, which the verifier leaves aside', async () => {
    const sig = { ...signing.publicKey.export({ format: 'jwk' }), kid: 'sig', use: 'sig' };
    const enc = { ...encryption.publicKey.export({ format: 'jwk' }), kid: 'enc', use: 'enc' };
    const ops = {
      ...encryption.publicKey.export({ format: 'jwk' }),
      kid: 'ops',
      key_ops: ['encrypt'],
    };
    const read = await readFile('jwks.json', { keys: [sig, enc, ops] });
    expect(read?.source).toBe('--app-public-key-file');
    expect(typeof read?.keys).toBe('function');
  });

  it('still refuses a private key in a JWKS, marked for encryption or not', async () => {
    const enc = { ...encryption.privateKey.export({ format: 'jwk' }), use: 'enc' };
    await expect(readFile('private.json', { keys: [enc] })).rejects.toThrow(
      "--app-public-key-file keys[0] is a private JWK; give the public JWK (without 'd')",
    );
  });
});

// An inherited APP_PUBLIC_KEY would be the key the doctor vouches the API verifies with.
describe('readApiAppKeys on a polluted Object.prototype', () => {
  it('reads no inherited APP_PUBLIC_KEY or APP_PUBLIC_KEY_PATH', async () => {
    const read = polluted({ APP_PUBLIC_KEY: publicPem, APP_PUBLIC_KEY_PATH: 'attacker.pem' }, () =>
      readApiAppKeys({}, { cwd: folder, env: {} }),
    );
    await expect(read).resolves.toBeUndefined();
  });
});
