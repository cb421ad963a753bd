// biome-ignore-all lint/suspicious/noConsole: a drill script reports on stdout
// biome-ignore-all lint/style/noNonNullAssertion: a drill script fails loudly on a missing value
// biome-ignore-all lint/suspicious/noUndeclaredEnvVars: drill settings come from the environment
// Journey 11 incident drill: a real local Keycloak-shaped IdP (loopback TLS), a real redis-server, an
// API process and two agent processes. Timeline (s): 0 start; 10 IdP down; 15 agent B starts (needs
// a token while the IdP is down); 40 IdP back on the same port and CA, with a NEW signing key and
// the old one withdrawn (`rotateSigningKey({ overlapSeconds: 0 })` while stopped: this is also the
// key rotation; IDP_RESTART=same-key keeps the key instead); 70 Redis stops;
// 85 Redis starts (empty); 100 SIGTERM agent A; 105 SIGTERM API; 110 SIGTERM agent B. Agent B acts
// for another human (carol), so the shared token cache cannot hide the IdP outage from it.
// Output: /tmp/j11/<proc>.log and /tmp/j11/timeline.json, /tmp/j11/secrets.json (for the leak grep).
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { createTestCa, type LocalIdp, startLocalIdp, startRedisServer } from '@dual-auth/testing';

const out = process.env.OUT ?? '/tmp/j11';
mkdirSync(out, { recursive: true });
const t0 = Date.now();
const timeline: { t: number; what: string }[] = [];
const mark = (what: string) => {
  timeline.push({ t: (Date.now() - t0) / 1000, what });
  console.log(((Date.now() - t0) / 1000).toFixed(1), what);
};
const sleepUntil = (s: number) =>
  new Promise((r) => setTimeout(r, Math.max(0, t0 + s * 1000 - Date.now())));

const ca = await createTestCa();
const secret = randomBytes(32).toString('base64url');
const human = {
  sub: randomUUID(),
  username: 'alice',
  email: 'alice.oncall@sre.example',
  name: 'Alice Oncall',
  roles: ['FinanceUser'],
};
const carol = {
  sub: randomUUID(),
  username: 'carol',
  email: 'carol.pager@sre.example',
  name: 'Carol Pager',
  roles: ['FinanceUser'],
};
const agents = [
  {
    clientId: 'finance-agent',
    clientSecret: secret,
    roles: ['FinanceAgent'],
    permissions: ['read:finance-data'],
    scopes: ['finance.read'],
  },
];
const newKeyOnRestart = (process.env.IDP_RESTART ?? 'new-key') === 'new-key';

const redis = await startRedisServer();
const idp: LocalIdp = await startLocalIdp({
  vendor: 'keycloak',
  ca,
  agents,
  humans: [human, carol],
});
const cert = await ca.issueServerCertificate({ hostnames: ['127.0.0.1'] });
writeFileSync(`${out}/ca.pem`, ca.caPem);
writeFileSync(`${out}/cert.pem`, cert.certPem);
writeFileSync(`${out}/key.pem`, cert.keyPem, { mode: 0o600 });
const tokenKey = randomBytes(32).toString('base64');
const apiPort = 20000 + Math.floor(Math.random() * 20000);
const base = {
  ...process.env,
  ...idp.env(),
  NODE_EXTRA_CA_CERTS: `${out}/ca.pem`,
  REDIS_URL: redis.url,
  IDP_ISSUER: idp.issuer,
  IDP_AUDIENCE: idp.audience,
  IDP_JWKS_URL: idp.jwksUrl,
  HUMAN_SUB: human.sub,
  API_HUMANS: `${human.sub},${carol.sub}`,
  HUMAN_EMAIL: human.email,
  HUMAN_NAME: human.name,
  TOKEN_KEY: tokenKey,
  TLS_CERT_FILE: `${out}/cert.pem`,
  TLS_KEY_FILE: `${out}/key.pem`,
  PORT: String(apiPort),
  API_URL: `https://127.0.0.1:${apiPort}/balance`,
};
writeFileSync(
  `${out}/secrets.json`,
  JSON.stringify({
    secret,
    tokenKey,
    email: human.email,
    name: human.name,
    email2: carol.email,
    name2: carol.name,
    username: human.username,
    keyPem: cert.keyPem.split('\n')[1],
  }),
);

const procs = new Map<string, ChildProcess>();
const exits = new Map<string, Promise<{ code: number | null; signal: string | null; t: number }>>();
const launch = (name: string, role: string, extra: Record<string, string> = {}) => {
  const child = spawn(
    process.execPath,
    ['tools/run-source.mjs', 'scratch/journey11/roles.ts', role],
    {
      env: { ...base, ...extra, NAME: name },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const log = createWriteStream(`${out}/${name}.log`);
  child.stdout!.pipe(log);
  child.stderr!.pipe(createWriteStream(`${out}/${name}.stderr`));
  procs.set(name, child);
  exits.set(
    name,
    new Promise((r) =>
      child.once('exit', (code, signal) => r({ code, signal, t: (Date.now() - t0) / 1000 })),
    ),
  );
  mark(`start ${name} pid ${child.pid}`);
};
const term = async (name: string) => {
  mark(`SIGTERM ${name}`);
  procs.get(name)!.kill('SIGTERM');
  const done = await Promise.race([
    exits.get(name)!,
    new Promise<null>((r) => setTimeout(() => r(null), 15_000)),
  ]);
  if (done === null) {
    mark(`${name} STILL RUNNING 15 s after SIGTERM: SIGKILL`);
    procs.get(name)!.kill('SIGKILL');
  } else mark(`${name} exited code=${done.code} signal=${done.signal}`);
};

launch('api', 'api');
await sleepUntil(2);
launch('agentA', 'agent');
await sleepUntil(10);
await idp.stop();
mark('IdP stopped (outage)');
await sleepUntil(15);
launch('agentB', 'agent', {
  HUMAN_SUB: carol.sub,
  HUMAN_EMAIL: carol.email,
  HUMAN_NAME: carol.name,
});
await sleepUntil(40);
if (newKeyOnRestart) await idp.rotateSigningKey({ overlapSeconds: 0 });
await idp.start();
mark(`IdP restarted, ${newKeyOnRestart ? 'new signing key' : 'same signing key'}`);
await sleepUntil(75);
await redis.stop();
mark('Redis stopped');
await sleepUntil(85);
await redis.start();
mark('Redis started (empty)');
await sleepUntil(100);
await term('agentA');
await sleepUntil(105);
await term('api');
await sleepUntil(110);
await term('agentB');
writeFileSync(`${out}/timeline.json`, JSON.stringify(timeline, null, 1));
await idp.close();
await redis.close();
mark('done');
