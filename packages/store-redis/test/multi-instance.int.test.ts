import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { HybridSender } from '@dual-auth/session';
import {
  type LocalIdp,
  type LocalRedis,
  startLocalIdp,
  startRedisServer,
} from '@dual-auth/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkerKit, type WorkerKit, type WorkerProcess } from './support/worker-process.js';

// Four agent-service instances, each a separate Node process with its own node-redis client,
// session caches and adapter, sharing one real redis-server and one local IdP (over TLS).
const AGENT_WORKER = fileURLToPath(new URL('./workers/agent-worker.ts', import.meta.url));
const AGENT_ENDPOINT = 'https://agent.example.com/invoke';

let redis: LocalRedis;
let idp: LocalIdp;
let kit: WorkerKit;
let agents: WorkerProcess[];

function human(username: string): string {
  const found = [...idp.humans.values()].find((h) => h.username === username);
  if (found === undefined) throw new Error(`local IdP has no ${username}`);
  return found.sub;
}

beforeAll(async () => {
  [redis, idp, kit] = await Promise.all([
    startRedisServer(),
    startLocalIdp({ vendor: 'keycloak' }),
    createWorkerKit(),
  ]);
  const [bundle, ca] = await Promise.all([kit.bundle(AGENT_WORKER), kit.file('ca.pem', idp.caPem)]);
  agents = await kit.start(
    bundle,
    {
      REDIS_URL: redis.url,
      IDP_ENV: JSON.stringify(idp.env()),
      APP_PUBLIC_KEY: idp.app.publicKeyPem,
      TOKEN_CACHE_KEY: randomBytes(32).toString('base64'),
      NODE_EXTRA_CA_CERTS: ca,
    },
    4,
  );
});
afterAll(async () => {
  await kit?.remove();
  await Promise.all([redis?.close(), idp?.close()]);
});

describe('several instances sharing one Redis', () => {
  it('200 concurrent token requests from 4 processes for the same key make 1 IdP call', async () => {
    const before = idp.requests.length;
    // The IdP holds its first answer a while, so the other processes ask while it is under way.
    idp.failNext({ delayMs: 2000 });
    const digests = await Promise.all(
      agents.map((agent) => agent.call<string[]>('burst', { count: 50, sub: human('alice') })),
    );
    expect(idp.requests.length - before).toBe(1);
    expect(digests.flat()).toHaveLength(200);
    expect(new Set(digests.flat()).size).toBe(1);
  });

  it('one act JWT presented to two processes is accepted by exactly one', async () => {
    const sender = new HybridSender({ privateKey: idp.app.privateKeyPem });
    const actJwt = await sender.prepareOutOfSessionAct({
      act: { sub: human('bob') },
      agentEndpoint: AGENT_ENDPOINT,
    });
    const before = idp.requests.length;
    const [a, b] = agents as [WorkerProcess, WorkerProcess];
    const results = await Promise.all(
      [a, b].map((agent) => agent.call('receive', { actJwt, audience: AGENT_ENDPOINT })),
    );
    expect(results).toContainEqual({ accepted: true });
    expect(results).toContainEqual({ accepted: false, reason: 'replayed' });
    expect(idp.requests.length - before).toBe(1);
  });
});
