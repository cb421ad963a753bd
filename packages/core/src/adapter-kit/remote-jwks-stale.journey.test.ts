import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, type FlattenedJWSInput, generateKeyPair, type JWK } from 'jose';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LogFields } from '../contracts/logger.js';
import { keyFailure } from '../jwt/jwt-refusal.js';
import { createRemoteJwks, type RemoteJwksOptions } from './remote-jwks.js';

// Journey 11 (day-2 operations): an IdP outage longer than the JWKS cache's max age (10 minutes
// in the resource guard) turned into a 503 for every request, valid tokens of long-lived IdPs
// (Auth0 24 h, Okta 1 h) included, although the keys already downloaded were still the IdP's. A
// refresh that cannot reach the IdP now keeps the keys held, for a bounded time. The IdP is a
// real loopback server; the cache's clock is injected, so no test waits for time to pass.

type Mode = 'up' | 'down' | 'busy' | 'throttled' | 'malformed' | 'closed' | 'silent';

let k1: JWK;
let k2: JWK;
const servers: Server[] = [];

beforeAll(async () => {
  const jwk = async (kid: string) => ({
    ...(await exportJWK((await generateKeyPair('ES256')).publicKey)),
    kid,
    alg: 'ES256',
  });
  k1 = await jwk('k1');
  k2 = await jwk('k2');
});
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

/** A loopback IdP whose answer the test switches, counting the JWKS downloads. */
async function idp() {
  const state = { mode: 'up' as Mode, keys: [k1], hits: 0 };
  const server = createServer((_req, res) => {
    state.hits += 1;
    if (state.mode === 'silent') return; // never answers: the download times out
    if (state.mode === 'closed') {
      res.socket?.destroy(); // the connection drops: fetch fails with a network error
    } else if (state.mode === 'down') {
      res.writeHead(503).end();
    } else if (state.mode === 'busy') {
      res.writeHead(408).end(); // Request Timeout: "not now"
    } else if (state.mode === 'throttled') {
      res.writeHead(429, { 'retry-after': '60' }).end(); // a rate limit anyone can spend
    } else if (state.mode === 'malformed') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"keys":');
    } else {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: state.keys }));
    }
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;
  return { state, url };
}

function setup(url: string, options: RemoteJwksOptions = {}) {
  const time = { now: 1_000_000 };
  const warnings: [string, LogFields | undefined][] = [];
  const logger = {
    debug() {},
    info() {},
    warn: (event: string, fields?: LogFields) => warnings.push([event, fields]),
    error() {},
  };
  const keys = createRemoteJwks(url, {
    allowInsecureLoopback: true,
    cacheMaxAgeMs: 600_000,
    cooldownMs: 30_000,
    clock: { now: () => time.now },
    logger,
    ...options,
  });
  const lookup = (kid: string) =>
    Promise.resolve(keys({ alg: 'ES256', kid }, {} as FlattenedJWSInput));
  const refusal = (kid: string) =>
    lookup(kid).then(
      () => 'resolved',
      (error: unknown) => keyFailure(error).reason,
    );
  return { time, warnings, lookup, refusal };
}

describe('createRemoteJwks when the IdP is down', () => {
  it('keeps the keys it has when a refresh after the max age cannot reach the IdP', async () => {
    for (const mode of ['closed', 'down', 'busy', 'throttled', 'silent'] as const) {
      const { state, url } = await idp();
      // Silent: a short deadline, still long enough for the first (answered) download.
      const { time, lookup } = setup(url, mode === 'silent' ? { timeoutMs: 2_000 } : {});
      await expect(lookup('k1')).resolves.toBeDefined();
      state.mode = mode;
      time.now += 600_000; // the max age is reached
      await expect(lookup('k1')).resolves.toBeDefined();
      expect(state.hits).toBe(2);
    }
  });

  it('refuses once the bound (default one hour past the max age) has passed', async () => {
    const { state, url } = await idp();
    const { time, lookup, refusal } = setup(url);
    await lookup('k1');
    state.mode = 'down';
    time.now += 600_000 + 3_600_000 - 1;
    await expect(lookup('k1')).resolves.toBeDefined();
    time.now += 1;
    expect(await refusal('k1')).toBe('key_unavailable');
  });

  it('staleIfErrorMs: 0 refuses as soon as the max age is reached', async () => {
    const { state, url } = await idp();
    const { time, lookup, refusal } = setup(url, { staleIfErrorMs: 0 });
    await lookup('k1');
    state.mode = 'down';
    time.now += 600_000;
    expect(await refusal('k1')).toBe('key_unavailable');
  });

  it('an IdP that answers something else than a JWKS is no outage: no stale keys', async () => {
    const { state, url } = await idp();
    const { time, lookup, refusal } = setup(url);
    await lookup('k1');
    state.mode = 'malformed';
    time.now += 600_000;
    expect(await refusal('k1')).toBe('key_unavailable');
  });

  it('an answer without the kid is taken as it is: the withdrawn key is refused', async () => {
    const { state, url } = await idp();
    const { time, lookup, refusal } = setup(url);
    await lookup('k1');
    state.keys = [k2];
    time.now += 600_000;
    expect(await refusal('k1')).toBe('unknown_key');
    await expect(lookup('k2')).resolves.toBeDefined();
  });

  it('an unknown kid during the outage stays refused as an outage (key_unavailable)', async () => {
    const { state, url } = await idp();
    const { time, lookup, refusal } = setup(url);
    await lookup('k1');
    state.mode = 'down';
    time.now += 600_000;
    await lookup('k1');
    expect(await refusal('k2')).toBe('key_unavailable'); // within the cooldown: no download
    time.now += 30_000;
    expect(await refusal('k2')).toBe('key_unavailable'); // past it: one more attempt, failed
    expect(state.hits).toBe(3);
  });

  it('asks the IdP at most once per cooldown however many requests arrive', async () => {
    const { state, url } = await idp();
    const { time, lookup, warnings } = setup(url);
    await lookup('k1');
    state.mode = 'down';
    time.now += 600_000;
    const hitsBefore = state.hits;
    for (let round = 0; round < 3; round += 1) {
      await Promise.all(Array.from({ length: 20 }, () => lookup('k1')));
      for (let i = 0; i < 20; i += 1) {
        await lookup('k1');
        time.now += 1_000; // 20 s of traffic per round, within one cooldown
      }
      time.now += 10_000; // the cooldown has passed
      // Past the first, each retry runs in the background (stale-while-revalidate): let it end.
      await vi.waitFor(() => expect(warnings).toHaveLength(round + 1), { timeout: 10_000 });
    }
    expect(state.hits - hitsBefore).toBe(3);
    expect(warnings).toHaveLength(3);
    for (const [event, fields] of warnings) {
      expect(event).toBe('jwks_refresh_failed');
      expect(fields).toMatchObject({
        jwks_host: new URL(url).host,
        unreachable: true,
        status: 503,
        serving_last_known_good: true,
      });
      expect(JSON.stringify(fields)).not.toContain('/jwks');
    }
  });

  it('before any key is held, a failed download is not retried per request', async () => {
    const { state, url } = await idp();
    state.mode = 'down';
    const { time, lookup, refusal } = setup(url);
    for (let i = 0; i < 10; i += 1) expect(await refusal('k1')).toBe('key_unavailable');
    expect(state.hits).toBe(1);
    state.mode = 'up';
    time.now += 30_000;
    await expect(lookup('k1')).resolves.toBeDefined();
    expect(state.hits).toBe(2);
  });

  it('cold start: a failed first download is retried after 1 s, doubling up to the cooldown, one download at a time', async () => {
    const { state, url } = await idp();
    state.mode = 'down';
    const { time, lookup, refusal } = setup(url, { cooldownMs: 4_000 });
    const flood = async () => {
      const answers = await Promise.all(Array.from({ length: 20 }, () => refusal('k1')));
      expect(new Set(answers)).toEqual(new Set(['key_unavailable']));
    };
    await flood();
    expect(state.hits).toBe(1);
    // Each wait (1 s, 2 s, then the 4 s cooldown twice) ends with one download for the flood.
    for (const waitMs of [1_000, 2_000, 4_000, 4_000]) {
      const before = state.hits;
      time.now += waitMs - 1;
      await flood();
      expect(state.hits).toBe(before);
      time.now += 1;
      await flood();
      expect(state.hits).toBe(before + 1);
    }
    // The IdP is back: the next retry, one cooldown later, gets the keys.
    state.mode = 'up';
    time.now += 4_000;
    await expect(lookup('k1')).resolves.toBeDefined();
  });

  it('is back to normal on the first good answer: fresh keys, no stale bound left', async () => {
    const { state, url } = await idp();
    const { time, lookup, refusal } = setup(url);
    await lookup('k1');
    state.mode = 'closed';
    time.now += 600_000;
    await lookup('k1');
    state.mode = 'up';
    state.keys = [k2]; // the IdP rotated while it was down
    time.now += 30_000;
    await expect(lookup('k2')).resolves.toBeDefined();
    expect(await refusal('k1')).toBe('unknown_key');
    state.mode = 'down';
    time.now += 600_000;
    await expect(lookup('k2')).resolves.toBeDefined(); // a new outage gets a new bound
  });
});
