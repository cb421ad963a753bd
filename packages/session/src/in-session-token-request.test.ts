import { inspect } from 'node:util';
import { ConfigurationError, TokenRequestError } from '@dual-auth/core';
import { describe, expect, it } from 'vitest';
import { CountingAdapter, recordingLogger } from '../test/counting-adapter.js';
import { InSessionTokenRequest } from './in-session-token-request.js';
import { SingleFlightTokenCache } from './token-cache/single-flight-token-cache.js';

const act = { sub: 'u-1', email: 'alice@example.com' };

describe('InSessionTokenRequest', () => {
  it('gets a token through the adapter for the agent and the human, cached by default', async () => {
    const adapter = new CountingAdapter();
    const inSession = new InSessionTokenRequest({ adapter });
    const token = await inSession.requestToken({ agentId: 'agent', act, scope: ['finance.read'] });
    expect(token.accessToken).toBe('at:agent:u-1:1');
    expect(adapter.requests[0]).toMatchObject({ agentId: 'agent', act, scope: ['finance.read'] });
    await inSession.requestToken({ agentId: 'agent', act, scope: ['finance.read'] });
    expect(adapter.calls).toBe(1);
  });

  it("says where a missing agentId comes from (Python's os.environ['AGENT_CLIENT_ID'])", async () => {
    const adapter = new CountingAdapter();
    const inSession = new InSessionTokenRequest({ adapter });
    // AGENT_CLIENT_ID moved to a secrets store: the environment has it no more.
    const env: Record<string, string | undefined> = {};
    for (const agentId of [env.AGENT_CLIENT_ID, ' ']) {
      const error = await inSession
        .requestToken({ agentId: agentId as string, act: { sub: 'u-1' }, scope: ['s'] })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toBe(
        `Invalid inputs: agent_id required (agentId must be a non-empty string, got ${agentId === undefined ? 'undefined' : 'a blank string'}): ` +
          'pass config.clientId, the AGENT_CLIENT_ID getConfig read (from the secrets store, if any)',
      );
    }
    expect(adapter.calls).toBe(0);
  });

  it('asks every time with cache: false, and shares a cache given to two instances', async () => {
    const adapter = new CountingAdapter();
    const uncached = new InSessionTokenRequest({ adapter, cache: false });
    await uncached.requestToken({ agentId: 'agent', act, scope: ['s'] });
    await uncached.requestToken({ agentId: 'agent', act, scope: ['s'] });
    expect(adapter.calls).toBe(2);
    const cache = new SingleFlightTokenCache();
    await new InSessionTokenRequest({ adapter, cache }).requestToken({
      agentId: 'agent',
      act,
      scope: ['s'],
    });
    await new InSessionTokenRequest({ adapter, cache }).requestToken({
      agentId: 'agent',
      act,
      scope: ['s'],
    });
    expect(adapter.calls).toBe(3);
  });

  it('never serves a token minted for another act of the same human (email, oid, extra claims)', async () => {
    const adapter = new CountingAdapter();
    const inSession = new InSessionTokenRequest({ adapter });
    const request = (a: Record<string, unknown>) =>
      inSession.requestToken({ agentId: 'agent', act: { sub: 'u-1', ...a }, scope: ['s'] });
    await request({});
    await request({ email: 'alice@example.com' });
    await request({ oid: 'oid-1' });
    await request({ purpose: { kind: 'read', limit: 1 } });
    await request({ purpose: { kind: 'pay', limit: 1 } });
    expect(adapter.calls).toBe(5);
    expect(adapter.requests.map((r) => r.act)).toEqual([
      { sub: 'u-1' },
      { sub: 'u-1', email: 'alice@example.com' },
      { sub: 'u-1', oid: 'oid-1' },
      { sub: 'u-1', purpose: { kind: 'read', limit: 1 } },
      { sub: 'u-1', purpose: { kind: 'pay', limit: 1 } },
    ]);
    // The same claims in another order are the same act: served from the cache.
    await request({ purpose: { limit: 1, kind: 'pay' } });
    await inSession.requestToken({
      agentId: 'agent',
      act: { oid: 'oid-1', sub: 'u-1' },
      scope: ['s'],
    });
    expect(adapter.calls).toBe(5);
  });

  it('refuses an act that cannot be serialized, with a TypeError and no IdP request', async () => {
    const adapter = new CountingAdapter();
    const inSession = new InSessionTokenRequest({ adapter });
    const cyclic: Record<string, unknown> = { sub: 'u-1' };
    cyclic.self = cyclic;
    await expect(
      inSession.requestToken({ agentId: 'agent', act: cyclic as never, scope: ['s'] }),
    ).rejects.toThrow(/act must be JSON-serializable/);
    expect(adapter.calls).toBe(0);
  });

  it('refuses invalid inputs with TypeError before calling the IdP', async () => {
    const adapter = new CountingAdapter();
    const inSession = new InSessionTokenRequest({ adapter });
    const bad = [
      { agentId: '', act, scope: ['s'] },
      { agentId: 'agent', act: { sub: '' }, scope: ['s'] },
      { agentId: 'agent', act: { email: 'x@y' }, scope: ['s'] },
      { agentId: 'agent', act, scope: [] },
      { agentId: 'agent', act, scope: 'finance.read' },
    ];
    for (const request of bad) {
      await expect(inSession.requestToken(request as never)).rejects.toThrow(TypeError);
    }
    expect(adapter.calls).toBe(0);
  });

  it('passes TokenRequestError through and wraps anything else, naming only its class', async () => {
    const adapter = new CountingAdapter();
    const inSession = new InSessionTokenRequest({ adapter, cache: false });
    const idpError = new TokenRequestError({ message: 'Authentication failed', status: 401 });
    adapter.failWith = idpError;
    await expect(inSession.requestToken({ agentId: 'a', act, scope: ['s'] })).rejects.toBe(
      idpError,
    );
    adapter.failWith = new RangeError('boom: alice@example.com said hunter2');
    const wrapped = await inSession
      .requestToken({ agentId: 'a', act, scope: ['s'] })
      .catch((e: unknown) => e);
    expect(TokenRequestError.isInstance(wrapped)).toBe(true);
    expect(String(wrapped)).toContain('Token request failed: Unexpected error: RangeError');
    // The cause names the class only: loggers write every cause's message (pino's `err`).
    expect((wrapped as Error).cause).toMatchObject({ name: 'RangeError' });
    for (const form of [
      JSON.stringify(wrapped),
      inspect(wrapped),
      String((wrapped as Error).cause),
    ]) {
      expect(form).not.toContain('hunter2');
    }
  });

  it('lets an input error of the adapter (TypeError) through unchanged: the caller must fix its call', async () => {
    const adapter = new CountingAdapter();
    const inSession = new InSessionTokenRequest({ adapter, cache: false });
    const inputError = new TypeError('subjectToken must be a SubjectToken');
    adapter.failWith = inputError;
    await expect(inSession.requestToken({ agentId: 'a', act, scope: ['s'] })).rejects.toBe(
      inputError,
    );
    const cached = new InSessionTokenRequest({ adapter });
    await expect(cached.requestToken({ agentId: 'a', act, scope: ['s'] })).rejects.toBe(inputError);
  });

  it('rethrows the caller abort reason', async () => {
    const adapter = new CountingAdapter();
    adapter.hold();
    const inSession = new InSessionTokenRequest({ adapter });
    const controller = new AbortController();
    const pending = inSession.requestToken({
      agentId: 'a',
      act,
      scope: ['s'],
      signal: controller.signal,
    });
    controller.abort(new DOMException('stop', 'AbortError'));
    await expect(pending).rejects.toThrow('stop');
    adapter.release();
  });

  it('logs the reference events with IAM ids only', async () => {
    const logger = recordingLogger();
    const inSession = new InSessionTokenRequest({ adapter: new CountingAdapter(), logger });
    await inSession.requestToken({ agentId: 'agent', act, scope: ['s'] });
    expect(logger.events.filter((e) => e.level !== 'debug').map((e) => e.event)).toEqual([
      'insession_handler_init',
      'insession_token_request_start',
      'insession_token_request_success',
      'dual_auth_decision',
    ]);
    expect(JSON.stringify(logger.events)).not.toContain('alice@');
    expect(JSON.stringify(logger.events)).not.toContain('at:agent');
  });

  it('refuses a non-adapter with TypeError and another contract version by name', () => {
    expect(() => new InSessionTokenRequest({ adapter: {} as never })).toThrow(TypeError);
    const future = Object.assign(new CountingAdapter(), { specificationVersion: 'v2' });
    expect(() => new InSessionTokenRequest({ adapter: future as never })).toThrow(
      ConfigurationError,
    );
    expect(
      () => new InSessionTokenRequest({ adapter: new CountingAdapter(), cache: {} as never }),
    ).toThrow(TypeError);
  });
});
