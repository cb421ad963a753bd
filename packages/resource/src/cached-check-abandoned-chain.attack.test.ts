import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import type { SubjectCheck, SubjectCheckState } from './authorize.js';
import { cachedCheck } from './cached-check.js';

// Attack on bounds (Session 10, breaker18): cachedCheck runs one lookup per key at a time, even
// one deaf to its signal (documented: the next lookup starts only once the abandoned one
// settles). But each request that arrives while the abandoned lookup still hangs files ANOTHER
// flight, chained after the previous one, and every link is kept until the hung lookup settles.
// Measured: ~2 300 bytes retained per request (20 000 requests: +47 MB), growing without bound
// for as long as the lookup hangs — 1 000 requests/s on the hung key for 10 minutes ≈ 1.4 GB.
// Who: anyone who can send requests under the hung key (with key 'agent' or 'human', every
// client of that agent or human; with 'pair', the agent acting for that human). Precondition: a
// check whose backend stalls and that ignores its `signal` (a driver without a timeout).
// Severity: medium-low (memory exhaustion of the API process under a partial backend outage).
// Suggested fix: keep at most ONE successor per key — when the registered flight is abandoned
// and has not started (it still waits for its predecessor), give it a fresh controller and
// reuse it instead of chaining a new flight after it; memory then stays O(keys), not O(requests).

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

async function heapAfterGc(): Promise<number> {
  for (let i = 0; i < 4; i += 1) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return process.memoryUsage().heapUsed;
}

const SUBJECT = {
  vendor: 'keycloak',
  agent: { id: 'agent', raw: { iss: 'https://idp' } },
  human: { sub: 'user-123' },
};
const REQUESTS = 20_000;
const MOST_BYTES_PER_REQUEST = 400;

describe('attack: requests while a cached lookup deaf to its signal hangs', () => {
  it(`${REQUESTS} abandoned requests on the hung key retain < ${MOST_BYTES_PER_REQUEST} B each`, async () => {
    // The hung lookup's promise is held, as a socket or a driver holds it.
    const held: Array<(value: boolean) => void> = [];
    let lookups = 0;
    const hangs: SubjectCheck = () => {
      lookups += 1;
      return new Promise<boolean>((resolve) => held.push(resolve));
    };
    const check = cachedCheck(hangs, { ttlMs: 60_000, key: 'agent' });
    // One request: its check deadline (or its client) gives up at once.
    const request = async () => {
      const deadline = new AbortController();
      const state = { subject: SUBJECT, signal: deadline.signal } as unknown as SubjectCheckState;
      const answer = Promise.resolve(check(state)).catch(() => undefined);
      deadline.abort(new DOMException('check deadline', 'TimeoutError'));
      await answer;
    };
    for (let i = 0; i < 1_000; i += 1) await request();
    const before = await heapAfterGc();
    for (let i = 0; i < REQUESTS; i += 1) await request();
    const grownPerRequest = ((await heapAfterGc()) - before) / REQUESTS;
    expect(lookups).toBe(1); // held, as documented: a deaf lookup is never run twice at once
    // Today: ~2 300 B per request.
    expect(grownPerRequest).toBeLessThan(MOST_BYTES_PER_REQUEST);
    for (const resolve of held) resolve(true);
  });
});
