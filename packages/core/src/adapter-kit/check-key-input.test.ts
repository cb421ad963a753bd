import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../errors/configuration-error.js';
import { checkKeyInput } from './check-key-input.js';

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const rsaPrivatePem = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
const rsaPkcs1Pem = rsa.privateKey.export({ type: 'pkcs1', format: 'pem' }) as string;
const rsaPublicPem = rsa.publicKey.export({ type: 'spki', format: 'pem' }) as string;
const ecPrivatePem = ec.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
const ecPublicPem = ec.publicKey.export({ type: 'spki', format: 'pem' }) as string;

function thrown(run: () => unknown): ConfigurationError {
  try {
    run();
  } catch (error) {
    if (ConfigurationError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a ConfigurationError, thrown synchronously');
}

describe('checkKeyInput', () => {
  it('refuses, synchronously, a key of the wrong kind, type or structure', () => {
    const check = (key: string, kind: 'private' | 'public', alg?: 'RS256' | 'ES256') =>
      thrown(() => checkKeyInput(key, { kind, alg, name: 'privateKey' })).message;
    expect(check(ecPrivatePem, 'private', 'RS256')).toBe(
      "privateKey is not a valid RS256 private key: it is an EC P-256 key (ES256); use the key's algorithm (allowed where the JWT is verified) or a key for RS256",
    );
    expect(check(rsaPublicPem, 'public', 'ES256')).toBe(
      "privateKey is not a valid ES256 public key: it is an RSA key (RS256, PS256); use the key's algorithm (allowed where the JWT is verified) or a key for ES256",
    );
    // Journey 8: the sender's option is `algorithm`, so the advice names it with the key's value.
    const withOption = (key: string | JsonWebKey, alg: 'RS256' | 'ES256') =>
      thrown(() =>
        checkKeyInput(key, {
          kind: 'private',
          alg,
          name: 'privateKey',
          algorithmOption: 'algorithm',
        }),
      ).message;
    expect(withOption(ecPrivatePem, 'RS256')).toBe(
      "privateKey is not a valid RS256 private key: it is an EC P-256 key (ES256); pass `algorithm: 'ES256'` (allowed where the JWT is verified) or a key for RS256",
    );
    const ecJwk = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({
      format: 'jwk',
    }) as JsonWebKey;
    expect(withOption(ecJwk, 'RS256')).toMatch(/private JWK: .*; pass `algorithm: 'ES256'`/);
    expect(withOption(rsaPrivatePem, 'ES256')).toMatch(
      /it is an RSA key \(RS256, PS256\); pass `algorithm: 'RS256'` \(allowed/,
    );
    expect(check(rsaPublicPem, 'private')).toMatch(/^privateKey is a public key/);
    const cut = rsaPrivatePem.replace(/\n[^\n]+\n-----END/, '\n-----END');
    expect(check(cut, 'private', 'RS256')).toMatch(/is not a well-formed 'PRIVATE KEY' PEM/);
    expect(
      check(
        '-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----',
        'private',
      ),
    ).toMatch(/'OPENSSH PRIVATE KEY' PEM, which is not supported: give PKCS#8/);
  });

  it('refuses a public key followed by a private one: a verifier never holds a private key', () => {
    const { message } = thrown(() =>
      checkKeyInput(`${rsaPublicPem}\n${rsaPrivatePem}`, {
        kind: 'public',
        name: 'APP_PUBLIC_KEY',
      }),
    );
    expect(message).toBe(
      "APP_PUBLIC_KEY holds more than one PEM block, or text around it; give one key's block alone",
    );
  });

  it('says a public key’s header lines are not allowed, not that it is an encrypted key', () => {
    const withHeader = (header: string) => rsaPublicPem.replace('-----\n', `-----\n${header}\n`);
    expect(
      thrown(() => checkKeyInput(withHeader('Comment: prod key'), { kind: 'public' })).message,
    ).toBe("key has PEM header lines ('Name: value'); remove them");
    // OpenSSL's encrypted PKCS#1 key is the one private PEM with headers.
    const encrypted = rsaPkcs1Pem.replace(
      '-----\n',
      '-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00112233445566778899AABBCCDDEEFF\n\n',
    );
    expect(thrown(() => checkKeyInput(encrypted, { kind: 'private' })).message).toBe(
      'key is an encrypted private key; decrypt it first',
    );
  });

  it('refuses an RSA-PSS (id-RSASSA-PSS) PKCS#8 or SPKI key at once, whatever the algorithm, saying which RSA key to give', () => {
    const pss = generateKeyPairSync('rsa-pss', { modulusLength: 2048 });
    const privatePem = pss.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    const publicPem = pss.publicKey.export({ type: 'spki', format: 'pem' }) as string;
    const refusal =
      'holds an RSA-PSS (id-RSASSA-PSS) key; give an rsaEncryption key — PS256 signs and verifies with it (RFC 7518 §3.5)';
    for (const alg of ['PS256', 'RS256', undefined] as const) {
      expect(thrown(() => checkKeyInput(privatePem, { kind: 'private', alg })).message).toBe(
        `key ${refusal}`,
      );
      expect(
        thrown(() => checkKeyInput(publicPem, { kind: 'public', alg, name: 'publicKey' })).message,
      ).toBe(`publicKey ${refusal}`);
    }
  });

  it('says that a path is a path, and which helper reads it', () => {
    for (const path of [
      '/run/secrets/app-key.pem',
      './keys/app.pem',
      'C:\\keys\\app.pem',
      'app.key',
    ]) {
      const { message } = thrown(() =>
        checkKeyInput(path, { kind: 'private', name: 'privateKey' }),
      );
      expect(message).toContain('privateKey is not PEM text but looks like a file path');
      expect(message).toContain("loadKeyFile(path) from '@dual-auth/session/node'");
      expect(message).not.toContain(path);
    }
    // A public key's path: readPrivateKeyFile refuses a public key (and names APP_PRIVATE_KEY_PATH),
    // so it is not offered there.
    expect(
      thrown(() => checkKeyInput('./keys/app.pub', { kind: 'public', name: 'publicKey' })).message,
    ).toBe(
      "publicKey is not PEM text but looks like a file path: read the file first — loadKeyFile(path) from '@dual-auth/session/node' — and pass its content",
    );
    expect(thrown(() => checkKeyInput('hunter2', { kind: 'private' })).message).toBe(
      "key is not PEM text (expected a '-----BEGIN PRIVATE KEY-----' block)",
    );
  });

  it('passes good keys through, PKCS#1 wrapped as PKCS#8', () => {
    expect(checkKeyInput(rsaPrivatePem, { kind: 'private', alg: 'PS256' })).toEqual({
      form: 'pem',
      label: 'PRIVATE KEY',
      pem: rsaPrivatePem,
    });
    const wrapped = checkKeyInput(rsaPkcs1Pem, { kind: 'private', alg: 'RS256' });
    expect(wrapped).toEqual({ form: 'pem', label: 'PRIVATE KEY', pem: rsaPrivatePem });
    expect(checkKeyInput(ecPublicPem, { kind: 'public' })).toMatchObject({ label: 'PUBLIC KEY' });
    const jwk = rsa.publicKey.export({ format: 'jwk' }) as JsonWebKey;
    expect(checkKeyInput(jwk, { kind: 'public', alg: 'RS256' })).toEqual({ form: 'jwk', jwk });
    expect(() => checkKeyInput(jwk, { kind: 'public', alg: 'ES256' })).toThrow(
      "key is not a valid ES256 public JWK: it is an RSA key (RS256, PS256); use the key's algorithm",
    );
    const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    for (const key of [
      p384.publicKey.export({ format: 'pem', type: 'spki' }) as string,
      p384.publicKey.export({ format: 'jwk' }) as JsonWebKey,
    ]) {
      expect(() => checkKeyInput(key, { kind: 'public', alg: 'ES256' })).toThrow(
        /^key is not a valid ES256 public (key|JWK): it is an EC key on another curve than P-256 \(ES256 needs P-256\)$/,
      );
    }
    expect(() => checkKeyInput(42 as never, { kind: 'public' })).toThrow(TypeError);
  });

  it('refuses a key file read as bytes (a Buffer) with a TypeError that says to decode it', () => {
    // `readFileSync(path)` without an encoding is a Buffer: it was read as a JWK ("no 'kty'"),
    // which said nothing of the fix.
    const bytes = new TextEncoder().encode(rsaPrivatePem);
    for (const key of [bytes, bytes.buffer, new DataView(bytes.buffer)]) {
      let error: unknown;
      try {
        checkKeyInput(key as never, { kind: 'private', alg: 'RS256', name: 'privateKey' });
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toBe(
        "privateKey is bytes (a Buffer, Uint8Array or ArrayBuffer), not PEM text: read the file as text, readFileSync(path, 'utf8'), or decode it, new TextDecoder().decode(bytes)",
      );
      expect((error as Error).message).not.toContain('PRIVATE KEY');
    }
  });
});
