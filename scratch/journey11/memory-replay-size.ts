// biome-ignore-all lint/suspicious/noConsole: a drill script reports on stdout
// Journey 11: heap bytes per InMemoryReplayStore entry at the 2 000 act JWTs/s of the brief
// (130 000 live entries: 2 000 × (60 s + 5 s)), one partition (one issuer), UUID jtis. The docs
// give both ~180 bytes and 329 bytes per entry. Run with --expose-gc.
import { randomUUID } from 'node:crypto';
import { InMemoryReplayStore } from '@dual-auth/core';

const N = Number(process.argv[2] ?? 130_000);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
const jtis = Array.from({ length: N }, () => randomUUID());
gc();
const before = process.memoryUsage().heapUsed;
const store = new InMemoryReplayStore({ maxEntries: N });
const expiresAt = Date.now() + 65_000;
for (const jti of jtis)
  await store.claim(jti, expiresAt, { partition: 'https://app.example' } as never);
gc();
const after = process.memoryUsage().heapUsed;
if (jtis.length !== N || !store) throw new Error('keeps jtis and the store alive until measured');
console.log(
  JSON.stringify({
    entries: N,
    bytesPerEntry: Math.round((after - before) / N),
    totalMB: ((after - before) / 1e6).toFixed(1),
    note: 'jti strings allocated before: not counted',
  }),
);
