import { describe, expect, it } from 'vitest';
import { actAssertionReplayKey } from './act-assertion-replay-key.js';

// Attack (wave 24): `act-assertion:<app id>:<jti>` is ambiguous once an app id holds the
// separator. App `agent` sending jti `b:c` took the key of app `agent:b`'s jti `c`, so one agent
// application could burn another's assertion ids (refused as replayed) before it sent them.
describe('actAssertionReplayKey, app ids holding the separator', () => {
  it('gives (agent:b, c) and (agent, b:c) different keys', async () => {
    const [colon, plain] = await Promise.all([
      actAssertionReplayKey('agent:b', 'c'),
      actAssertionReplayKey('agent', 'b:c'),
    ]);
    expect(colon).not.toBe(plain);
    expect(plain).toBe('act-assertion:agent:b:c');
  });

  it('keys an app id holding ":" by its digest, in its own namespace, the same each time', async () => {
    const key = await actAssertionReplayKey('api://agent', 'jti-1');
    expect(key).toMatch(/^act-assertion-sha256:[A-Za-z0-9_-]{43}$/);
    expect(await actAssertionReplayKey('api://agent', 'jti-1')).toBe(key);
    expect(await actAssertionReplayKey('api://agent', 'jti-2')).not.toBe(key);
  });
});
