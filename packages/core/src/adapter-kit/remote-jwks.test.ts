import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { errors, exportJWK, type FlattenedJWSInput, generateKeyPair, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigurationError } from '../errors/configuration-error.js';
import { BodyTooLargeError } from './read-bounded-body.js';
import { createRemoteJwks } from './remote-jwks.js';

const TOKEN = {} as FlattenedJWSInput;
// The right key after 1 MB of padding keys: a resolver that buffered it all would find it.
const PADDING = `{"kty":"oct","k":"${'A'.repeat(16_000)}"},`.repeat(64);

let server: Server;
let base: string;
let served: JWK[];
let hits = 0;

beforeAll(async () => {
  const { publicKey } = await generateKeyPair('ES256');
  served = [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256' }];
  server = createServer((req, res) => {
    hits += 1;
    if (req.url === '/fail') {
      res.writeHead(500, { 'content-type': 'application/json' }).end(`{"keys":[${PADDING}{}]}`);
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    if (req.url === '/sized') {
      res.end(`{"keys":[${PADDING}${JSON.stringify(served[0])}]}`);
    } else if (req.url === '/chunked') {
      res.write(`{"keys":[${PADDING}`);
      res.end(`${JSON.stringify(served[0])}]}`);
    } else {
      res.end(JSON.stringify({ keys: served }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function lookup(keys: ReturnType<typeof createRemoteJwks>, kid: string): Promise<unknown> {
  return Promise.resolve(keys({ alg: 'ES256', kid }, TOKEN));
}

const loopback = { allowInsecureLoopback: true } as const;

describe('createRemoteJwks', () => {
  it('refuses plain HTTP except on loopback with the opt-in', () => {
    expect(() => createRemoteJwks('http://idp.example.com/jwks')).toThrow(/HTTPS/);
    expect(() => createRemoteJwks('http://127.0.0.1:1/jwks')).toThrow(/HTTPS/);
    expect(() => createRemoteJwks('http://127.0.0.1:1/jwks')).toThrow(ConfigurationError);
    expect(() =>
      createRemoteJwks('http://127.0.0.1:1/jwks', { allowInsecureLoopback: true }),
    ).not.toThrow();
    expect(() => createRemoteJwks('https://idp.example.com/jwks', { maxBytes: 0 })).toThrow(
      TypeError,
    );
  });

  it('wrong option types → TypeError', () => {
    const url = 'https://idp.example.com/jwks';
    expect(() => createRemoteJwks(url, { fetch: 'fetch' as never })).toThrow(TypeError);
    expect(() => createRemoteJwks(url, { maxBytes: 1.5 })).toThrow(TypeError);
  });

  it('resolves a key by kid through the injected fetch, and caches it', async () => {
    let calls = 0;
    const counting: typeof fetch = (input, init) => {
      calls += 1;
      return fetch(input, init);
    };
    const keys = createRemoteJwks(`${base}/jwks`, { ...loopback, fetch: counting });
    await expect(lookup(keys, 'k1')).resolves.toBeDefined();
    await expect(lookup(keys, 'k1')).resolves.toBeDefined();
    expect(calls).toBe(1);
  });

  it('calls the global fetch as a function, as workerd requires (no fetch given)', async () => {
    const global = globalThis.fetch;
    // workerd's fetch throws "Illegal invocation" when called on another object.
    globalThis.fetch = function (this: unknown, input, init) {
      if (this !== undefined && this !== globalThis) throw new TypeError('Illegal invocation');
      return global(input, init);
    } as typeof fetch;
    try {
      await expect(lookup(createRemoteJwks(`${base}/jwks`, loopback), 'k1')).resolves.toBeDefined();
    } finally {
      globalThis.fetch = global;
    }
  });

  it('refetches on an unknown kid only past the cooldown', async () => {
    const eager = createRemoteJwks(`${base}/jwks`, { ...loopback, cooldownMs: 0 });
    await lookup(eager, 'k1');
    const before = hits;
    await expect(lookup(eager, 'nope')).rejects.toBeInstanceOf(errors.JWKSNoMatchingKey);
    expect(hits - before).toBe(1);
    const patient = createRemoteJwks(`${base}/jwks`, loopback);
    await lookup(patient, 'k1');
    const after = hits;
    await expect(lookup(patient, 'nope')).rejects.toBeInstanceOf(errors.JWKSNoMatchingKey);
    expect(hits).toBe(after);
  });

  it('stops reading a JWKS past maxBytes (default 256 KiB), with or without Content-Length', async () => {
    for (const path of ['/sized', '/chunked']) {
      const keys = createRemoteJwks(`${base}${path}`, loopback);
      const error = await lookup(keys, 'k1').catch((e: unknown) => e);
      expect(BodyTooLargeError.isInstance(error)).toBe(true);
      expect((error as BodyTooLargeError).message).toBe('The JWKS is larger than 262144 bytes');
      expect((error as BodyTooLargeError).maxBytes).toBe(262_144);
    }
    const small = createRemoteJwks(`${base}/jwks`, { ...loopback, maxBytes: 16 });
    const error = await lookup(small, 'k1').catch((e: unknown) => e);
    expect((error as Error).message).toBe('The JWKS is larger than 16 bytes');
    const roomy = createRemoteJwks(`${base}/chunked`, { ...loopback, maxBytes: 2_000_000 });
    await expect(lookup(roomy, 'k1')).resolves.toBeDefined();
  });

  it('leaves a non-200 answer to jose, which refuses it without a size error', async () => {
    const keys = createRemoteJwks(`${base}/fail`, loopback);
    const error = await lookup(keys, 'k1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(errors.JOSEError);
    expect(BodyTooLargeError.isInstance(error)).toBe(false);
  });
});
