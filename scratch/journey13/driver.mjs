// journey13: the agent (RFC 8693 token exchange, adapter-oauth) and the probes across the three
// API processes. node driver.mjs <phase>  (env: the local IdP's .env, PORTS=a,b,c)
import { readFileSync } from 'node:fs';
import { oauthPlugin } from '@dual-auth/adapter-oauth';
import { createAdapter, createSubjectToken } from '@dual-auth/core';
import { HybridSender, InSessionTokenRequest, UserSession } from '@dual-auth/session';

const env = process.env;
const ports = (env.PORTS ?? '').split(',').map(Number);
const base = (p) => `https://127.0.0.1:${p}`;
const say = (o) => process.stdout.write(`${JSON.stringify(o)}\n`);
const phase = process.argv[2];

const adapter = await createAdapter(undefined, {
  plugins: [oauthPlugin],
  env: { ...env, OAUTH_MODE: 'token-exchange', OAUTH_ISSUER: env.IDP_ISSUER },
});
const requests = new InSessionTokenRequest({ adapter });
const humans = {
  alice: { sub: env.HUMAN_ALICE_SUB, file: '.dual-auth-idp/alice.jwt' },
  bob: { sub: env.HUMAN_BOB_SUB, file: '.dual-auth-idp/bob.jwt' },
};
async function tokenFor(name) {
  const h = humans[name];
  const token = await requests.requestToken({
    agentId: 'finance-agent',
    act: { sub: h.sub },
    scope: ['finance.read'],
    subjectToken: createSubjectToken(readFileSync(h.file, 'utf8').trim()),
  });
  return token.accessToken;
}
async function balance(port, accessToken) {
  const r = await fetch(`${base(port)}/api/balance`, {
    headers: { authorization: `Bearer ${accessToken}` },
  });
  let body = null;
  try {
    body = await r.json();
  } catch {}
  return {
    status: r.status,
    body,
    www: r.headers.get('www-authenticate'),
    retry: r.headers.get('retry-after'),
  };
}

if (phase === 'verdicts') {
  const a = await tokenFor('alice');
  const b = await tokenFor('bob');
  for (const p of ports) {
    const ra = await balance(p, a);
    const rb = await balance(p, b);
    say({
      port: p,
      alice: ra.status,
      aliceHuman: ra.body?.human === humans.alice.sub,
      bob: rb.status,
      bobSide: rb.body?.failed_side ?? rb.www,
    });
  }
}

if (phase === 'act-replay') {
  const sender = new HybridSender({ privateKey: env.APP_PRIVATE_KEY });
  const act = sender.extractActFromSession(new UserSession({ userId: humans.alice.sub }));
  const actJwt = await sender.prepareOutOfSessionAct({
    act,
    agentEndpoint: env.AGENT_ENDPOINT ?? 'https://agent.local/invoke',
  });
  for (const p of [...ports, ports[0]]) {
    const r = await fetch(`${base(p)}/agent/invoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ act_jwt: actJwt }),
    });
    say({ port: p, status: r.status, body: await r.json() });
  }
}

if (phase === 'load') {
  const total = Number(env.TOTAL ?? 2000);
  const concurrency = Number(env.CONCURRENCY ?? 50);
  const tokens = { alice: await tokenFor('alice'), bob: await tokenFor('bob') };
  let next = 0;
  const counts = { ok: 0, errors: 0, wrong: 0, byStatus: {}, byPort: {} };
  const wrongSamples = [];
  async function worker() {
    while (next < total) {
      const i = next++;
      const who = i % 2 === 0 ? 'alice' : 'bob';
      const port = ports[i % ports.length];
      try {
        const r = await balance(port, tokens[who]);
        counts.byStatus[r.status] = (counts.byStatus[r.status] ?? 0) + 1;
        counts.byPort[port] = (counts.byPort[port] ?? 0) + 1;
        const right =
          who === 'alice'
            ? r.status === 200 && r.body?.human === humans.alice.sub && r.body?.port === port
            : r.status === 403 && r.body?.failed_side === 'human';
        if (r.status >= 500) counts.errors++;
        else if (right) counts.ok++;
        else {
          counts.wrong++;
          if (wrongSamples.length < 5)
            wrongSamples.push({ who, port, status: r.status, body: r.body });
        }
      } catch (error) {
        counts.errors++;
        if (wrongSamples.length < 5)
          wrongSamples.push({ who, port, error: String(error?.cause ?? error) });
      }
    }
  }
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  say({ total, concurrency, ms: Math.round(performance.now() - t0), ...counts, wrongSamples });
}

if (phase === 'outage') {
  // Redis is down: every process must answer 503 with Retry-After, never 200 or 500.
  const a = await tokenFor('alice');
  for (const p of ports) {
    const r = await balance(p, a);
    say({ port: p, status: r.status, retry: r.retry, body: r.body });
  }
  const sender = new HybridSender({ privateKey: env.APP_PRIVATE_KEY });
  const actJwt = await sender.prepareOutOfSessionAct({
    act: { sub: humans.alice.sub },
    agentEndpoint: env.AGENT_ENDPOINT ?? 'https://agent.local/invoke',
  });
  const r = await fetch(`${base(ports[1])}/agent/invoke`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ act_jwt: actJwt }),
  });
  say({ act: true, port: ports[1], status: r.status, body: await r.json() });
  const e = await fetch(`${base(ports[2])}/admin/end-delegation`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ sub: humans.bob.sub }),
  });
  say({ endDelegation: true, port: ports[2], status: e.status, body: await e.json() });
}

if (phase === 'end-delegation') {
  const a = await tokenFor('alice');
  for (const p of ports) say({ before: true, port: p, status: (await balance(p, a)).status });
  const e = await fetch(`${base(ports[0])}/admin/end-delegation`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ sub: humans.alice.sub }),
  });
  say({ ended: e.status, on: ports[0] });
  for (const p of ports) {
    const r = await balance(p, a);
    say({ after: true, port: p, status: r.status, www: r.www });
  }
}
