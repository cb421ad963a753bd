import { describe, expect, it } from 'vitest';
import { cacheMissing } from '../test/cache-missing.js';

// Review (wave30): the act copy of the agent-side fix was shallow, skipped any frozen act, and was
// taken after the act was checked. A frozen act whose `sub` is a getter, a claim that is an
// object, or a getter read once for the check and again for the copy still let the act the IdP is
// asked for differ from the one checked and keyed.
describe('a token request reads its act once, deeply, and checks what it read', () => {
  it('files the token under the human the IdP was asked for when a frozen act has a getter', async () => {
    let reads = 0;
    const act = Object.freeze({
      get sub() {
        reads += 1;
        return reads === 1 ? 'alice' : 'bob';
      },
    });
    const { adapter, inSession } = cacheMissing(() => {});
    const token = await inSession.requestToken({ agentId: 'agent', act, scope: ['s'] });
    expect(reads).toBe(1);
    expect(adapter.requests.map((request) => request.act.sub)).toEqual(['alice']);
    expect(token.accessToken).toBe('at:agent:alice:1');
    const bobs = await inSession.requestToken({
      agentId: 'agent',
      act: { sub: 'bob' },
      scope: ['s'],
    });
    expect(bobs.accessToken).toMatch(/^at:agent:bob:/);
  });

  it('asks the IdP for the act it checked when a getter answers the check and the copy apart', async () => {
    let reads = 0;
    const act = {
      get sub() {
        reads += 1;
        return reads === 1 ? 'alice' : '\u0007alice';
      },
    };
    const { adapter, inSession } = cacheMissing(() => {});
    await inSession.requestToken({ agentId: 'agent', act, scope: ['s'] });
    expect(reads).toBe(1);
    expect(adapter.requests.map((request) => request.act.sub)).toEqual(['alice']);
  });

  it('reads a proxy act once', async () => {
    const reads: PropertyKey[] = [];
    const act = new Proxy(
      { sub: 'alice' },
      {
        get: (target, key, receiver) => {
          reads.push(key);
          return Reflect.get(target, key, receiver);
        },
      },
    );
    const { adapter, inSession } = cacheMissing(() => {});
    await inSession.requestToken({ agentId: 'agent', act, scope: ['s'] });
    expect(reads.filter((key) => key === 'sub')).toEqual(['sub']);
    expect(adapter.requests.map((request) => request.act.sub)).toEqual(['alice']);
  });

  it("never serves a token asked for one claim object under another's key", async () => {
    const act = { sub: 'alice', tenant: { id: 'A' }, roles: ['reader'] };
    const { adapter, inSession } = cacheMissing(() => {
      act.tenant.id = 'B';
      act.roles.push('admin');
    });
    await inSession.requestToken({ agentId: 'agent', act, scope: ['s'] });
    expect(adapter.requests.map((request) => request.act)).toEqual([
      { sub: 'alice', tenant: { id: 'A' }, roles: ['reader'] },
    ]);
    const asB = { sub: 'alice', tenant: { id: 'B' }, roles: ['reader', 'admin'] };
    await inSession.requestToken({ agentId: 'agent', act: asB, scope: ['s'] });
    expect(adapter.calls).toBe(2);
    expect(adapter.requests[1]?.act).toEqual(asB);
  });

  it('reads a request whose act is a getter once', async () => {
    let reads = 0;
    const request = {
      agentId: 'agent',
      scope: ['s'],
      get act() {
        reads += 1;
        return reads === 1 ? { sub: 'alice' } : { sub: 'bob' };
      },
    };
    const { adapter, inSession } = cacheMissing(() => {});
    await inSession.requestToken(request);
    expect(adapter.requests.map((r) => r.act.sub)).toEqual(['alice']);
  });

  it('refuses an act holding a cycle with a TypeError, before any IdP request', async () => {
    const act: Record<string, unknown> = { sub: 'alice', tenant: {} };
    (act.tenant as Record<string, unknown>).owner = act;
    const { adapter, inSession } = cacheMissing(() => {});
    await expect(
      inSession.requestToken({ agentId: 'agent', act: act as never, scope: ['s'] }),
    ).rejects.toThrow(
      new TypeError('Invalid inputs: act must be JSON-serializable (no cycles or BigInt)'),
    );
    expect(adapter.calls).toBe(0);
  });

  it('keys, checks and hands on the act as its assertion will carry it: its JSON', async () => {
    const act = {
      sub: 'alice',
      since: new Date(0),
      gone: undefined,
      tenant: { id: 'A', toJSON: () => ({ id: 'B' }) },
    };
    const { adapter, inSession } = cacheMissing(() => {});
    await inSession.requestToken({ agentId: 'agent', act, scope: ['s'] });
    const asked = adapter.requests[0]?.act;
    expect(asked).toStrictEqual({
      sub: 'alice',
      since: '1970-01-01T00:00:00.000Z',
      tenant: { id: 'B' },
    });
    expect(Object.isFrozen(asked)).toBe(true);
    await inSession.requestToken({ agentId: 'agent', act: asked as never, scope: ['s'] });
    expect(adapter.calls).toBe(1);
  });

  it('keeps a claim named __proto__ of a parsed act as a claim', async () => {
    const act = JSON.parse('{"sub":"alice","__proto__":{"sub":"bob"}}');
    const { adapter, inSession } = cacheMissing(() => {});
    await inSession.requestToken({ agentId: 'agent', act, scope: ['s'] });
    const asked = adapter.requests[0]?.act;
    expect(Object.getPrototypeOf(asked)).toBe(Object.prototype);
    expect(JSON.stringify(asked)).toBe('{"sub":"alice","__proto__":{"sub":"bob"}}');
  });
});
