import { AsyncLocalStorage } from 'node:async_hooks';
import { inspect } from 'node:util';
import { ConfigurationError, createSubjectToken, TOKEN_TYPE } from '@dual-auth/core';
import { describe, expect, it } from 'vitest';
import { CountingAdapter } from '../../test/counting-adapter.js';
import { InSessionTokenRequest } from '../in-session-token-request.js';
import {
  createActContext,
  currentAct,
  currentSignedInAtMs,
  currentSubjectToken,
  runWithAct,
} from './act-context.js';
import { findAsyncLocalStorage } from './find-async-local-storage.js';
import { withDualSubjectToken } from './with-dual-subject-token.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('runWithAct / currentAct', () => {
  it('gives the human to code deep in the call chain, across awaits and timers', async () => {
    const deepTool = async () => {
      await tick();
      return currentAct()?.sub;
    };
    expect(currentAct()).toBeUndefined();
    const result = await runWithAct({ sub: 'u-1' }, async () => {
      await tick();
      return deepTool();
    });
    expect(result).toBe('u-1');
    expect(currentAct()).toBeUndefined();
  });

  it('keeps concurrent chains apart', async () => {
    const who = async (sub: string) =>
      runWithAct({ sub }, async () => {
        await tick();
        return currentAct()?.sub;
      });
    expect(await Promise.all([who('alice'), who('bob'), who('carol')])).toEqual([
      'alice',
      'bob',
      'carol',
    ]);
  });

  it('hands out a frozen copy and refuses an act without sub', () => {
    const act = { sub: 'u-1' };
    runWithAct(act, () => {
      const current = currentAct();
      expect(current).toEqual(act);
      expect(current).not.toBe(act);
      expect(Object.isFrozen(current)).toBe(true);
    });
    expect(() => runWithAct({ sub: '' }, () => 1)).toThrow(TypeError);
  });
});

describe('runWithAct(act, fn, { subjectToken })', () => {
  const ALICE_TOKEN = 'alice.subject.token';
  const BOB_TOKEN = 'bob.subject.token';

  it("gives the human's token to the chain, in a redacted holder, and nothing outside it", async () => {
    const seen = await runWithAct(
      { sub: 'alice' },
      async () => {
        await tick();
        return currentSubjectToken();
      },
      { subjectToken: createSubjectToken(ALICE_TOKEN, TOKEN_TYPE.idToken) },
    );
    expect([seen?.value, seen?.type]).toEqual([ALICE_TOKEN, TOKEN_TYPE.idToken]);
    for (const shown of [String(seen), JSON.stringify(seen), inspect(seen)]) {
      expect(shown).not.toContain(ALICE_TOKEN);
    }
    expect(await currentSubjectToken()).toBeUndefined();
    expect(await runWithAct({ sub: 'alice' }, () => currentSubjectToken())).toBeUndefined();
  });

  it('copies a plain { value, type } into a redacted holder', async () => {
    const plain = { value: ALICE_TOKEN, type: TOKEN_TYPE.accessToken };
    const seen = await runWithAct({ sub: 'alice' }, () => currentSubjectToken(), {
      subjectToken: plain,
    });
    expect(seen?.value).toBe(ALICE_TOKEN);
    expect(inspect(seen)).not.toContain(ALICE_TOKEN);
  });

  it('calls a function source on each read, so a renewed token is used from then on', async () => {
    let login = 1;
    const values = await runWithAct(
      { sub: 'alice' },
      async () => {
        const first = await currentSubjectToken();
        login = 2;
        return [first?.value, (await currentSubjectToken())?.value];
      },
      { subjectToken: async () => createSubjectToken(`alice.login.${login}`) },
    );
    expect(values).toEqual(['alice.login.1', 'alice.login.2']);
    const loggedOut = runWithAct({ sub: 'alice' }, () => currentSubjectToken(), {
      subjectToken: () => undefined,
    });
    await expect(loggedOut).resolves.toBeUndefined();
  });

  it("never hands a nested or concurrent context the other human's token", async () => {
    const alice = { subjectToken: createSubjectToken(ALICE_TOKEN) };
    const bob = { subjectToken: createSubjectToken(BOB_TOKEN) };
    const nested = await runWithAct(
      { sub: 'alice' },
      async () => {
        const inner = await runWithAct({ sub: 'bob' }, async () => {
          await tick();
          return [currentAct()?.sub, (await currentSubjectToken())?.value];
        });
        return [inner, (await currentSubjectToken())?.value];
      },
      alice,
    );
    expect(nested).toEqual([['bob', undefined], ALICE_TOKEN]);
    const who = (sub: string, options: typeof alice) =>
      runWithAct(
        { sub },
        async () => {
          await tick();
          return `${currentAct()?.sub}:${(await currentSubjectToken())?.value}`;
        },
        options,
      );
    expect(await Promise.all([who('alice', alice), who('bob', bob), who('alice', alice)])).toEqual([
      `alice:${ALICE_TOKEN}`,
      `bob:${BOB_TOKEN}`,
      `alice:${ALICE_TOKEN}`,
    ]);
  });

  it('refuses a bare string or a bad token at once, and a function giving one when read, never quoting it', async () => {
    const bare = () =>
      runWithAct({ sub: 'alice' }, () => 1, { subjectToken: ALICE_TOKEN as never });
    expect(bare).toThrow(TypeError);
    expect(bare).toThrow(/createSubjectToken/);
    expect(bare).not.toThrow(ALICE_TOKEN);
    expect(() =>
      runWithAct({ sub: 'alice' }, () => 1, {
        subjectToken: { value: 'has space', type: TOKEN_TYPE.accessToken },
      }),
    ).toThrow(TypeError);
    expect(() => runWithAct({ sub: 'alice' }, () => 1, 'x' as never)).toThrow(TypeError);
    const read = runWithAct({ sub: 'alice' }, () => currentSubjectToken(), {
      subjectToken: () => ALICE_TOKEN as never,
    });
    await expect(read).rejects.toThrow(/must resolve to a SubjectToken/);
    await expect(read).rejects.not.toThrow(ALICE_TOKEN);
  });
});

describe('runWithAct(act, fn, { signedInAtMs })', () => {
  it("gives the human's sign-in time to the chain only, and refuses one that is not a time", async () => {
    const signedInAtMs = Date.UTC(2026, 0, 1, 12);
    const seen = await runWithAct(
      { sub: 'alice' },
      async () => {
        await tick();
        const nested = runWithAct({ sub: 'bob' }, () => currentSignedInAtMs());
        return [currentSignedInAtMs(), nested];
      },
      { signedInAtMs },
    );
    expect(seen).toEqual([signedInAtMs, undefined]);
    expect(currentSignedInAtMs()).toBeUndefined();
    for (const bad of ['2026-01-01', -1, Number.NaN]) {
      expect(() => runWithAct({ sub: 'alice' }, () => 1, { signedInAtMs: bad as never })).toThrow(
        /signedInAtMs must be/,
      );
    }
  });

  it("withDualSubjectToken sends it with the request of the context's human, never with options.act", async () => {
    const adapter = new CountingAdapter();
    const seen: (number | undefined)[] = [];
    const tokenRequest = {
      requestToken: (request: Parameters<InSessionTokenRequest['requestToken']>[0]) => {
        seen.push(request.signedInAtMs);
        return adapter.requestToken(request);
      },
    };
    const options = { tokenRequest, agentId: 'a', scope: ['s'] };
    const fromContext = withDualSubjectToken(({ act }) => act.sub, options);
    const fixed = withDualSubjectToken(({ act }) => act.sub, { ...options, act: { sub: 'bob' } });
    await runWithAct({ sub: 'alice' }, async () => [await fromContext(), await fixed()], {
      signedInAtMs: 1_000,
    });
    expect(seen).toEqual([1_000, undefined]);
  });
});

describe('findAsyncLocalStorage', () => {
  it("prefers a global AsyncLocalStorage (edge runtimes), then Node's getBuiltinModule", () => {
    class EdgeStorage {}
    expect(findAsyncLocalStorage({ AsyncLocalStorage: EdgeStorage })).toBe(EdgeStorage);
    const nodeLike = {
      process: {
        getBuiltinModule: (id: string) =>
          id === 'node:async_hooks' ? { AsyncLocalStorage } : undefined,
      },
    };
    expect(findAsyncLocalStorage(nodeLike)).toBe(AsyncLocalStorage);
    expect(findAsyncLocalStorage()).toBe(AsyncLocalStorage);
  });

  it('finds nothing on a runtime without either; createActContext refuses a non-class', () => {
    expect(findAsyncLocalStorage({})).toBeUndefined();
    expect(
      findAsyncLocalStorage({
        process: {
          getBuiltinModule: () => {
            throw new Error('no such module');
          },
        },
      }),
    ).toBeUndefined();
    expect(() => createActContext('nope' as never)).toThrow(TypeError);
  });

  it('works with an explicitly given AsyncLocalStorage class', async () => {
    const context = createActContext(AsyncLocalStorage);
    const seen = await context.run({ sub: 'x' }, async () => {
      await tick();
      return context.current()?.sub;
    });
    expect(seen).toBe('x');
    expect(currentAct()).toBeUndefined();
  });
});

describe('withDualSubjectToken', () => {
  it('injects a fresh dual-subject token for the current human into each call', async () => {
    const adapter = new CountingAdapter();
    const inSession = new InSessionTokenRequest({ adapter });
    const getBalance = withDualSubjectToken(
      async ({ token, act }, account: string) => `${account}:${act.sub}:${token.accessToken}`,
      { tokenRequest: inSession, agentId: 'finance-agent', scope: ['finance.read'] },
    );
    const alice = await runWithAct({ sub: 'alice' }, () => getBalance('acc-1'));
    const bob = await runWithAct({ sub: 'bob' }, () => getBalance('acc-2'));
    expect(alice).toBe('acc-1:alice:at:finance-agent:alice:1');
    expect(bob).toBe('acc-2:bob:at:finance-agent:bob:2');
    await runWithAct({ sub: 'alice' }, () => getBalance('acc-1'));
    expect(adapter.calls).toBe(2);
  });

  it("sends the context's subject token with the context's human, never with options.act", async () => {
    const adapter = new CountingAdapter();
    const options = { tokenRequest: adapter, agentId: 'a', scope: ['s'] };
    const fromContext = withDualSubjectToken(({ act }) => act.sub, options);
    const fixed = withDualSubjectToken(({ act }) => act.sub, { ...options, act: { sub: 'bob' } });
    const alice = { subjectToken: createSubjectToken('alice.login') };
    await runWithAct({ sub: 'alice' }, async () => [await fromContext(), await fixed()], alice);
    expect(adapter.requests.map((r) => [r.act.sub, r.subjectToken?.value])).toEqual([
      ['alice', 'alice.login'],
      ['bob', undefined],
    ]);
  });

  it('uses options.act when given, and refuses to run with no human', async () => {
    const adapter = new CountingAdapter();
    const tool = withDualSubjectToken(({ act }) => act.sub, {
      tokenRequest: adapter,
      agentId: 'a',
      scope: ['s'],
    });
    await expect(tool()).rejects.toThrow(ConfigurationError);
    expect(adapter.calls).toBe(0);
    const fixed = withDualSubjectToken(({ act }) => act.sub, {
      tokenRequest: adapter,
      agentId: 'a',
      scope: ['s'],
      act: { sub: 'svc-human' },
    });
    await expect(fixed()).resolves.toBe('svc-human');
    expect(() =>
      withDualSubjectToken('x' as never, { tokenRequest: adapter, agentId: 'a', scope: ['s'] }),
    ).toThrow(TypeError);
    expect(() =>
      withDualSubjectToken(() => 1, { tokenRequest: {} as never, agentId: 'a', scope: ['s'] }),
    ).toThrow(TypeError);
  });
});
