// biome-ignore-all lint/suspicious/noConsole: a probe reports on stdout
// biome-ignore-all lint/style/noNonNullAssertion: a probe fails loudly without --expose-gc
// docs/operations.md: heap bytes per InMemoryReplayStore entry, the jti string included, at the
// 130 000 live entries of 2 000 act JWTs/s × (60 s + 5 s). The jtis are made inside the measured
// window the way a verified token yields them: a string out of JSON.parse. (Straight from
// crypto.randomUUID(), a jti holds ~490 B of heap on Node 24 and an entry measures ~600 B.)
// Run: node --expose-gc tools/run-source.mjs scratch/docs11/replay-entry-size.ts [uuid|b64]
import { randomBytes, randomUUID } from 'node:crypto';
import { InMemoryReplayStore } from '@dual-auth/core';

const N = 130_000;
const kind = process.argv[2] ?? 'uuid';
const make = kind === 'uuid' ? () => randomUUID() : () => randomBytes(32).toString('base64url');
const gc = (globalThis as { gc?: () => void }).gc!;
gc();
const before = process.memoryUsage().heapUsed;
const store = new InMemoryReplayStore({ maxEntries: N });
const expiresAt = Date.now() + 65_000;
for (let i = 0; i < N; i += 1) {
  const jti = JSON.parse(`"${make()}"`) as string;
  await store.claim(jti, expiresAt, { partition: 'https://app.example' });
}
gc();
const after = process.memoryUsage().heapUsed;
console.log(
  JSON.stringify({ kind, entries: store.size, bytesPerEntry: Math.round((after - before) / N) }),
);
