import { afterEach, describe, expect, it, vi } from 'vitest';
import { craftJws, testKey } from '../../test/jws-kit.js';
import { onRuntime } from '../../test/on-runtime.js';
import { decodeCanonicalBase64url } from './base64url.js';

// What workerd's node:crypto does (it cannot run under vitest; tools/check-runtimes.mjs runs the
// real one): `verify` refuses string data, where Node's accepts it.
const workerdLikeCrypto = {
  KeyObject: { from: (key: CryptoKey) => ({ type: key.type }) },
  verify(_alg: string | null, data: unknown) {
    if (typeof data === 'string') {
      throw new TypeError(
        'The "data" argument must be an instance of Buffer, TypedArray, or DataView.',
      );
    }
    return true;
  },
};

// A runtime that looks like `userAgent`, with `getBuiltinModule` answering the crypto above.
const withBuiltins = {
  getBuiltinModule: (id: string) => (id === 'node:crypto' ? workerdLikeCrypto : undefined),
};

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('nodeBuiltin', () => {
  it('reaches Node built-ins only on Node, not on runtimes that mimic getBuiltinModule', async () => {
    const { nodeBuiltin } = await import('./node-builtin.js');
    for (const userAgent of ['Cloudflare-Workers', 'Deno/2.9.6', 'Bun/1.4.4']) {
      expect(onRuntime(userAgent, () => nodeBuiltin('node:crypto'), withBuiltins)).toBeUndefined();
    }
    expect(onRuntime('Node.js/24', () => nodeBuiltin('node:crypto'), withBuiltins)).toBe(
      workerdLikeCrypto,
    );
  });

  it('leaves a Workers runtime on Web Crypto, where its node:crypto would refuse every token', async () => {
    // signature-verifier.js reads node:crypto once per load: this test loads its own copy, which
    // then remembers the Workers runtime, and drops it again before the next file, which shares
    // this worker's modules (isolate: false). Left in the registry, it gave the files after this
    // one a verifier with no node:crypto (17 failures of signature-verifier.test.ts under load).
    vi.resetModules();
    try {
      const { defaultSignatureVerifier } = await import('./signature-verifier.js');
      const verifier = onRuntime(
        'Cloudflare-Workers',
        () => defaultSignatureVerifier('RS256', 1),
        withBuiltins,
      );
      const key = await testKey('RS256');
      const token = await craftJws({ alg: 'RS256' }, { sub: 'u-1' }, key.privateKey);
      const cut = token.lastIndexOf('.');
      const signature = decodeCanonicalBase64url(token.slice(cut + 1)) as Uint8Array<ArrayBuffer>;
      expect(verifier.name).toBe('web-crypto');
      await expect(
        verifier.verify('RS256', key.publicKey, token.slice(0, cut), signature),
      ).resolves.toBe(true);
    } finally {
      vi.resetModules();
    }
  });

  it('leaves the files after it the signature verifiers of the runtime they run on', async () => {
    const { defaultSignatureVerifier } = await import('./signature-verifier.js');
    expect(defaultSignatureVerifier('RS256', 1).name).toBe('node-crypto');
  });
});
