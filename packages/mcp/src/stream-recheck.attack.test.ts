import type { DualSubject } from '@dual-auth/resource';
import { describe, expect, it } from 'vitest';
import { atDelegationCutoff } from './at-token-expiry.js';

const IAT_MS = 1_800_000_000_000;

const subjectOf = (sub: string, raw: Record<string, unknown> = {}): DualSubject =>
  ({
    agent: { id: 'finance-agent', raw: { iat: IAT_MS / 1000, exp: IAT_MS / 1000 + 3600, ...raw } },
    human: { sub, raw: { sub } },
  }) as unknown as DualSubject;

/** A clock at `IAT_MS + 60 s` whose armed timers the test sees and fires. */
function controlledClock() {
  const armed = new Set<{ atMs: number; fire: () => void }>();
  return {
    armed,
    now: () => IAT_MS + 60_000,
    setTimer(atMs: number, fire: () => void) {
      const timer = { atMs, fire };
      armed.add(timer);
      return () => void armed.delete(timer);
    },
    /** Fires the one timer armed. */
    fireOnly() {
      expect(armed.size).toBe(1);
      const [timer] = armed;
      armed.delete(timer as never);
      timer?.fire();
    },
  };
}

function logged() {
  const warnings: { event: string; fields: unknown }[] = [];
  const logger = {
    debug() {},
    info() {},
    warn(event: string, fields: unknown) {
      warnings.push({ event, fields });
    },
    error() {},
  };
  return { logger, warnings };
}

describe('attack: a cut-off store that never answers a re-check', () => {
  it('ends the stream one interval later (fail closed), with one timer armed at a time', async () => {
    let reads = 0;
    const store = {
      endDelegation: async () => undefined,
      cutoffOf: (): Promise<number | undefined> =>
        ++reads === 1 ? Promise.resolve(undefined) : new Promise<never>(() => undefined),
    };
    const clock = controlledClock();
    const { logger, warnings } = logged();
    let ended = 0;
    atDelegationCutoff(
      subjectOf('00u-alice'),
      clock,
      { cutoffStore: store, intervalMs: 1_000, logger },
      () => void ended++,
    );
    await expect.poll(() => reads).toBe(1);
    await new Promise((resolve) => setImmediate(resolve));
    clock.fireOnly();
    await expect.poll(() => reads).toBe(2);
    expect(ended).toBe(0);
    clock.fireOnly();
    await expect.poll(() => ended).toBe(1);
    expect(clock.armed.size).toBe(0);
    expect(reads).toBe(2);
    expect(warnings).toEqual([
      {
        event: 'dual_auth_stream_cutoff_unavailable',
        fields: {
          agent_id: 'finance-agent',
          human_id: '00u-alice',
          error_type: 'StoreUnavailableError',
        },
      },
    ]);
  });

  it('ends the stream when the read as it opens never answers', async () => {
    const store = {
      endDelegation: async () => undefined,
      cutoffOf: (): Promise<number | undefined> => new Promise<never>(() => undefined),
    };
    const clock = controlledClock();
    let ended = 0;
    atDelegationCutoff(
      subjectOf('00u-alice'),
      clock,
      { cutoffStore: store, intervalMs: 1_000, logger: logged().logger },
      () => void ended++,
    );
    await new Promise((resolve) => setImmediate(resolve));
    clock.fireOnly();
    await expect.poll(() => ended).toBe(1);
    expect(clock.armed.size).toBe(0);
  });
});
