import { describe, expect, it } from 'vitest';
import {
  MOST_SYNC_RSA_MODULUS_BITS,
  MOST_SYNC_VERIFICATIONS_PER_TURN,
  type SignatureLoad,
  threadPoolSize,
  verifiesOnMainThread,
} from './signature-path.js';

describe('threadPoolSize', () => {
  it.each([
    [undefined, 4],
    ['4', 4],
    ['16', 16],
    [' 8', 8],
    ['+2', 2],
    ['12threads', 12],
    ['0', 1],
    ['', 1],
    ['many', 1],
    ['1024', 1024],
    ['5000', 1024],
    ['-3', 1024],
  ] as const)('UV_THREADPOOL_SIZE=%j reads as libuv reads it: %i', (value, size) => {
    expect(threadPoolSize(value)).toBe(size);
  });
});

describe('verifiesOnMainThread', () => {
  const load = (extra: Partial<SignatureLoad> = {}): SignatureLoad => ({
    handedToPool: 4,
    poolSize: 4,
    syncThisTurn: 0,
    modulusBits: 2048,
    ...extra,
  });

  it('queues while the pool has a free thread', () => {
    expect(verifiesOnMainThread(load({ handedToPool: 0 }))).toBe(false);
    expect(verifiesOnMainThread(load({ handedToPool: 3 }))).toBe(false);
    expect(verifiesOnMainThread(load({ handedToPool: 15, poolSize: 16 }))).toBe(false);
  });

  it('verifies on the main thread once the signatures handed to the pool fill it', () => {
    expect(verifiesOnMainThread(load())).toBe(true);
    expect(verifiesOnMainThread(load({ handedToPool: 60 }))).toBe(true);
    expect(verifiesOnMainThread(load({ handedToPool: 16, poolSize: 16 }))).toBe(true);
  });

  it('holds the event loop for at most 64 verifications per turn', () => {
    const last = MOST_SYNC_VERIFICATIONS_PER_TURN - 1;
    expect(verifiesOnMainThread(load({ syncThisTurn: last }))).toBe(true);
    expect(verifiesOnMainThread(load({ syncThisTurn: last + 1 }))).toBe(false);
  });

  it('leaves RSA keys longer than 2048 bits to the pool', () => {
    expect(verifiesOnMainThread(load({ modulusBits: MOST_SYNC_RSA_MODULUS_BITS }))).toBe(true);
    expect(verifiesOnMainThread(load({ modulusBits: 3072 }))).toBe(false);
    expect(verifiesOnMainThread(load({ modulusBits: Number.POSITIVE_INFINITY }))).toBe(false);
  });
});
