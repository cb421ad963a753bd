import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, type FlattenedJWSInput, generateKeyPair, type JWK } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Logger } from '../contracts/logger.js';
import { createRemoteJwks, type RemoteJwksOptions } from './remote-jwks.js';

// Attack review brk23 (session 11): createRemoteJwks's own cache (wave11/fixj11b), over a real
// loopback HTTP server; the clock is injected, nothing is timed.

const TOKEN = {} as FlattenedJWSInput;
const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };

let server: Server;
let base: string;
let k1: JWK;
let k2: JWK;
// What the IdP serves now; a handler may be swapped in per test.
let handler: (req: IncomingMessage, res: ServerResponse) => void;
let hits = 0;

function serve(keys: JWK[]) {
  return (_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys }));
  };
}

beforeAll(async () => {
  const one = await generateKeyPair('ES256');
  const two = await generateKeyPair('ES256');
  k1 = { ...(await exportJWK(one.publicKey)), kid: 'k1', alg: 'ES256' };
  k2 = { ...(await exportJWK(two.publicKey)), kid: 'k2', alg: 'ES256' };
  server = createServer((req, res) => {
    hits += 1;
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
afterEach(() => {
  vi.unstubAllGlobals();
});

/** A key set over the test IdP with an injected clock; `at.now` moves it. */
function remote(options: RemoteJwksOptions = {}, start = 0) {
  const at = { now: start };
  const keys = createRemoteJwks(`${base}/jwks`, {
    allowInsecureLoopback: true,
    clock: { now: () => at.now },
    logger: silent,
    ...options,
  });
  return { keys, at };
}

function lookup(keys: ReturnType<typeof createRemoteJwks>, kid: string): Promise<unknown> {
  return Promise.resolve(keys({ alg: 'ES256', kid }, TOKEN));
}

describe('createRemoteJwks under attack (brk23)', () => {
  it('a wall clock stepped back does not keep a withdrawn key trusted past cacheMaxAgeMs of elapsed time', async () => {
    handler = serve([k1]);
    const { keys, at } = remote({ cacheMaxAgeMs: 600_000, staleIfErrorMs: 0 }, 10 * 3_600_000);
    await expect(lookup(keys, 'k1')).resolves.toBeDefined();
    // The IdP withdraws k1 (compromised); the host's clock is stepped back 2 h (NTP, VM resume).
    handler = serve([k2]);
    at.now -= 2 * 3_600_000;
    // 20 minutes of real time later, well past cacheMaxAgeMs, the keys must have been refreshed.
    at.now += 20 * 60_000;
    await expect(lookup(keys, 'k1')).rejects.toThrow();
  });

  it('a wall clock stepped back does not stop the retries of a fresh instance whose first download failed', async () => {
    handler = (_req, res) => res.writeHead(503).end();
    const { keys, at } = remote({ cooldownMs: 30_000 }, 10 * 3_600_000);
    await expect(lookup(keys, 'k1')).rejects.toThrow();
    // The IdP recovers; the clock is stepped back 1 h. After a minute of real time (twice the
    // cooldown) the instance must ask again rather than refuse every request for the hour.
    handler = serve([k1]);
    at.now -= 3_600_000;
    at.now += 60_000;
    await expect(lookup(keys, 'k1')).resolves.toBeDefined();
  });

  it('on Cloudflare Workers (downloads not shared), an older download finishing last does not bring back a withdrawn key', async () => {
    vi.stubGlobal('navigator', { userAgent: 'Cloudflare-Workers' });
    // The first request (before the rotation) is held by the network until released; the
    // second (after it) is answered at once with the rotated set.
    let release: (() => void) | undefined;
    let first = true;
    handler = (_req, res) => {
      if (first) {
        first = false;
        release = () => serve([k1])(_req, res);
        return;
      }
      serve([k2])(_req, res);
    };
    const { keys, at } = remote();
    const early = lookup(keys, 'k1').catch(() => undefined);
    await vi.waitFor(() => expect(release).toBeDefined(), { timeout: 10_000 });
    at.now += 1;
    await expect(lookup(keys, 'k2')).resolves.toBeDefined();
    release?.();
    await early;
    // k1 was withdrawn before the newest answer; the stale answer delivered late must not win.
    at.now += 1;
    await expect(lookup(keys, 'k1')).rejects.toThrow();
  });

  it('refuses a misspelled option instead of silently keeping the 1 h last-known-good', () => {
    // `staleIfErrorMS: 0` (or `staleIfError: 0`) is meant to turn stale keys
    // off; dropped silently, a withdrawn key stays trusted for an hour during an outage.
    expect(() =>
      createRemoteJwks('https://idp.example.com/jwks', { staleIfErrorMS: 0 } as never),
    ).toThrow(TypeError);
    expect(() =>
      createRemoteJwks('https://idp.example.com/jwks', { cacheMaxAge: 60_000 } as never),
    ).toThrow(TypeError);
  });

  it('an IdP rate-limiting its JWKS (429) is an outage: the last-known-good keeps verifying', async () => {
    // Okta, Auth0 and Entra rate-limit their keys endpoints; anyone can spend that budget. A 429
    // says "not now", not "these keys are gone", so it must not end the last-known-good.
    handler = serve([k1]);
    const { keys, at } = remote();
    await lookup(keys, 'k1');
    handler = (_req, res) => res.writeHead(429, { 'retry-after': '60' }).end();
    at.now += 600_000;
    await expect(lookup(keys, 'k1')).resolves.toBeDefined();
  });

  it('while the IdP is black-holed, lookups served from the last-known-good do not wait for each retry', async () => {
    handler = serve([k1]);
    const { keys, at } = remote({ timeoutMs: 60_000 });
    await lookup(keys, 'k1');
    // The IdP goes down: the refresh past the max age fails, the held keys keep verifying.
    handler = (_req, res) => res.writeHead(503).end();
    at.now += 600_000;
    await expect(lookup(keys, 'k1')).resolves.toBeDefined();
    // Now the path to it black-holes (a network attacker): each retry, once per cooldown, hangs
    // until timeoutMs. Every request meanwhile should still be served from the held keys
    // (stale-while-revalidate, RFC 5861 §3), not stall with it.
    const held: ServerResponse[] = [];
    handler = (_req, res) => {
      held.push(res);
    };
    at.now += 30_000;
    let settled = false;
    const during = lookup(keys, 'k1').finally(() => {
      settled = true;
    });
    try {
      await vi.waitFor(() => expect(settled).toBe(true), { timeout: 10_000 });
    } finally {
      for (const res of held) res.writeHead(503).end();
      await during.catch(() => undefined);
    }
  }, 60_000);

  it('a polluted Object.prototype does not set an option (options are read as own properties only)', async () => {
    // A prototype-pollution bug elsewhere in the process (a JSON merge of request input) sets
    // Object.prototype.cacheMaxAgeMs; checkOption reads options[name], inherited values included,
    // so every createRemoteJwks(url) would then trust a withdrawn key for 24.8 days.
    handler = serve([k1]);
    const proto = Object.prototype as Record<string, unknown>;
    proto.cacheMaxAgeMs = 2_147_483_647;
    let made: ReturnType<typeof remote>;
    try {
      made = remote();
    } finally {
      delete proto.cacheMaxAgeMs;
    }
    const { keys, at } = made;
    await lookup(keys, 'k1');
    handler = serve([k2]);
    at.now += 600_000;
    await expect(lookup(keys, 'k1')).rejects.toThrow();
  });

  it('held: past the cooldown, an unknown-kid flood downloads at most once per cooldown', async () => {
    handler = serve([k1]);
    const { keys, at } = remote();
    await lookup(keys, 'k1');
    const before = hits;
    at.now += 30_000;
    await Promise.all(
      Array.from({ length: 50 }, (_, i) => lookup(keys, `forged-${i}`).catch(() => undefined)),
    );
    expect(hits - before).toBe(1);
  });

  it('held: a 5xx flood cannot stretch the last-known-good past cacheMaxAgeMs + staleIfErrorMs', async () => {
    handler = serve([k1]);
    const { keys, at } = remote({ cacheMaxAgeMs: 600_000, staleIfErrorMs: 3_600_000 });
    await lookup(keys, 'k1');
    handler = (_req, res) => res.writeHead(503).end();
    for (const step of [600_000, 1_000_000, 1_000_000, 1_000_000]) {
      at.now += step;
      await expect(lookup(keys, 'k1')).resolves.toBeDefined();
    }
    at.now += 1_000_000;
    await expect(lookup(keys, 'k1')).rejects.toThrow();
  });
});
