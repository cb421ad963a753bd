import { InMemoryDelegationCutoffStore, setTelemetryApi } from '@dual-auth/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type RecordedSpan, recordingTelemetryApi } from '../../core/test/recording-telemetry.js';
import { webCryptoDigest } from '../../core/test/web-crypto-digest.js';
import { CountingAdapter, ManualClock, recordingLogger } from '../test/counting-adapter.js';
import { endDelegation } from './end-delegation.js';
import { InSessionTokenRequest } from './in-session-token-request.js';
import { SingleFlightTokenCache } from './token-cache/single-flight-token-cache.js';

// A runtime without Node's node:crypto (Workers, Deno, Bun, a browser): the token cache's hit and
// miss lines and its lookup spans, and the audit records of token requests and of their cut-off
// refusals, name an email-shaped human by the digest prepared with Web Crypto, never the email
// nor `sha256:unavailable` (human-digest-off-node.test.ts has the request lines).
const EMAIL = 'carol@example.com';

// [event, human_id] of every line that names a human.
function humanIds(logger: ReturnType<typeof recordingLogger>) {
  return logger.events
    .map((e) => [e.event, e.fields?.human_id])
    .filter(([, id]) => id !== undefined);
}

function lookupIds(spans: RecordedSpan[]) {
  return spans
    .filter((s) => s.name === 'dual_auth.token_cache.lookup')
    .map((s) => [s.attributes['dual_auth.cache.result'], s.attributes['dual_auth.human.id']]);
}

afterEach(() => {
  vi.unstubAllGlobals();
  setTelemetryApi(undefined);
});

describe('off Node, the token cache names an email-shaped human by its digest', () => {
  it("in a token request's miss and hit lines and lookup spans", async () => {
    const expected = await webCryptoDigest(EMAIL);
    const spans: RecordedSpan[] = [];
    setTelemetryApi(recordingTelemetryApi(spans));
    const logger = recordingLogger();
    const clock = new ManualClock();
    const cache = new SingleFlightTokenCache({ clock, logger });
    vi.stubGlobal('navigator', { userAgent: 'Cloudflare-Workers' });
    const request = new InSessionTokenRequest({
      adapter: new CountingAdapter({ now: () => clock.now() }),
      cache,
      logger,
    });
    for (let i = 0; i < 2; i += 1) {
      await request.requestToken({ agentId: 'agent', act: { sub: EMAIL }, scope: ['s'] });
    }
    vi.unstubAllGlobals();
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 1 });
    expect(humanIds(logger).filter(([event]) => String(event).startsWith('token_cache'))).toEqual([
      ['token_cache_miss', expected],
      ['token_cache_hit', expected],
    ]);
    expect(new Set(humanIds(logger).map(([, id]) => id))).toEqual(new Set([expected]));
    expect(lookupIds(spans)).toEqual([
      ['miss', expected],
      ['hit', expected],
    ]);
    expect(JSON.stringify([spans, logger.events])).not.toContain('@');
  });

  // getOrRequest is public (a cache shared by hand, as store-redis's README shows): a key whose
  // human no async step prepared is prepared by the lookup itself before a line names it.
  it('in the lines and spans of getOrRequest called with a key of its own', async () => {
    const expected = await webCryptoDigest(EMAIL);
    const spans: RecordedSpan[] = [];
    setTelemetryApi(recordingTelemetryApi(spans));
    const logger = recordingLogger();
    const clock = new ManualClock();
    const adapter = new CountingAdapter({ now: () => clock.now() });
    const cache = new SingleFlightTokenCache({ clock, logger });
    // A fresh key object each time, as a caller builds one per lookup.
    const key = () => ({
      adapterId: 'kc|https://idp/token|agent',
      agentId: 'agent',
      sub: EMAIL,
      scope: ['s'],
      audience: 'api',
    });
    const fetcher = (signal: AbortSignal) =>
      adapter.requestToken({ agentId: 'agent', act: { sub: EMAIL }, scope: ['s'], signal });
    vi.stubGlobal('navigator', { userAgent: 'Cloudflare-Workers' });
    const first = await cache.getOrRequest(key(), fetcher);
    const second = await cache.getOrRequest(key(), fetcher);
    const refreshed = await cache.getOrRequest(key(), fetcher, { forceRefresh: true });
    vi.unstubAllGlobals();
    expect(second).toBe(first);
    expect(refreshed).not.toBe(first);
    expect(humanIds(logger)).toEqual([
      ['token_cache_miss', expected],
      ['token_cache_hit', expected],
      ['token_cache_refresh', expected],
      ['token_cache_miss', expected],
    ]);
    expect(lookupIds(spans)).toEqual([
      ['miss', expected],
      ['hit', expected],
      ['refresh', expected],
    ]);
  });
});

// An IdP mapper may put the email in `oid`: the audit record names the human by the oid's digest,
// as the lines do, also off Node, where core's createAuditEvent cannot digest it synchronously.
it("off Node, a token request's audit record names an email-shaped oid by its digest", async () => {
  const expected = await webCryptoDigest('jane@corp.example');
  const logger = recordingLogger();
  vi.stubGlobal('navigator', { userAgent: 'Cloudflare-Workers' });
  await new InSessionTokenRequest({ adapter: new CountingAdapter(), logger }).requestToken({
    agentId: 'agent',
    act: { sub: 'u-1', oid: 'jane@corp.example' },
    scope: ['s'],
  });
  vi.unstubAllGlobals();
  const records = logger.events.filter((e) => e.event === 'dual_auth_decision');
  expect(records.map((e) => e.fields)).toMatchObject([
    { decision: 'ALLOW', human_id: expected, human_oid: expected },
  ]);
  // The cache's lines know only the key's sub (docs/logging.md).
  expect(new Set(humanIds(logger).map(([, id]) => id))).toEqual(new Set([expected, 'u-1']));
  expect(JSON.stringify(logger.events)).not.toContain('@');
});

// With a cut-off store, an in-session request reads the human's cut-off before the IdP request:
// a refusal there is logged and audited before requestThroughAdapter prepared the act, so off Node
// it wrote sha256:unavailable. The check prepares the digest itself.
it('off Node, an in-session refusal of an ended delegation names the human by its digest', async () => {
  const expected = await webCryptoDigest(EMAIL);
  const clock = new ManualClock();
  const cutoffStore = new InMemoryDelegationCutoffStore({ clock });
  await endDelegation({ human: EMAIL, cutoffStore, clock });
  const logger = recordingLogger();
  vi.stubGlobal('navigator', { userAgent: 'Cloudflare-Workers' });
  const refused = await new InSessionTokenRequest({
    adapter: new CountingAdapter({ now: () => clock.now() }),
    cutoffStore,
    logger,
  })
    .requestToken({
      agentId: 'agent',
      act: { sub: EMAIL },
      scope: ['s'],
      signedInAtMs: clock.now() - 60_000,
    })
    .then(
      () => undefined,
      (error: { reason?: string }) => error.reason,
    );
  vi.unstubAllGlobals();
  expect(refused).toBe('revoked');
  expect(humanIds(logger)).toEqual([
    ['jwt_delegation_ended', expected],
    ['dual_auth_decision', expected],
  ]);
  expect(JSON.stringify(logger.events)).not.toContain('@');
});
