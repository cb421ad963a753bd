import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { craftJws, type TestKey, testKey } from '../../test/jws-kit.js';
import { readEnv } from '../config/read-env.js';
import { decodeCanonicalBase64url } from './base64url.js';
import type { JwsAlgorithm } from './jws-algorithms.js';
import { MOST_SYNC_VERIFICATIONS_PER_TURN, threadPoolSize } from './signature-path.js';
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

/** An RS256 key pair of `bits` bits and a signature by it, split as in {@link signed}. */
async function testKeyOfBits(bits: number) {
  const { privateKey, publicKey } = (await crypto.subtle.generateKey(
    {
      name: 'RSASSA-PKCS1-v1_5',
      modulusLength: bits,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: 'SHA-256',
    },
    true,
    ['sign', 'verify'],
  )) as CryptoKeyPair;
  const token = await craftJws({ alg: 'RS256' }, { sub: 'u-1' }, privateKey);
  const cut = token.lastIndexOf('.');
  const signature = decodeCanonicalBase64url(token.slice(cut + 1)) as Uint8Array<ArrayBuffer>;
  return { publicKey, signingInput: token.slice(0, cut), signature };
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
    ['RS256', 'node-crypto-shared'],
    ['PS256', 'node-crypto-shared'],
    ['EdDSA', 'node-crypto-thread-pool'],
    ['ES256', 'web-crypto'],
  ] as const)('%s: synchronous alone, %s when others are in flight', (alg, inFlight) => {
    expect(defaultSignatureVerifier(alg, 1).name).toBe('node-crypto');
    expect(defaultSignatureVerifier(alg, 2).name).toBe(inFlight);
  });
});

describe('defaultSignatureVerifier for RSA with others in flight', () => {
  const poolSize = threadPoolSize(readEnv().UV_THREADPOOL_SIZE);
  const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

  /** Hands `count` signatures to the thread pool; resolves once all have come back. */
  async function fillPool(count = poolSize): Promise<() => Promise<void>> {
    const { signingInput, signature } = await signed('RS256');
    await nextTurn();
    const pending = Array.from({ length: count }, () =>
      threadPool.verify('RS256', keyOf('RS256').publicKey, signingInput, signature),
    );
    return async () => {
      expect(await Promise.all(pending)).toEqual(pending.map(() => true));
    };
  }

  it.each(['RS256', 'PS256'] as const)(
    '%s: queued while the pool has room, verified inline once this process filled it',
    async (alg) => {
      const { signingInput, signature } = await signed(alg);
      const { publicKey } = keyOf(alg);
      const shared = defaultSignatureVerifier(alg, 2);
      await nextTurn();
      const queued = shared.verify(alg, publicKey, signingInput, signature);
      expect(queued).toBeInstanceOf(Promise);
      await expect(queued).resolves.toBe(true);
      const drain = await fillPool();
      expect(shared.verify(alg, publicKey, signingInput, signature)).toBe(true);
      await drain();
    },
  );

  it('gives the same answer on either path, for every failure too', async () => {
    const { signingInput, signature } = await signed('RS256');
    const { publicKey } = keyOf('RS256');
    const flipped = signature.slice();
    flipped[5] = (flipped[5] ?? 0) ^ 1;
    const es = await signed('ES256');
    const cases: [CryptoKey, string, Uint8Array<ArrayBuffer>, boolean][] = [
      [publicKey, signingInput, signature, true],
      [publicKey, signingInput, flipped, false],
      [publicKey, `${signingInput}x`, signature, false],
      [publicKey, es.signingInput, es.signature, false],
      [keyOf('ES256').publicKey, signingInput, signature, false],
      [hmacKey, signingInput, signature, false],
    ];
    const shared = defaultSignatureVerifier('RS256', 2);
    for (const [key, input, bytes, expected] of cases) {
      await nextTurn();
      const queued = shared.verify('RS256', key, input, bytes);
      expect(queued).toBeInstanceOf(Promise);
      await expect(queued).resolves.toBe(expected);
      const drain = await fillPool();
      expect(await shared.verify('RS256', key, input, bytes)).toBe(expected);
      await drain();
    }
  });

  it('holds the event loop for at most 64 inline verifications, then again after it turns', async () => {
    const { signingInput, signature } = await signed('RS256');
    const { publicKey } = keyOf('RS256');
    const shared = defaultSignatureVerifier('RS256', 2);
    const drain = await fillPool();
    const answers = Array.from({ length: MOST_SYNC_VERIFICATIONS_PER_TURN + 1 }, () =>
      shared.verify('RS256', publicKey, signingInput, signature),
    );
    expect(answers.slice(0, -1)).toEqual(answers.slice(0, -1).map(() => true));
    expect(answers.at(-1)).toBeInstanceOf(Promise);
    await expect(answers.at(-1)).resolves.toBe(true);
    await drain();
    const drainAgain = await fillPool();
    expect(shared.verify('RS256', publicKey, signingInput, signature)).toBe(true);
    await drainAgain();
  });

  it('leaves an RSA key longer than 2048 bits to the pool, full or not', async () => {
    const long = await testKeyOfBits(3072);
    const drain = await fillPool();
    const answer = defaultSignatureVerifier('RS256', 2).verify(
      'RS256',
      long.publicKey,
      long.signingInput,
      long.signature,
    );
    expect(answer).toBeInstanceOf(Promise);
    await expect(answer).resolves.toBe(true);
    await drain();
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
