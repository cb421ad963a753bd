// A soak of the shared Redis stores across processes (see docs/operations.md, "Soak"): three
// instances (soak-redis-worker.ts, each an ActJwtVerifier and a DPoP guard on its own node-redis
// client) share one real redis-server, under a steady concurrent load of act JWTs and DPoP-bound
// requests. Every accepted credential is replayed to another instance at once (it must be
// refused). During the run: a delegation is ended on one instance's Redis (every instance must
// refuse its credentials), redis-server is SIGKILLed and started again on the same port (after 3 s
// and after 15 s), frozen (SIGSTOP) for 3 s and for 12 s (past the stores' timeoutMs, then past
// createRedisClient's deadConnectionAfterMs), filled to its maxmemory, switched to an evicting
// policy, and FLUSHALLed. Prints, per phase, the requests, the refusals by reason, the replays and how
// long each fault took to heal; exits 1 on what the stores promise never happens (a replay or an
// ended delegation accepted outside what the docs allow, a valid credential refused outside a
// fault, an answer that never came, an unhandled rejection, a token, an email or a name in the
// logs). A refusal counts as outside a fault only when no fault started or ended between its
// request and its answer; on a machine so loaded that Redis misses the stores' 1 s timeoutMs, a
// few such refusals are the fail-closed timeouts the docs describe (the worker logs say why:
// "soak worker: refused").
//
//   npx -y pnpm@12.20.0 exec node tools/run-source.mjs examples/demo/src/load/soak-redis.ts
//     [--concurrency 100] [--steady-seconds 6] [--soak-seconds 0] [--agents 2] [--hogs 2] [--logs DIR]
//
// --agents N adds N agent services (soak-redis-agent.ts) asking a local IdP for tokens through a
// RedisTokenCache all along.
import { type ChildProcess, execFile, fork, spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { HybridSender } from '@dual-auth/session';
import { createRedisClient, RedisDelegationCutoffStore } from '@dual-auth/store-redis';
import { startLocalIdp } from '@dual-auth/testing';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, SignJWT } from 'jose';

const run = promisify(execFile);
const { values: flags } = parseArgs({
  options: {
    concurrency: { type: 'string', default: '100' },
    'steady-seconds': { type: 'string', default: '6' },
    hogs: { type: 'string', default: '0' },
    'soak-seconds': { type: 'string', default: '0' },
    workers: { type: 'string', default: '3' },
    agents: { type: 'string', default: '0' },
    cold: { type: 'boolean', default: false },
    logs: { type: 'string', default: join(tmpdir(), `dual-auth-soak-${process.pid}`) },
  },
});
const CONCURRENCY = Number(flags.concurrency);
const STEADY_MS = Number(flags['steady-seconds']) * 1000;
const WORKERS = Number(flags.workers);
const STORE_TIMEOUT_MS = 1000;
const ANSWER_BOUND_MS = 30_000;
const AGENT_ENDPOINT = 'https://agent.example.com/invoke';
const ISSUER = 'https://kc.example.test/realms/agbac';
const AUDIENCE = 'finance-api';
const API_URL = 'https://api.example.test/balance';
const logDir = flags.logs as string;
mkdirSync(logDir, { recursive: true });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------- redis-server, SIGKILL-able
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}
const port = await freePort();
const redisDir = join(logDir, 'redis');
mkdirSync(redisDir, { recursive: true });
let redisProc: ChildProcess | undefined;
async function startRedis(): Promise<void> {
  const child = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      redisDir,
      '--save',
      '',
      '--appendonly',
      'no',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  redisProc = child;
  await new Promise<void>((resolve, reject) => {
    let log = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      log += chunk;
      if (log.includes('Ready to accept connections')) resolve();
    });
    child.once('exit', (code) =>
      reject(new Error(`redis-server exited ${code}: ${log.slice(-400)}`)),
    );
  });
}
async function killRedis(): Promise<void> {
  const child = redisProc;
  if (child === undefined) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
  redisProc = undefined;
}
const cli = async (...args: string[]) =>
  (await run('redis-cli', ['-p', String(port), ...args])).stdout.trim();
process.on('exit', () => redisProc?.kill('SIGKILL'));
await startRedis();
const REDIS_URL = `redis://127.0.0.1:${port}`;

// ---------------------------------------------------------------- keys, credentials
const app = generateKeyPairSync('ed25519', {
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});
const idp = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});
const { importPKCS8 } = await import('jose');
const idpKey = await importPKCS8(idp.privateKey, 'RS256');
const proofKey = await generateKeyPair('ES256', { extractable: true });
const proofJwk = await exportJWK(proofKey.publicKey);
const jkt = await calculateJwkThumbprint(proofJwk, 'sha256');
const sender = new HybridSender({
  privateKey: app.privateKey,
  algorithm: 'EdDSA',
  includeEmail: true,
  includeName: true,
});

interface Human {
  sub: string;
  email: string;
  name: string;
}
// Two humans have email-shaped ids (some IdPs' `sub`), which logs must not show either.
const HUMANS: Human[] = ['alice', 'bob', 'carol', 'dora', 'erin'].map((n) => ({
  sub:
    n === 'carol' || n === 'dora'
      ? `${n}.id-${randomUUID()}@example.org`
      : `u-${n}-${randomUUID()}`,
  email: `${n}.soak@example.com`,
  name: `${n[0]?.toUpperCase()}${n.slice(1)} Soakington`,
}));
const ended = HUMANS[3] as Human;
const pool = HUMANS.filter((h) => h !== ended);
const seenSecrets: string[] = [];

async function accessTokenFor(human: Human, iatSeconds: number): Promise<string> {
  return new SignJWT({
    iss: ISSUER,
    aud: AUDIENCE,
    iat: iatSeconds,
    exp: iatSeconds + 3600,
    sub: 'service-account',
    typ: 'Bearer',
    azp: 'finance-agent',
    scope: 'openid',
    realm_access: { roles: ['FinanceAgent'] },
    preferred_username: 'service-account-finance-agent',
    act: { sub: human.sub, email: human.email, name: human.name },
    cnf: { jkt },
  })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
    .sign(idpKey);
}
const accessTokens = new Map<Human, string>();
async function proofFor(token: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token));
  return new SignJWT({
    jti: randomUUID(),
    htm: 'GET',
    htu: API_URL,
    iat: Math.floor(Date.now() / 1000),
    ath: Buffer.from(digest).toString('base64url'),
  })
    .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: proofJwk })
    .sign(proofKey.privateKey);
}

type Credential =
  | { kind: 'act'; token: string }
  | { kind: 'dpop'; authorization: string; dpop: string };
async function credentialFor(human: Human, kind: 'act' | 'dpop'): Promise<Credential> {
  if (kind === 'act') {
    const token = await sender.prepareOutOfSessionAct({
      act: { sub: human.sub, email: human.email, name: human.name },
      agentEndpoint: AGENT_ENDPOINT,
    });
    return { kind, token };
  }
  const access = accessTokens.get(human) as string;
  return { kind, authorization: `DPoP ${access}`, dpop: await proofFor(access) };
}

// ---------------------------------------------------------------- instances
interface Instance {
  child: ChildProcess;
  call<T>(op: string, args?: Record<string, unknown>): Promise<T>;
}
const WORKER = fileURLToPath(new URL('./soak-redis-worker.ts', import.meta.url));
const RUN_SOURCE = fileURLToPath(new URL('../../../../tools/run-source.mjs', import.meta.url));
function startInstance(
  index: number,
  script = WORKER,
  extraEnv: Record<string, string> = {},
  label = 'worker',
): Promise<Instance> {
  const out = openSync(join(logDir, `${label}-${index}.log`), 'w');
  const child = fork(RUN_SOURCE, [script], {
    execArgv: ['--expose-gc'],
    stdio: ['ignore', out, out, 'ipc'],
    env: {
      ...process.env,
      REDIS_URL,
      STORE_TIMEOUT_MS: String(STORE_TIMEOUT_MS),
      APP_PUBLIC_KEY: app.publicKey,
      IDP_PUBLIC_KEY: idp.publicKey,
      AGENT_ENDPOINT,
      ISSUER,
      AUDIENCE,
      API_URL,
      DUAL_AUTH_LOG: 'json',
      DUAL_AUTH_LOG_LEVEL: 'debug',
      SOAK_COLD: flags.cold ? '1' : '0',
      ...extraEnv,
    },
  });
  const pending = new Map<number, (v: unknown) => void>();
  let next = 0;
  return new Promise((resolve, reject) => {
    child.on('message', ({ id, value }: { id: number; value: unknown }) => {
      if (id === -1) {
        resolve(instance);
        return;
      }
      pending.get(id)?.(value);
      pending.delete(id);
    });
    child.once('exit', (code, signal) => {
      crashed.push(`${label} ${index} exited (${code ?? signal})`);
      for (const waiter of pending.values()) waiter({ ok: false, reason: 'instance-exited' });
      reject(new Error(`instance ${index} exited`));
    });
    const instance: Instance = {
      child,
      call<T>(op: string, args: Record<string, unknown> = {}) {
        const id = next++;
        return new Promise<T>((r) => {
          pending.set(id, r as (v: unknown) => void);
          child.send({ id, op, ...args });
        });
      },
    };
  });
}
const crashed: string[] = [];
const instances = await Promise.all(Array.from({ length: WORKERS }, (_, i) => startInstance(i)));

// Agent services (--agents N): token requests to a local IdP through a RedisTokenCache, which
// fails open (a Redis fault costs IdP requests, never a failed call) and must never hang.
const AGENT = fileURLToPath(new URL('./soak-redis-agent.ts', import.meta.url));
const agentCount = Number(flags.agents);
const idpServer = agentCount > 0 ? await startLocalIdp({ vendor: 'keycloak' }) : undefined;
const agents: Instance[] = [];
if (idpServer !== undefined) {
  const caFile = join(logDir, 'idp-ca.pem');
  writeFileSync(caFile, idpServer.caPem);
  const agentEnv = {
    IDP_ENV: JSON.stringify(idpServer.env()),
    NODE_EXTRA_CA_CERTS: caFile,
    TOKEN_CACHE_KEY: randomBytes(32).toString('base64'),
  };
  agents.push(
    ...(await Promise.all(
      Array.from({ length: agentCount }, (_, i) => startInstance(i, AGENT, agentEnv, 'agent')),
    )),
  );
}
const idpHumans = [...(idpServer?.humans.values() ?? [])] as { email?: string; name?: string }[];
const agentStats = new Map<string, { requests: number; ok: number; failed: Map<string, number> }>();
async function agentLoop(): Promise<void> {
  const subs = [...(idpServer?.humans.values() ?? [])].slice(0, 3).map((h) => h.sub);
  while (!stopLoad) {
    const sentIn = phase;
    let stats = agentStats.get(sentIn);
    if (stats === undefined) {
      stats = { requests: 0, ok: 0, failed: new Map() };
      agentStats.set(sentIn, stats);
    }
    stats.requests += 1;
    const agent = agents[Math.floor(Math.random() * agents.length)] as Instance;
    const sub = subs[Math.floor(Math.random() * subs.length)];
    let timer: NodeJS.Timeout | undefined;
    const answer = await Promise.race([
      agent.call<Answer>('token', { sub }),
      new Promise<Answer>((r) => {
        timer = setTimeout(() => {
          hangs += 1;
          r({ ok: false, reason: 'no-answer' });
        }, ANSWER_BOUND_MS);
      }),
    ]);
    clearTimeout(timer);
    if (answer.ok) stats.ok += 1;
    else bump(stats.failed, answer.reason);
  }
}

type Answer = { ok: true } | { ok: false; reason: string };
let hangs = 0;
async function present(at: Instance, credential: Credential): Promise<Answer> {
  const answer =
    credential.kind === 'act'
      ? at.call<Answer>('verify', { token: credential.token })
      : at.call<Answer>('check', {
          authorization: credential.authorization,
          dpop: credential.dpop,
        });
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<Answer>((r) => {
    timer = setTimeout(() => {
      hangs += 1;
      r({ ok: false, reason: 'no-answer' });
    }, ANSWER_BOUND_MS);
  });
  try {
    return await Promise.race([answer, bound]);
  } finally {
    clearTimeout(timer);
  }
}

// ---------------------------------------------------------------- per-phase numbers
interface PhaseStats {
  requests: number;
  accepted: number;
  refused: Map<string, number>;
  replays: number;
  replaysAccepted: number;
  replaysRefusedBy: Map<string, number>;
  firstOkAfterMs?: number;
  lastRefusalAfterMs?: number;
}
const phases = new Map<string, PhaseStats>();
let phase = 'warm-up';
const statsOf = (name: string): PhaseStats => {
  let s = phases.get(name);
  if (s === undefined) {
    s = {
      requests: 0,
      accepted: 0,
      refused: new Map(),
      replays: 0,
      replaysAccepted: 0,
      replaysRefusedBy: new Map(),
    };
    phases.set(name, s);
  }
  return s;
};
const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
function setPhase(name: string): void {
  phase = name;
  statsOf(name);
}

// A fault epoch changes when a fault starts and when it ends (a FLUSHALL is one too): a refusal
// counts against the stores only when no fault was under way from its request to its answer, and a
// replay accepted only when no restart or FLUSHALL came between the first use and the replay.
let faultEpoch = 0;
let faultActive = false;
let healedAt: number | undefined;
// Redis is losing its keys (a restart or FLUSHALL under way): replays may pass.
let losing = false;
const cleanRefusals = new Map<string, number>();
const replaysAcceptedWithoutFlush: string[] = [];

// Act JWTs refused while Redis was away, each sent again after the fault to the same instance and
// to another one (the README: a claim that timed out may have landed, and only the instance that
// made it may take it as its own).
const refusedInFault: { token: string; at: number }[] = [];
const retried = { same: new Map<string, number>(), other: new Map<string, number>() };
async function retryRefused(): Promise<void> {
  const batch = refusedInFault.splice(0);
  await Promise.all(
    batch.map(async ({ token, at }, i) => {
      // Half at the instance that refused it, half at another.
      const same = i % 2 === 0;
      const to = same ? at : (at + 1) % instances.length;
      const answer = await present(instances[to] as Instance, { kind: 'act', token });
      bump(same ? retried.same : retried.other, answer.ok ? 'accepted' : answer.reason);
    }),
  );
}

// The accepted act JWTs of the run, for the replays after a restart or a FLUSHALL.
const acceptedActJwts: string[] = [];
let stopLoad = false;
let kindToggle = 0;
async function loadLoop(): Promise<void> {
  while (!stopLoad) {
    const human = pool[Math.floor(Math.random() * pool.length)] as Human;
    const kind = kindToggle++ % 2 === 0 ? 'act' : 'dpop';
    const credential = await credentialFor(human, kind);
    const first = Math.floor(Math.random() * instances.length);
    const sentIn = phase;
    const sentAt = Date.now();
    const epoch = faultEpoch;
    const activeAtSend = faultActive;
    const healed = healedAt;
    const stats = statsOf(sentIn);
    stats.requests += 1;
    const answer = await present(instances[first] as Instance, credential);
    const clean = !activeAtSend && !faultActive && faultEpoch === epoch;
    const afterHeal = healed !== undefined && sentAt >= healed && faultEpoch === epoch;
    if (answer.ok) {
      stats.accepted += 1;
      if (afterHeal && stats.firstOkAfterMs === undefined)
        stats.firstOkAfterMs = Date.now() - (healed as number);
      if (credential.kind === 'act') {
        acceptedActJwts.push(credential.token);
        if (acceptedActJwts.length > 1000) acceptedActJwts.splice(0, 500);
        if (seenSecrets.length < 300) seenSecrets.push(credential.token);
      }
      const other = instances[(first + 1) % instances.length] as Instance;
      const replay = await present(other, credential);
      stats.replays += 1;
      if (replay.ok) {
        stats.replaysAccepted += 1;
        // A FLUSHALL or restart may have run before this process heard it finished: the epoch
        // it started at counts too.
        if (!flushEpochs.some((e) => e > epoch && e <= faultEpoch) && !losing)
          replaysAcceptedWithoutFlush.push(`${sentIn}:${credential.kind}`);
      } else bump(stats.replaysRefusedBy, replay.reason);
    } else {
      bump(stats.refused, answer.reason);
      if (
        credential.kind === 'act' &&
        answer.reason.endsWith('_unavailable') &&
        refusedInFault.length < 2000
      )
        refusedInFault.push({ token: credential.token, at: first });
      if (clean && !afterHeal) bump(cleanRefusals, `${sentIn}:${answer.reason}`);
      if (afterHeal) stats.lastRefusalAfterMs = Date.now() - (healed as number);
    }
  }
}
// The epochs at which Redis lost its keys (a restart, a FLUSHALL).
const flushEpochs: number[] = [];

const problems: string[] = [];
const line = (m: Map<string, number>) => [...m].map(([k, v]) => `${k}=${v}`).join(' ') || '-';

// ---------------------------------------------------------------- the run
const hogs: ChildProcess[] = [];
for (let i = 0; i < Number(flags.hogs); i += 1)
  hogs.push(spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' }));
for (const human of HUMANS)
  accessTokens.set(human, await accessTokenFor(human, Math.floor(Date.now() / 1000) - 2));
for (const token of accessTokens.values()) seenSecrets.push(token);

const admin = createRedisClient({ url: REDIS_URL });
const adminCutoffs = new RedisDelegationCutoffStore({ client: admin, timeoutMs: 10_000 });
const memory: { at: string; rss: number[]; heap: number[]; lag: number[] }[] = [];
const sampleMemory = async (at: string) => {
  const s = await Promise.all(
    instances.map((i) =>
      i.call<{ rss: number; heap: number; unhandled: number; maxLoopDelayMs: number }>('stats'),
    ),
  );
  memory.push({
    at,
    rss: s.map((x) => Math.round(x.rss / 2 ** 20)),
    heap: s.map((x) => Math.round(x.heap / 2 ** 20)),
    lag: s.map((x) => x.maxLoopDelayMs),
  });
  return s;
};
const sampler = setInterval(() => void sampleMemory(phase), 10_000);

setPhase('warm-up');
const loops = [
  ...Array.from({ length: CONCURRENCY }, () => loadLoop()),
  ...Array.from({ length: agents.length > 0 ? 10 : 0 }, () => agentLoop()),
];
await sleep(2000);
await sampleMemory('start');

setPhase('steady');
await sleep(STEADY_MS);

// End dora's delegation from the admin process; her credentials issued before must be refused by
// every instance from then on.
setPhase('end-delegation');
const beforeEnd = await Promise.all(
  Array.from({ length: 60 }, (_, i) => credentialFor(ended, i % 2 === 0 ? 'act' : 'dpop')),
);
await sleep(1100); // the cut-off lands after every iat (whole seconds)
await adminCutoffs.endDelegation(ended.sub, Date.now(), 3_600_000);
const endedStats = { presented: 0, accepted: 0, refusedBy: new Map<string, number>() };
await Promise.all(
  beforeEnd.flatMap((credential) =>
    instances.map(async (instance) => {
      // Fresh proofs for the guard: only the cut-off may refuse them.
      const c: Credential =
        credential.kind === 'dpop'
          ? { ...credential, dpop: await proofFor(accessTokens.get(ended) as string) }
          : credential;
      const answer = await present(instance, c);
      endedStats.presented += 1;
      if (answer.ok) endedStats.accepted += 1;
      else bump(endedStats.refusedBy, answer.reason);
    }),
  ),
);
if (endedStats.accepted > 0)
  problems.push(`ended delegation accepted ${endedStats.accepted} times`);

setPhase('steady-2');
await sleep(STEADY_MS);

async function fault(
  name: string,
  during: () => Promise<void>,
  heal: () => Promise<void>,
  loses = false,
): Promise<void> {
  setPhase(name);
  healedAt = undefined;
  faultActive = true;
  faultEpoch += 1;
  if (loses) flushEpochs.push(faultEpoch);
  losing = loses;
  await during();
  await heal();
  healedAt = Date.now();
  faultActive = false;
  faultEpoch += 1;
  if (loses) flushEpochs.push(faultEpoch);
  losing = false;
  // Not after a restart: the claims are gone with the keys.
  if (loses) refusedInFault.length = 0;
  else await retryRefused();
  setPhase(`${name}/after`);
  await sleep(STEADY_MS);
  // Recovery is timed within the steady window after the fault; a refusal later counts as one
  // outside a fault.
  healedAt = undefined;
}

// SIGKILL, 3 s down, started again on the same port, empty (persistence off).
const beforeKill = acceptedActJwts.slice(-200);
await fault(
  'sigkill',
  async () => {
    await killRedis();
    await sleep(3000);
  },
  startRedis,
  true,
);
const replayAfterRestart = { presented: 0, accepted: 0 };
for (const token of beforeKill) {
  const answer = await present(instances[0] as Instance, { kind: 'act', token });
  replayAfterRestart.presented += 1;
  if (answer.ok) replayAfterRestart.accepted += 1;
}
// The restart lost dora's cut-off (documented): end it again, as operations.md says to.
await adminCutoffs.endDelegation(ended.sub, Date.now(), 3_600_000);

// SIGSTOP for 3 × timeoutMs, then SIGCONT.
await fault(
  'sigstop',
  async () => {
    redisProc?.kill('SIGSTOP');
    await sleep(3 * STORE_TIMEOUT_MS);
  },
  async () => {
    redisProc?.kill('SIGCONT');
  },
);

// Frozen past createRedisClient's deadConnectionAfterMs (10 s): the connection is dropped and made
// again while Redis is still frozen.
await fault(
  'sigstop-12s',
  async () => {
    redisProc?.kill('SIGSTOP');
    await sleep(12_000);
  },
  async () => {
    redisProc?.kill('SIGCONT');
  },
);

// Down 15 s: the client's reconnect delay has grown to its reconnectMaxDelayMs (2 s).
await fault(
  'sigkill-15s',
  async () => {
    await killRedis();
    await sleep(15_000);
  },
  startRedis,
  true,
);
await adminCutoffs.endDelegation(ended.sub, Date.now(), 3_600_000);

// maxmemory just above what is used, noeviction: fill it until writes are refused (OOM).
await fault(
  'maxmemory-noeviction',
  async () => {
    const used = Number(/used_memory:(\d+)/.exec(await cli('INFO', 'memory'))?.[1]);
    await cli('CONFIG', 'SET', 'maxmemory', String(used + 4 * 2 ** 20));
    // 0.5 MB per script, until Redis refuses the next one (it checks maxmemory as a script starts).
    for (let n = 0; n < 1000; n += 1) {
      const fill =
        "for i=1,500 do redis.call('SET', 'soak:fill:'..ARGV[1]..':'..i, string.rep('x', 1000)) end return 1";
      if ((await cli('EVAL', fill, '0', String(n))).includes('OOM')) break;
    }
    await sleep(3000);
  },
  async () => {
    await cli('CONFIG', 'SET', 'maxmemory', '0');
    await cli(
      'EVAL',
      "for _,k in ipairs(redis.call('KEYS','soak:fill:*')) do redis.call('DEL',k) end return 1",
      '0',
    );
  },
);

// An evicting policy set at run time: the stores notice at their next policy check
// (policyCheckIntervalMs, 60 s by default) or reconnect. Counted, not judged.
await fault(
  'allkeys-lru',
  async () => {
    await cli('CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lru');
    await sleep(3000);
  },
  async () => {
    await cli('CONFIG', 'SET', 'maxmemory-policy', 'noeviction');
  },
);

// FLUSHALL while running: claims and cut-offs are gone (documented); replays of earlier act JWTs.
setPhase('flushall');
const beforeFlush = acceptedActJwts.slice(-200);
healedAt = undefined;
faultEpoch += 1;
flushEpochs.push(faultEpoch);
losing = true;
await cli('FLUSHALL');
faultEpoch += 1;
flushEpochs.push(faultEpoch);
losing = false;
const replayAfterFlush = { presented: 0, accepted: 0 };
for (const token of beforeFlush) {
  const answer = await present(instances[1 % instances.length] as Instance, { kind: 'act', token });
  replayAfterFlush.presented += 1;
  if (answer.ok) replayAfterFlush.accepted += 1;
}
setPhase('final');
await sleep(STEADY_MS + Number(flags['soak-seconds']) * 1000);
clearInterval(sampler);
const end = await sampleMemory('end');
const agentEnd = await Promise.all(agents.map((a) => a.call<{ unhandled: number }>('stats')));
stopLoad = true;
await Promise.all(loops);
for (const hog of hogs) hog.kill('SIGKILL');
await Promise.all([...instances, ...agents].map((i) => i.call('close')));
for (const i of [...instances, ...agents]) i.child.disconnect();
await idpServer?.close();
await admin.close();
await killRedis();

// ---------------------------------------------------------------- judge and print
const unhandled = [...end, ...agentEnd].reduce((n, s) => n + s.unhandled, 0);
if (unhandled > 0) problems.push(`${unhandled} unhandled rejections`);
if (hangs > 0) problems.push(`${hangs} answers never came (> ${ANSWER_BOUND_MS} ms)`);
if (crashed.length > 0) problems.push(...crashed);
for (const [name, s] of phases) {
  if (
    name.endsWith('/after') &&
    s.lastRefusalAfterMs !== undefined &&
    s.lastRefusalAfterMs > 15_000
  )
    problems.push(`${name}: refusals went on ${s.lastRefusalAfterMs} ms after the fault ended`);
}
if (cleanRefusals.size > 0)
  problems.push(`valid credentials refused outside a fault: ${line(cleanRefusals)}`);
if (replaysAcceptedWithoutFlush.length > 0)
  problems.push(
    `replays accepted with no restart or FLUSHALL between: ${replaysAcceptedWithoutFlush.join(' ')}`,
  );
let leaks = 0;
for (const file of readdirSync(logDir).filter((f) => f.endsWith('.log'))) {
  const text = readFileSync(join(logDir, file), 'utf8');
  for (const h of HUMANS) {
    if (text.includes(h.email) || text.includes(h.name)) leaks += 1;
    if (h.sub.includes('@') && text.includes(h.sub)) leaks += 1;
  }
  for (const h of idpHumans)
    if ((h.email && text.includes(h.email)) || (h.name && text.includes(h.name))) leaks += 1;
  for (const secret of seenSecrets) if (text.includes(secret.split('.')[2] as string)) leaks += 1;
}
if (leaks > 0) problems.push(`${leaks} secrets, emails or names found in the instances' logs`);

console.log(
  `soak: ${WORKERS} instances, concurrency ${CONCURRENCY}, hogs ${flags.hogs}, logs ${logDir}`,
);
for (const [name, s] of phases) {
  const heal =
    s.firstOkAfterMs === undefined
      ? ''
      : ` first-ok+${s.firstOkAfterMs}ms last-refusal+${s.lastRefusalAfterMs ?? 0}ms`;
  console.log(
    `${name.padEnd(26)} req=${s.requests} ok=${s.accepted} refused[${line(s.refused)}] replays=${s.replays} replay-accepted=${s.replaysAccepted} replay-refused[${line(s.replaysRefusedBy)}]${heal}`,
  );
}
console.log(
  `ended delegation: presented=${endedStats.presented} accepted=${endedStats.accepted} refused[${line(endedStats.refusedBy)}]`,
);
for (const [name, a] of agentStats)
  console.log(
    `agents ${name.padEnd(19)} token requests=${a.requests} ok=${a.ok} failed[${line(a.failed)}]`,
  );
console.log(
  `act JWTs refused in a fault, sent again after it: to the same instance [${line(retried.same)}], to another [${line(retried.other)}]`,
);
console.log(
  `replays after SIGKILL+restart (documented: may pass): ${replayAfterRestart.accepted}/${replayAfterRestart.presented}`,
);
console.log(
  `replays after FLUSHALL (documented: may pass): ${replayAfterFlush.accepted}/${replayAfterFlush.presented}`,
);
console.log(
  `MiB per instance (rss, heap, max event-loop delay ms): ${memory.map((m) => `${m.at} ${m.rss.join('/')} ${m.heap.join('/')} lag ${m.lag.join('/')}`).join(', ')}`,
);
console.log(
  problems.length === 0 ? 'soak: no problem found' : `soak: PROBLEMS\n  ${problems.join('\n  ')}`,
);
process.exit(problems.length === 0 ? 0 : 1);
