import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { craftJws, type TestKey, testKey } from '../../test/jws-kit.js';
import { decodeCanonicalBase64url } from './base64url.js';
import type { JwsAlgorithm } from './jws-algorithms.js';
import {
  defaultSignatureVerifier,
  nodeCryptoSignatureVerifier,
  nodeCryptoThreadPoolSignatureVerifier,
  type SignatureVerifier,
  webCryptoSignatureVerifier,
} from './signature-verifier.js';

const ALGS = ['RS256', 'PS256', 'ES256', 'EdDSA'] as const satisfies readonly JwsAlgorithm[];
const keys = new Map<JwsAlgorithm, TestKey>();
let hmacKey: CryptoKey;

beforeAll(async () => {
  for (const alg of ALGS) keys.set(alg, await testKey(alg));
  hmacKey = await crypto.subtle.generateKey({ name: 'HMAC', hash: 'SHA-256' }, true, ['verify']);
});

function keyOf(alg: JwsAlgorithm): TestKey {
  const key = keys.get(alg);
  if (key === undefined) throw new Error(`no ${alg} test key`);
  return key;
}

/** A JWS of `alg` by its test key, split into what a SignatureVerifier takes. */
async function signed(alg: JwsAlgorithm) {
  const token = await craftJws({ alg }, { sub: 'u-1' }, keyOf(alg).privateKey);
  const cut = token.lastIndexOf('.');
  const signature = decodeCanonicalBase64url(token.slice(cut + 1)) as Uint8Array<ArrayBuffer>;
  return { signingInput: token.slice(0, cut), signature };
}

// The runtime of these tests is Node (≥ 22.3): node:crypto is reachable.
const threadPool = nodeCryptoThreadPoolSignatureVerifier() as SignatureVerifier;

describe('nodeCryptoThreadPoolSignatureVerifier', () => {
  it('exists where node:crypto does', () => {
    expect(threadPool?.name).toBe('node-crypto-thread-pool');
  });

  it.each(ALGS)('%s: a good signature resolves true, a bad one false', async (alg) => {
    const { signingInput, signature } = await signed(alg);
    const { publicKey } = keyOf(alg);
    await expect(threadPool.verify(alg, publicKey, signingInput, signature)).resolves.toBe(true);
    const flipped = signature.slice();
    flipped[5] = (flipped[5] ?? 0) ^ 1;
    await expect(threadPool.verify(alg, publicKey, signingInput, flipped)).resolves.toBe(false);
    await expect(threadPool.verify(alg, publicKey, `${signingInput}x`, signature)).resolves.toBe(
      false,
    );
  });

  it('a key of another algorithm family resolves false, not a rejection', async () => {
    const rs = await signed('RS256');
    const es = await signed('ES256');
    // ECDSA key with an RSA signature and the other way round: node:crypto answers "invalid".
    await expect(
      threadPool.verify('ES256', keyOf('ES256').publicKey, rs.signingInput, es.signature),
    ).resolves.toBe(false);
    await expect(
      threadPool.verify('RS256', keyOf('RS256').publicKey, es.signingInput, rs.signature),
    ).resolves.toBe(false);
  });

  it('an error on the thread pool resolves false, not a rejection nor a crash', async () => {
    // An Ed25519 key asked for an RS256 (SHA-256) check: OpenSSL refuses the digest on the
    // thread pool, and the callback gets an error.
    const { signingInput, signature } = await signed('RS256');
    await expect(
      threadPool.verify('RS256', keyOf('EdDSA').publicKey, signingInput, signature),
    ).resolves.toBe(false);
  });

  it('a key node:crypto refuses at once (a secret key) resolves false', async () => {
    const { signingInput, signature } = await signed('RS256');
    await expect(threadPool.verify('RS256', hmacKey, signingInput, signature)).resolves.toBe(false);
    expect(nodeCryptoSignatureVerifier()?.verify('RS256', hmacKey, signingInput, signature)).toBe(
      false,
    );
  });

  it('a signature of the wrong size for the algorithm is false without asking node:crypto', async () => {
    const { signingInput } = await signed('ES256');
    expect(
      threadPool.verify('ES256', keyOf('ES256').publicKey, signingInput, new Uint8Array(63)),
    ).toBe(false);
  });
});

describe('node:crypto verifiers with a non-extractable public key', () => {
  it.each(ALGS)(
    '%s: verified by Web Crypto, no deprecated KeyObject.from (DEP0204)',
    async (alg) => {
      const { signingInput, signature } = await signed(alg);
      const jwk = keyOf(alg).publicJwk;
      const params = {
        RS256: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
        PS256: { name: 'RSA-PSS', hash: 'SHA-256' },
        ES256: { name: 'ECDSA', namedCurve: 'P-256' },
        EdDSA: { name: 'Ed25519' },
      }[alg];
      const { alg: _, kid: __, ...bare } = jwk;
      const locked = await crypto.subtle.importKey('jwk', bare, params, false, ['verify']);
      const warnings: string[] = [];
      const onWarning = (warning: Error & { code?: string }) => warnings.push(String(warning.code));
      process.on('warning', onWarning);
      try {
        for (const verifier of [nodeCryptoSignatureVerifier(), threadPool]) {
          await expect(verifier?.verify(alg, locked, signingInput, signature)).resolves.toBe(true);
        }
        await new Promise((resolve) => setTimeout(resolve, 0));
      } finally {
        process.off('warning', onWarning);
      }
      expect(warnings).not.toContain('DEP0204');
    },
  );
});

describe('defaultSignatureVerifier on Node', () => {
  it.each([
    ['RS256', 'node-crypto-thread-pool'],
    ['PS256', 'node-crypto-thread-pool'],
    ['EdDSA', 'node-crypto-thread-pool'],
    ['ES256', 'web-crypto'],
  ] as const)('%s: synchronous alone, %s when others are in flight', (alg, inFlight) => {
    expect(defaultSignatureVerifier(alg, 1).name).toBe('node-crypto');
    expect(defaultSignatureVerifier(alg, 2).name).toBe(inFlight);
  });
});

describe('webCryptoSignatureVerifier', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it.each(ALGS)('%s: a good signature resolves true, a bad one false', async (alg) => {
    const { signingInput, signature } = await signed(alg);
    const { publicKey } = keyOf(alg);
    await expect(
      webCryptoSignatureVerifier.verify(alg, publicKey, signingInput, signature),
    ).resolves.toBe(true);
    await expect(
      webCryptoSignatureVerifier.verify(alg, publicKey, `${signingInput}x`, signature),
    ).resolves.toBe(false);
  });

  // Node's Web Crypto makes the algorithm object the prototype of its normalized copy: a new
  // object per token costs V8 a new prototype map per token.
  it.each(ALGS)('%s: hands Web Crypto one algorithm object for every token', async (alg) => {
    const { signingInput, signature } = await signed(alg);
    const { publicKey } = keyOf(alg);
    const verify = vi.spyOn(crypto.subtle, 'verify');
    for (let i = 0; i < 3; i += 1) {
      await webCryptoSignatureVerifier.verify(alg, publicKey, signingInput, signature);
    }
    const [first, ...rest] = verify.mock.calls.map(([params]) => params);
    expect(first).toBeDefined();
    for (const params of rest) expect(params).toBe(first);
  });

  it('encodes a signing input outside ASCII as UTF-8, as TextEncoder does', async () => {
    const { publicKey } = keyOf('ES256');
    const verify = vi.spyOn(crypto.subtle, 'verify');
    const signingInput = 'a.é\u{1F600}\ud800';
    await webCryptoSignatureVerifier.verify(
      'ES256',
      publicKey,
      signingInput,
      new Uint8Array(64) as Uint8Array<ArrayBuffer>,
    );
    const data = verify.mock.calls[0]?.[3] as Uint8Array;
    expect([...data]).toEqual([...new TextEncoder().encode(signingInput)]);
  });
});
