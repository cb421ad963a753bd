import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigurationError } from '../errors/configuration-error.js';
import type { KeyInput } from './import-key.js';
import { importPrivateKey, importPublicKey } from './import-key.js';

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const ed = generateKeyPairSync('ed25519');
const rsaPrivatePem = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
const rsaPublicPem = rsa.publicKey.export({ type: 'spki', format: 'pem' }) as string;
const rsaPrivateJwk = rsa.privateKey.export({ format: 'jwk' }) as JsonWebKey;
const rsaPublicJwk = rsa.publicKey.export({ format: 'jwk' }) as JsonWebKey;
const ecPrivatePem = ec.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
const ecSec1Pem = ec.privateKey.export({ type: 'sec1', format: 'pem' }) as string;
const edPrivatePem = ed.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;

/** Runs the real `openssl` (PKCS#1 keys as OpenSSL writes them), returning its PEM output. */
function openssl(...args: string[]): string;
function openssl(input: { stdin: string }, ...args: string[]): string;
function openssl(first: string | { stdin: string }, ...rest: string[]): string {
  const [input, args] =
    typeof first === 'string' ? [undefined, [first, ...rest]] : [first.stdin, rest];
  return execFileSync('openssl', args, {
    input,
    encoding: 'utf8',
    stdio: ['pipe', 'pipe', 'ignore'],
  });
}

async function configError(run: () => Promise<unknown>): Promise<ConfigurationError> {
  try {
    await run();
  } catch (error) {
    if (ConfigurationError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a ConfigurationError');
}

describe('importPrivateKey', () => {
  it('imports PKCS#8 PEM, private JWK and CryptoKey for each algorithm, and signs', async () => {
    const keys = await Promise.all([
      importPrivateKey(rsaPrivatePem, 'RS256'),
      importPrivateKey(rsaPrivatePem, 'PS256'),
      importPrivateKey(rsaPrivateJwk, 'RS256'),
      importPrivateKey(ecPrivatePem, 'ES256'),
      importPrivateKey(edPrivatePem, 'EdDSA'),
    ]);
    expect(keys.map((k) => [k.type, k.algorithm.name])).toEqual([
      ['private', 'RSASSA-PKCS1-v1_5'],
      ['private', 'RSA-PSS'],
      ['private', 'RSASSA-PKCS1-v1_5'],
      ['private', 'ECDSA'],
      ['private', 'Ed25519'],
    ]);
    const [first] = keys;
    expect(await importPrivateKey(first as CryptoKey, 'RS256')).toBe(first);
    const webKey = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
      'sign',
      'verify',
    ]);
    expect(await importPrivateKey(webKey.privateKey, 'ES256')).toBe(webKey.privateKey);
  });

  it('refuses a public key where a private key is needed', async () => {
    const name = 'APP_PRIVATE_KEY';
    expect(
      (await configError(() => importPrivateKey(rsaPublicPem, 'RS256', { name }))).message,
    ).toBe(
      "APP_PRIVATE_KEY is a public key; a private key ('-----BEGIN PRIVATE KEY-----', PKCS#8) is needed to sign",
    );
    expect(
      (await configError(() => importPrivateKey(rsaPublicJwk, 'RS256', { name }))).message,
    ).toContain('is a public JWK');
    const publicKey = await importPublicKey(rsaPublicPem, 'RS256');
    expect((await configError(() => importPrivateKey(publicKey, 'RS256', { name }))).message).toBe(
      'APP_PRIVATE_KEY is a public CryptoKey; a private key is needed',
    );
  });

  it('explains how to convert SEC1 PEM, and refuses encrypted keys', async () => {
    expect((await configError(() => importPrivateKey(ecSec1Pem, 'RS256'))).message).toContain(
      'openssl pkcs8 -topk8 -nocrypt',
    );
    const encrypted = rsa.privateKey.export({
      type: 'pkcs8',
      format: 'pem',
      cipher: 'aes-256-cbc',
      passphrase: 'pw',
    }) as string;
    expect((await configError(() => importPrivateKey(encrypted, 'RS256'))).message).toBe(
      'key is an encrypted private key; decrypt it first',
    );
  });

  it('refuses a key of the wrong type for the algorithm without echoing key material', async () => {
    const e = await configError(() =>
      importPrivateKey(ecPrivatePem, 'RS256', { name: 'privateKey' }),
    );
    expect(e.message).toBe(
      "privateKey is not a valid RS256 private key: it is an EC P-256 key (ES256); use the key's algorithm (allowed where the JWT is verified) or a key for RS256",
    );
    for (const text of [String(e), JSON.stringify(e), inspect(e)]) {
      expect(text).not.toContain(ecPrivatePem.split('\n')[1]);
    }
    const rsaKey = await importPrivateKey(rsaPrivatePem, 'RS256');
    expect((await configError(() => importPrivateKey(rsaKey, 'ES256'))).message).toBe(
      'key is a RSASSA-PKCS1-v1_5 CryptoKey, which cannot be used for ES256',
    );
  });

  it('refuses short RSA keys, non-PEM text, symmetric JWKs and other PEM blocks', async () => {
    const short = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
    const shortPem = short.export({ type: 'pkcs8', format: 'pem' }) as string;
    expect((await configError(() => importPrivateKey(shortPem, 'RS256'))).message).toMatch(
      /1024-bit RSA key; RS256 needs at least 2048 bits|not a valid RS256 private key/,
    );
    expect((await configError(() => importPrivateKey('/etc/key.pem', 'RS256'))).message).toContain(
      'is not PEM text',
    );
    expect(
      (await configError(() => importPrivateKey({ kty: 'oct', k: 'c2VjcmV0' }, 'RS256'))).message,
    ).toBe('key is a symmetric JWK; an asymmetric RS256 key is needed');
    expect((await configError(() => importPrivateKey({} as JsonWebKey, 'RS256'))).message).toBe(
      "key is not a JWK (no 'kty')",
    );
    const csr = '-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----';
    expect((await configError(() => importPrivateKey(csr, 'RS256'))).message).toBe(
      "key is a 'CERTIFICATE REQUEST' PEM block, not a key",
    );
  });

  it('refuses PEM text with anything but whitespace around its one block', async () => {
    const message = async (key: string) =>
      (await configError(() => importPrivateKey(key, 'RS256', { name: 'APP_PRIVATE_KEY' })))
        .message;
    for (const key of [
      `${rsaPrivatePem}${rsaPublicPem}`,
      `${rsaPrivatePem}GARBAGE`,
      `Key for prod\n${rsaPrivatePem}`,
    ]) {
      expect(await message(key)).toBe(
        "APP_PRIVATE_KEY holds more than one PEM block, or text around it; give one key's block alone",
      );
    }
    const spaced = `\n  ${rsaPrivatePem.replace(/\n/g, '\r\n')}\r\n\t`;
    expect((await importPrivateKey(spaced, 'RS256')).type).toBe('private');
  });

  it('refuses a JWK whose use or key_ops do not let it sign, as Web Crypto would', async () => {
    const message = async (jwk: JsonWebKey) =>
      (await configError(() => importPrivateKey(jwk, 'RS256'))).message;
    const notForSigning =
      "key is a JWK whose 'use' or 'key_ops' forbid 'sign'; give a key that may sign";
    for (const key_ops of [['verify'], ['decrypt'], []]) {
      expect(await message({ ...rsaPrivateJwk, key_ops })).toBe(notForSigning);
    }
    expect(await message({ ...rsaPrivateJwk, use: 'enc' })).toBe(notForSigning);
    const signing = { ...rsaPrivateJwk, use: 'sig', key_ops: ['sign', 'verify'] };
    expect((await importPrivateKey(signing, 'RS256')).usages).toEqual(['sign']);
  });

  it('throws TypeError on wrong argument types', async () => {
    await expect(importPrivateKey(42 as unknown as KeyInput, 'RS256')).rejects.toThrow(TypeError);
    await expect(importPrivateKey(null as unknown as KeyInput, 'RS256')).rejects.toThrow(TypeError);
    await expect(importPrivateKey(rsaPrivatePem, 'HS256' as 'RS256')).rejects.toThrow(
      'importPrivateKey: alg must be one of RS256, PS256, ES256, EdDSA',
    );
  });
});

describe('importPublicKey', () => {
  it('imports SPKI PEM, public JWK and CryptoKey', async () => {
    const keys = await Promise.all([
      importPublicKey(rsaPublicPem, 'RS256'),
      importPublicKey(rsaPublicJwk, 'RS256'),
      importPublicKey(ec.publicKey.export({ type: 'spki', format: 'pem' }) as string, 'ES256'),
    ]);
    expect(keys.map((k) => k.type)).toEqual(['public', 'public', 'public']);
  });

  it('refuses a private key where a public key is expected', async () => {
    expect((await configError(() => importPublicKey(rsaPrivatePem, 'RS256'))).message).toContain(
      'is a private key; give the public key',
    );
    // A verifier never holds a private key, not even one pasted after the public key.
    expect(
      (await configError(() => importPublicKey(`${rsaPublicPem}${rsaPrivatePem}`, 'RS256')))
        .message,
    ).toBe("key holds more than one PEM block, or text around it; give one key's block alone");
    expect((await configError(() => importPublicKey(rsaPrivateJwk, 'RS256'))).message).toContain(
      'is a private JWK',
    );
  });
});

// Real OpenSSL runs: generous timeouts, since a prime search on a busy machine can take seconds.
const OPENSSL_MS = 120_000;

describe('PKCS#1 keys (`openssl genrsa -traditional`, `-RSAPublicKey_out`)', () => {
  let pkcs1Private: string;
  let pkcs1Public: string;
  beforeAll(() => {
    pkcs1Private = openssl('genrsa', '-traditional', '2048');
    pkcs1Public = openssl({ stdin: pkcs1Private }, 'rsa', '-RSAPublicKey_out');
  }, OPENSSL_MS);

  it(
    'imports them for RS256 and PS256: what the private key signs, the public key verifies',
    async () => {
      expect(pkcs1Private).toMatch(/^-----BEGIN RSA PRIVATE KEY-----/);
      expect(pkcs1Public).toMatch(/^-----BEGIN RSA PUBLIC KEY-----/);
      const data = new TextEncoder().encode('act');
      for (const [alg, params] of [
        ['RS256', { name: 'RSASSA-PKCS1-v1_5' }],
        ['PS256', { name: 'RSA-PSS', saltLength: 32 }],
      ] as const) {
        const privateKey = await importPrivateKey(pkcs1Private, alg);
        const publicKey = await importPublicKey(pkcs1Public, alg);
        expect([privateKey.type, publicKey.type]).toEqual(['private', 'public']);
        const signature = await crypto.subtle.sign(params, privateKey, data);
        expect(await crypto.subtle.verify(params, publicKey, signature, data)).toBe(true);
      }
    },
    OPENSSL_MS,
  );

  it(
    'is the same key OpenSSL converts to PKCS#8 and SPKI',
    async () => {
      const pkcs8 = openssl({ stdin: pkcs1Private }, 'pkcs8', '-topk8', '-nocrypt');
      const spki = openssl({ stdin: pkcs1Private }, 'rsa', '-pubout');
      const jwk = async (key: CryptoKey) => crypto.subtle.exportKey('jwk', key);
      const ours = await importPublicKey(pkcs1Public, 'RS256');
      const theirs = await importPublicKey(spki, 'RS256');
      expect((await jwk(ours)).n).toBe((await jwk(theirs)).n);
      const data = new TextEncoder().encode('same key');
      const signature = await crypto.subtle.sign(
        'RSASSA-PKCS1-v1_5',
        await importPrivateKey(pkcs1Private, 'RS256'),
        data,
      );
      expect(await crypto.subtle.verify('RSASSA-PKCS1-v1_5', theirs, signature, data)).toBe(true);
      expect(await importPrivateKey(pkcs8, 'RS256')).toBeDefined();
    },
    OPENSSL_MS,
  );

  it(
    'refuses a short one, and one whose DER is broken, with messages that say so',
    async () => {
      const short = openssl('genrsa', '-traditional', '1024');
      expect((await configError(() => importPrivateKey(short, 'RS256'))).message).toBe(
        'key is a 1024-bit RSA key; RS256 needs at least 2048 bits',
      );
      const lines = pkcs1Private.trim().split('\n');
      const truncated = [...lines.slice(0, 10), lines.at(-1)].join('\n');
      const error = await configError(() =>
        importPrivateKey(truncated, 'RS256', { name: 'privateKey' }),
      );
      expect(error.message).toBe(
        "privateKey is not a well-formed 'RSA PRIVATE KEY' PEM: its base64 or DER structure is broken (truncated or altered?)",
      );
      for (const shown of [String(error), JSON.stringify(error), inspect(error)]) {
        expect(shown).not.toContain(lines[3]);
      }
      const publicLines = pkcs1Public.trim().split('\n');
      const notBase64 = [publicLines[0], `*${publicLines[1]?.slice(1)}`, ...publicLines.slice(2)];
      expect(
        (await configError(() => importPublicKey(notBase64.join('\n'), 'RS256'))).message,
      ).toContain('is not a well-formed');
    },
    OPENSSL_MS,
  );

  it(
    'refuses an encrypted one (Proc-Type: 4,ENCRYPTED)',
    () => {
      const encrypted = openssl(
        { stdin: pkcs1Private },
        'rsa',
        '-traditional',
        '-aes128',
        '-passout',
        'pass:pw',
      );
      expect(encrypted).toContain('Proc-Type: 4,ENCRYPTED');
      return expect(importPrivateKey(encrypted, 'RS256')).rejects.toThrow(
        'key is an encrypted private key; decrypt it first',
      );
    },
    OPENSSL_MS,
  );
});

describe('X.509 certificates (`openssl req -x509`)', () => {
  let rsaCertificate: string;
  let ecCertificate: string;
  beforeAll(() => {
    const folder = mkdtempSync(join(tmpdir(), 'dual-auth-x509-'));
    const selfSigned = (keyPem: string) => {
      const keyFile = join(folder, 'key.pem');
      writeFileSync(keyFile, keyPem, { mode: 0o600 });
      return openssl('req', '-x509', '-key', keyFile, '-subj', '/CN=dual-auth', '-days', '1');
    };
    rsaCertificate = selfSigned(rsaPrivatePem);
    ecCertificate = selfSigned(ecPrivatePem);
    rmSync(folder, { recursive: true });
  }, OPENSSL_MS);

  it('imports the certificate’s key, which verifies what the private key signs', async () => {
    const data = new TextEncoder().encode('act');
    for (const [certificate, privatePem, alg, params] of [
      [rsaCertificate, rsaPrivatePem, 'RS256', { name: 'RSASSA-PKCS1-v1_5' }],
      [rsaCertificate, rsaPrivatePem, 'PS256', { name: 'RSA-PSS', saltLength: 32 }],
      [ecCertificate, ecPrivatePem, 'ES256', { name: 'ECDSA', hash: 'SHA-256' }],
    ] as const) {
      expect(certificate).toMatch(/^-----BEGIN CERTIFICATE-----/);
      const publicKey = await importPublicKey(certificate, alg);
      const signature = await crypto.subtle.sign(
        params,
        await importPrivateKey(privatePem, alg),
        data,
      );
      expect(await crypto.subtle.verify(params, publicKey, signature, data)).toBe(true);
    }
  });

  it('refuses a chain of two certificates: the verifier would use the first only', async () => {
    expect(
      (await configError(() => importPublicKey(`${rsaCertificate}${ecCertificate}`, 'RS256')))
        .message,
    ).toBe("key holds more than one PEM block, or text around it; give one key's block alone");
  });

  it('refuses a public JWK marked for encryption, or without verify in key_ops', async () => {
    const message = async (jwk: JsonWebKey) =>
      (await configError(() => importPublicKey(jwk, 'RS256', { name: 'APP_PUBLIC_KEY' }))).message;
    const notForVerifying =
      "APP_PUBLIC_KEY is a JWK whose 'use' or 'key_ops' forbid 'verify'; give a key that may verify";
    expect(await message({ ...rsaPublicJwk, use: 'enc' })).toBe(notForVerifying);
    expect(await message({ ...rsaPublicJwk, key_ops: ['encrypt'] })).toBe(notForVerifying);
  });

  it(
    'refuses a certificate holding an RSA-PSS (id-RSASSA-PSS) key before Web Crypto, whatever the algorithm',
    async () => {
      const folder = mkdtempSync(join(tmpdir(), 'dual-auth-x509-pss-'));
      let certificate: string;
      try {
        const keyFile = join(folder, 'key.pem');
        writeFileSync(
          keyFile,
          openssl('genpkey', '-algorithm', 'RSA-PSS', '-pkeyopt', 'rsa_keygen_bits:2048'),
          { mode: 0o600 },
        );
        certificate = openssl(
          'req',
          '-x509',
          '-key',
          keyFile,
          '-subj',
          '/CN=dual-auth',
          '-days',
          '1',
        );
      } finally {
        rmSync(folder, { recursive: true });
      }
      for (const alg of ['PS256', 'RS256'] as const) {
        const refusal = await configError(() =>
          importPublicKey(certificate, alg, { name: 'APP_PUBLIC_KEY' }),
        );
        expect(refusal.message).toBe(
          'APP_PUBLIC_KEY holds an RSA-PSS (id-RSASSA-PSS) key; give an rsaEncryption key — PS256 signs and verifies with it (RFC 7518 §3.5)',
        );
        expect(refusal.cause).toBeUndefined();
      }
    },
    OPENSSL_MS,
  );

  it('refuses a certificate whose key does not serve the algorithm', async () => {
    expect((await configError(() => importPublicKey(ecCertificate, 'RS256'))).message).toBe(
      "key is not a valid RS256 public key: it is an EC P-256 key (ES256); use the key's algorithm (allowed where the JWT is verified) or a key for RS256",
    );
  });
});

describe('extractable', () => {
  it('keeps a private key unexportable unless asked, and a public key exportable', async () => {
    const locked = await importPrivateKey(rsaPrivatePem, 'RS256');
    const open = await importPrivateKey(rsaPrivateJwk, 'RS256', { extractable: true });
    const publicKey = await importPublicKey(rsaPublicPem, 'RS256');
    expect([locked.extractable, open.extractable, publicKey.extractable]).toEqual([
      false,
      true,
      true,
    ]);
    expect((await crypto.subtle.exportKey('jwk', open)).n).toBe(rsaPublicJwk.n);
  });

  it('follows a JWK’s own ext, as jose’s importJWK does', async () => {
    const publicKey = await importPublicKey({ ...rsaPublicJwk, ext: false }, 'RS256');
    const privateKey = await importPrivateKey({ ...rsaPrivateJwk, ext: true }, 'RS256');
    expect([publicKey.extractable, privateKey.extractable]).toEqual([false, true]);
  });
});
