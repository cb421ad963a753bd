import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { token } from '../test/demo-api.js';
import { InSessionApiCall } from './in-session-api-call.js';

// A full collection on demand, as `node --expose-gc` offers it (Node only: the file is not run on
// the edge runtime).
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/** Whether `held` is gone after a full collection (a WeakRef keeps its target to the job's end). */
async function collected(held: WeakRef<object>): Promise<boolean> {
  await new Promise((resolve) => setTimeout(resolve, 0));
  collectGarbage();
  return held.deref() === undefined;
}

describe('an answer kept after its body is read', () => {
  // fetch's answers live until a full collection (a FinalizationRegistry holds them, which the
  // young generation's collection treats as strong): what an answer reaches is promoted with it.
  it('no longer holds the call: its token provider can be collected', async () => {
    const call = new InSessionApiCall({
      fetch: async () => new Response('{"balance":42}'),
    });
    let provider: { getToken(): Promise<ReturnType<typeof token>> } | undefined = {
      getToken: async () => token({ accessToken: 't-1' }),
    };
    const held = new WeakRef(provider);
    const response = await call.callApi({
      apiUrl: 'https://api.example.com',
      tokenProvider: provider,
    });
    provider = undefined;
    expect(await response.json()).toEqual({ balance: 42 });
    expect(await collected(held)).toBe(true);
    // The answer itself stays usable.
    expect(response.status).toBe(200);
  });
});
