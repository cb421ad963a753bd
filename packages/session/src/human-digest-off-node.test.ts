import { InMemoryDelegationCutoffStore, UNDIGESTED_HUMAN_ID } from '@dual-auth/core';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { webCryptoDigest } from '../../core/test/web-crypto-digest.js';
import { CountingAdapter, ManualClock, recordingLogger } from '../test/counting-adapter.js';
import { type TestKeyPair, testKeyPair } from '../test/keys.js';
import { AGENT_ENDPOINT } from '../test/out-of-session-setup.js';
import { endDelegation } from './end-delegation.js';
import { HybridSender } from './hybrid-sender.js';
import { InSessionTokenRequest } from './in-session-token-request.js';
import { OutOfSessionTokenRequest } from './out-of-session-token-request.js';
import { SingleFlightTokenCache } from './token-cache/single-flight-token-cache.js';

// A runtime without Node's node:crypto (Workers, Deno, Bun, a browser): core's humanIdForLogging
// has no synchronous SHA-256 there, so the session prepares the digest with Web Crypto where the
// human enters a token request or a verified act JWT, and every line after it reads that.
const EMAIL = 'bob@example.com';

// [event, human_id] of every line that names a human.
function humanIds(logger: ReturnType<typeof recordingLogger>) {
  return logger.events
    .map((e) => [e.event, (e.fields as { human_id?: unknown } | undefined)?.human_id])
    .filter(([, id]) => id !== undefined);
}

let app: TestKeyPair;
beforeAll(async () => {
  app = await testKeyPair('RS256');
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe('off Node, an email-shaped human is named by its Web Crypto digest', () => {
  it('in every line and the audit record of a token request', async () => {
    const expected = await webCryptoDigest(EMAIL);
    vi.stubGlobal('navigator', { userAgent: 'Cloudflare-Workers' });
    const logger = recordingLogger();
    const sender = new HybridSender({ logger });
    const act = sender.extractActFromSession({ user_id: EMAIL });
    await new InSessionTokenRequest({ adapter: new CountingAdapter(), logger }).requestToken({
      agentId: 'agent',
      act,
      scope: ['s'],
    });
    expect(humanIds(logger)).toEqual([
      // Synchronous, before any async step: the placeholder, never the email.
      ['act_extracted', UNDIGESTED_HUMAN_ID],
      ['insession_token_request_start', expected],
      ['token_cache_miss', expected],
      ['insession_token_request_success', expected],
      ['dual_auth_decision', expected],
    ]);
  });

  it('when the sender signed an act JWT for the human', async () => {
    const expected = await webCryptoDigest(EMAIL);
    vi.stubGlobal('navigator', { userAgent: 'Cloudflare-Workers' });
    const logger = recordingLogger();
    await new HybridSender({ privateKey: app.privatePem, logger }).prepareOutOfSessionAct({
      act: { sub: EMAIL },
      agentEndpoint: AGENT_ENDPOINT,
    });
    expect(humanIds(logger)).toEqual([['act_prepared_out_of_session', expected]]);
  });

  it('when an act JWT verified, and in the audit record of its replay', async () => {
    const expected = await webCryptoDigest(EMAIL);
    const clock = new ManualClock();
    const actJwt = await new HybridSender({
      privateKey: app.privatePem,
      clock,
    }).prepareOutOfSessionAct({ act: { sub: EMAIL }, agentEndpoint: AGENT_ENDPOINT });
    vi.stubGlobal('navigator', { userAgent: 'Cloudflare-Workers' });
    const logger = recordingLogger();
    const outOfSession = new OutOfSessionTokenRequest({
      adapter: new CountingAdapter({ now: () => clock.now() }),
      publicKey: app.publicPem,
      expectedAudience: AGENT_ENDPOINT,
      clock,
      logger,
    });
    const request = { actJwt, agentId: 'finance-agent', scope: ['finance.read'] };
    await outOfSession.requestTokenFromJwt(request);
    await expect(outOfSession.requestTokenFromJwt(request)).rejects.toThrow(/replayed/);
    const ids = humanIds(logger);
    expect(ids).toContainEqual(['jwt_verified', expected]);
    const records = logger.events.filter((e) => e.event === 'dual_auth_decision');
    expect(records.map((e) => e.fields)).toMatchObject([
      { decision: 'ALLOW', human_id: expected },
      { decision: 'DENY', reason: 'act_jwt.replayed', human_id: expected },
    ]);
    expect(ids.every(([, id]) => id === expected)).toBe(true);
  });
});

// endDelegation and the cache's invalidate logged an email-shaped human `sha256:unavailable` off
// Node: each now prepares the digest with Web Crypto before its line.
describe('off Node, ending a delegation names an email-shaped human by its digest', () => {
  it('in delegation_ended and token_cache_invalidated', async () => {
    const expected = await webCryptoDigest(EMAIL);
    const logger = recordingLogger();
    const cache = new SingleFlightTokenCache({ logger });
    vi.stubGlobal('navigator', { userAgent: 'Cloudflare-Workers' });
    await endDelegation({
      human: EMAIL,
      cutoffStore: new InMemoryDelegationCutoffStore(),
      cache,
      logger,
    });
    await cache.invalidate(EMAIL);
    vi.unstubAllGlobals();
    expect(humanIds(logger)).toEqual([
      ['token_cache_invalidated', expected],
      ['delegation_ended', expected],
      ['token_cache_invalidated', expected],
    ]);
  });
});
