// The driver, in its own process: `flood` (unauthenticated DPoP requests: server CPU per request,
// replay-store growth) and `load` (TOTAL requests at CONCURRENCY, mixed verdicts, both instances).
import { readFileSync } from 'node:fs';
import { InSessionApiCall } from '@dual-auth/client';
import { createDualSubjectToken } from '@dual-auth/core';
import { createTrustingFetch } from '@dual-auth/testing';
import { calculateJwkThumbprint } from 'jose';
import { makeProof } from './stack.mjs';

const [mode, file] = process.argv.slice(2);
const s = JSON.parse(readFileSync(file, 'utf8'));
const fetch = createTrustingFetch(s.caPem);
const key = {
  jwk: s.jwk,
  privateKey: await crypto.subtle.importKey(
    'jwk',
    s.privateJwk,
    { name: 'ECDSA', namedCurve: 'P-256' },
    false,
    ['sign'],
  ),
  jkt: await calculateJwkThumbprint(s.jwk, 'sha256'),
};
const say = (...parts) => process.stdout.write(`${parts.join(' ')}\n`);
const stats = async () => (await fetch(`${s.urls[0]}/_stats`)).json();
const cpuMs = (a, b) => (b.cpu.user + b.cpu.system - a.cpu.user - a.cpu.system) / 1000;
const send = async (url, headers, method = 'GET') => {
  const r = await fetch(url, { method, headers });
  await r.arrayBuffer();
  return r.status;
};

async function measure(name, n, make) {
  const before = await stats();
  const statuses = new Map();
  for (let i = 0; i < n; i++) {
    const status = await make(i);
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
  }
  const after = await stats();
  say(
    name.padEnd(44),
    'n',
    n,
    'statuses',
    JSON.stringify(Object.fromEntries(statuses)),
    'server CPU µs/req',
    ((cpuMs(before, after) * 1000) / n).toFixed(0),
    'redis keys',
    before.redisKeys,
    '->',
    after.redisKeys,
  );
}

const url = `${s.urls[0]}/api/balance`;
const proofFor = (token, over) => makeProof(key, { url, method: 'GET', accessToken: token }, over);
const fakeToken = (kid) =>
  `${Buffer.from(JSON.stringify({ alg: 'RS256', kid, typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify({ sub: 'x' })).toString('base64url')}.${'A'.repeat(342)}`;

if (mode === 'flood') {
  await measure('warm-up (valid)', 100, async () =>
    send(url, { authorization: `DPoP ${s.bound}`, dpop: await proofFor(s.bound) }),
  );
  const N = Number(process.env.N ?? 300);
  await measure('valid DPoP request (baseline)', N, async () =>
    send(url, { authorization: `DPoP ${s.bound}`, dpop: await proofFor(s.bound) }),
  );
  await measure('no credentials', N, async () => send(url, {}));
  await measure('garbage token, DPoP scheme, valid proof', N, async () => {
    const t = 'abc.def.ghi';
    return send(url, { authorization: `DPoP ${t}`, dpop: await proofFor(t) });
  });
  await measure('forged signature, known kid, valid proof', N, async () => {
    const t = `${s.bound.split('.').slice(0, 2).join('.')}.${'A'.repeat(342)}`;
    return send(url, { authorization: `DPoP ${t}`, dpop: await proofFor(t) });
  });
  await measure('unknown kid (random per request), proof', N, async () => {
    const t = fakeToken(crypto.randomUUID());
    return send(url, { authorization: `DPoP ${t}`, dpop: await proofFor(t) });
  });
  await measure('valid token, proof htu wrong', N, async () =>
    send(url, {
      authorization: `DPoP ${s.bound}`,
      dpop: await proofFor(s.bound, { claims: { htu: 'https://elsewhere.example/x' } }),
    }),
  );
  await measure('valid token, proof replayed', N, async () => {
    const p = await proofFor(s.bound);
    await send(url, { authorization: `DPoP ${s.bound}`, dpop: p });
    return send(url, { authorization: `DPoP ${s.bound}`, dpop: p });
  });
}

if (mode === 'load') {
  const TOTAL = Number(process.env.TOTAL ?? 2000);
  const CONCURRENCY = Number(process.env.CONCURRENCY ?? 50);
  const client = new InSessionApiCall({
    fetch,
    retry: false,
    timeoutMs: 30_000,
    totalTimeoutMs: 60_000,
  });
  const tok = (t) =>
    createDualSubjectToken({
      accessToken: t,
      tokenType: 'DPoP',
      expiresIn: 300,
      scope: 'finance.read',
      issuedAt: Date.now(),
    });
  const kinds = [
    [
      'alice via client',
      200,
      (u) =>
        client
          .callApi({
            apiUrl: u,
            tokenResponse: tok(s.bound),
            dpopProof: (r) => makeProof(key, r),
            throwHttpErrors: false,
          })
          .then(async (r) => {
            await r.arrayBuffer();
            return r.status;
          }),
    ],
    [
      'bob via client',
      403,
      (u) =>
        client
          .callApi({
            apiUrl: u,
            tokenResponse: tok(s.boundBob),
            dpopProof: (r) => makeProof(key, r),
            throwHttpErrors: false,
          })
          .then(async (r) => {
            await r.arrayBuffer();
            return r.status;
          }),
    ],
    ['bound as Bearer', 401, (u) => send(u, { authorization: `Bearer ${s.bound}` })],
    [
      'proof for the other instance',
      401,
      async (u, other) =>
        send(u, {
          authorization: `DPoP ${s.bound}`,
          dpop: await makeProof(key, { url: other, method: 'GET', accessToken: s.bound }),
        }),
    ],
    [
      'replayed proof (2nd use)',
      401,
      async (u) => {
        const p = await makeProof(key, { url: u, method: 'GET', accessToken: s.bound });
        const first = await send(u, { authorization: `DPoP ${s.bound}`, dpop: p });
        const second = await send(u, { authorization: `DPoP ${s.bound}`, dpop: p });
        if (second === 200) say('  2nd use admitted; 1st was', first);
        return first === 200 ? second : `first ${first} then ${second}`;
      },
    ],
  ];
  const before = await stats();
  const counts = new Map();
  let next = 0;
  let errors = 0;
  let wrong = 0;
  const worker = async () => {
    for (let i = next++; i < TOTAL; i = next++) {
      const [name, want, run] = kinds[i % kinds.length];
      const [a, b] = i % 2 === 0 ? s.urls : [...s.urls].reverse();
      try {
        const got = await run(`${a}/api/balance`, `${b}/api/balance`);
        if (got !== want) {
          wrong++;
          say('wrong verdict', name, got);
        }
        counts.set(`${name} ${got}`, (counts.get(`${name} ${got}`) ?? 0) + 1);
      } catch (error) {
        errors++;
        if (errors < 5)
          say('error', name, error?.name, error?.reason ?? '', error?.message?.slice(0, 160));
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - started) / 1000;
  const after = await stats();
  say(
    'requests',
    TOTAL,
    'errors',
    errors,
    'wrong verdicts',
    wrong,
    'seconds',
    seconds.toFixed(1),
    'server CPU ms',
    cpuMs(before, after).toFixed(0),
    'µs/req',
    ((cpuMs(before, after) * 1000) / TOTAL).toFixed(0),
    'redis keys',
    before.redisKeys,
    '->',
    after.redisKeys,
  );
  for (const [k, v] of counts) say(' ', k, v);
}
