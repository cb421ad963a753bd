// One instance of the Redis soak (soak-redis.ts), in its own process: an agent service's
// ActJwtVerifier and an API's DPoP guard, both with their replay claims and the humans' cut-offs in
// the one shared redis-server, each with its own node-redis client. Answers the parent over IPC.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createDualAuthGuard } from '@dual-auth/resource';
import { ActJwtVerifier } from '@dual-auth/session';
import { RedisDelegationCutoffStore, RedisReplayStore } from '@dual-auth/store-redis';
import { loadTokenProfile } from '@dual-auth/testing';
import { startSoakChild } from './soak-redis-child.js';

const { env, timeoutMs, client, unhandled, serve } = startSoakChild('worker');
const loopDelay = monitorEventLoopDelay({ resolution: 20 });
loopDelay.enable();
const replayStore = new RedisReplayStore({ client, timeoutMs });
const cutoffStore = new RedisDelegationCutoffStore({ client, timeoutMs });
const verifier = new ActJwtVerifier({
  publicKey: env.APP_PUBLIC_KEY as string,
  expectedAudience: env.AGENT_ENDPOINT as string,
  replayStore,
  cutoffStore,
});
const guard = await createDualAuthGuard({
  profile: await loadTokenProfile('keycloak'),
  issuer: env.ISSUER as string,
  audience: env.AUDIENCE as string,
  keys: env.IDP_PUBLIC_KEY as string,
  agentAllowed: () => true,
  humanAllowed: () => true,
  cutoffStore,
  dpop: { replayStore },
});

// Why a store refused, for the soak's log: the error classes and messages of the cause chain
// (they hold no token, id or URL).
function causeOf(error: unknown): void {
  const chain: string[] = [];
  for (
    let e = (error as { cause?: unknown }).cause;
    e instanceof Error && chain.length < 4;
    e = e.cause
  )
    chain.push(`${e.name}: ${e.message.slice(0, 160)}`);
  process.stderr.write(`soak worker: refused ${new Date().toISOString()} ${chain.join(' <- ')}\n`);
}

type Answer = { ok: true } | { ok: false; reason: string };

async function verify(actJwt: string): Promise<Answer> {
  try {
    await verifier.verify(actJwt);
    return { ok: true };
  } catch (error) {
    const e = error as { reason?: string; name?: string };
    if (e.reason?.endsWith('_unavailable')) causeOf(error);
    return { ok: false, reason: e.reason ?? `thrown:${e.name}` };
  }
}

async function check(authorization: string, dpop: string): Promise<Answer> {
  try {
    const decision = await guard.checkRequest(
      new Request(env.API_URL as string, { headers: { authorization, dpop } }),
    );
    return decision.status === 200
      ? { ok: true }
      : { ok: false, reason: `${decision.status}:${decision.audit.reason}` };
  } catch (error) {
    return { ok: false, reason: `thrown:${(error as Error).name}` };
  }
}

serve({
  verify: async ({ token }) => verify(token as string),
  check: async ({ authorization, dpop }) => check(authorization as string, dpop as string),
  stats: async () => {
    const maxLoopDelayMs = Math.round(loopDelay.max / 1e6);
    // Retained memory, not garbage V8 has not collected yet (the soak forks with --expose-gc).
    (globalThis as { gc?: () => void }).gc?.();
    loopDelay.reset();
    const { rss, heapUsed: heap } = process.memoryUsage();
    return { rss, heap, unhandled: unhandled(), maxLoopDelayMs };
  },
});
// Warm up before taking traffic (--cold leaves it out): each store's first operation also runs
// its key-layout and eviction-policy checks, within the same timeoutMs.
if (env.SOAK_COLD !== '1') {
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const warm = await Promise.all([
      cutoffStore.cutoffOf('soak-warm-up').then(
        () => true,
        () => false,
      ),
      replayStore.claim(`soak-warm-up-${crypto.randomUUID()}`, Date.now() + 60_000).then(
        () => true,
        () => false,
      ),
    ]);
    if (warm.every(Boolean)) break;
  }
}
process.send?.({ id: -1, value: 'ready' });
