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
import { createRedisClient } from '../src/index.js';
import { createWorkerKit, type WorkerKit, type WorkerProcess } from './support/worker-process.js';

// Two agent-service processes (each its own node-redis client and RedisReplayStore, timeoutMs
// 1000) sharing one redis-server that freezes (SIGSTOP) while the same act JWT reaches both. The
// claims both sent time out, and Redis runs them once it goes on: the act JWT must still be
// accepted exactly once when the web app sends it to both again.
const AGENT_WORKER = fileURLToPath(new URL('./workers/agent-worker.ts', import.meta.url));
const AGENT_ENDPOINT = 'https://agent.example.com/invoke';

let redis: LocalRedis;
let idp: LocalIdp;
let kit: WorkerKit;
let agents: [WorkerProcess, WorkerProcess];

interface Received {
  readonly accepted: boolean;
  readonly reason?: string;
}

beforeAll(async () => {
  [redis, idp, kit] = await Promise.all([
    startRedisServer(),
    startLocalIdp({ vendor: 'keycloak' }),
    createWorkerKit(),
  ]);
  const [bundle, ca] = await Promise.all([kit.bundle(AGENT_WORKER), kit.file('ca.pem', idp.caPem)]);
  const env = {
    REDIS_URL: redis.url,
    IDP_ENV: JSON.stringify(idp.env()),
    APP_PUBLIC_KEY: idp.app.publicKeyPem,
    TOKEN_CACHE_KEY: randomBytes(32).toString('base64'),
    NODE_EXTRA_CA_CERTS: ca,
    STORE_TIMEOUT_MS: '1000',
  };
  agents = (await kit.start(bundle, env, 2)) as [WorkerProcess, WorkerProcess];
});
afterAll(async () => {
  await kit?.remove();
  await Promise.all([redis?.close(), idp?.close()]);
});

describe('one act JWT at two processes while their shared Redis does not answer', () => {
  const sender = () => new HybridSender({ privateKey: idp.app.privateKeyPem });
  const actFor = () =>
    sender().prepareOutOfSessionAct({
      act: { sub: [...idp.humans.values()][0]?.sub as string },
      agentEndpoint: AGENT_ENDPOINT,
    });
  const receiveAtBoth = (actJwt: string) =>
    Promise.all(
      agents.map((agent) => agent.call<Received>('receive', { actJwt, audience: AGENT_ENDPOINT })),
    );

  /** Presents `actJwt` to both between `hold` and `release` (refused for `reason`), then twice after. */
  async function presentAround(
    actJwt: string,
    hold: () => Promise<void>,
    release: () => Promise<void>,
    reason: string,
  ) {
    await hold();
    let whileHeld: Received[];
    try {
      whileHeld = await receiveAtBoth(actJwt);
    } finally {
      await release();
    }
    for (const refused of whileHeld) {
      expect(refused).toEqual({
        accepted: false,
        reason,
      });
    }
    const retried = await receiveAtBoth(actJwt);
    expect(retried).toContainEqual({ accepted: true });
    expect(retried).toContainEqual({ accepted: false, reason: 'replayed' });
    expect(await receiveAtBoth(actJwt)).toEqual([
      { accepted: false, reason: 'replayed' },
      { accepted: false, reason: 'replayed' },
    ]);
  }

  it('frozen (SIGSTOP): refused by both, then accepted by exactly one once Redis goes on', async () => {
    // Each process has checked Redis's eviction policy before: what times out is a store command.
    for (const agent of agents) {
      const actJwt = await actFor();
      expect(await agent.call<Received>('receive', { actJwt, audience: AGENT_ENDPOINT })).toEqual({
        accepted: true,
      });
    }
    await presentAround(
      await actFor(),
      async () => redis.pause(),
      async () => redis.resume(),
      // The cut-off is read before the claim: it is the command that times out.
      'cutoff_store_unavailable',
    );
  });

  it('writes paused (CLIENT PAUSE WRITE, as during a failover): the claims both sent run late, yet exactly one is accepted', async () => {
    // Reads pass (each process reads the cut-off), the claims wait in Redis past timeoutMs and
    // run once the pause ends: both claims land, each process's retry presents its own.
    const probe = createRedisClient({ url: redis.url });
    try {
      await presentAround(
        await actFor(),
        async () => {
          await probe.sendCommand(['CLIENT', 'PAUSE', '600000', 'WRITE']);
        },
        async () => {
          await probe.sendCommand(['CLIENT', 'UNPAUSE']);
        },
        'replay_store_unavailable',
      );
    } finally {
      await probe.close();
    }
  });
});
