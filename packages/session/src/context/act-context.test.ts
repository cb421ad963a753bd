import { AsyncLocalStorage } from 'node:async_hooks';
import { ConfigurationError } from '@dual-auth/core';
import { describe, expect, it } from 'vitest';
import { CountingAdapter } from '../../test/counting-adapter.js';
import { InSessionTokenRequest } from '../in-session-token-request.js';
import { createActContext, currentAct, runWithAct } from './act-context.js';
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
