// Attacks on the DPoP guard of stack.mjs: each case says what the verdict must be.
import { dpopKey, makeProof, startStack } from './stack.mjs';

const say = (...parts) => process.stdout.write(`${parts.join(' ')}\n`);
const PUBLIC = 'https://api.journey14.test';
const stack = await startStack({ publicBaseUrl: PUBLIC });
const [one, two] = stack.apis;
const key = await dpopKey();
const other = await dpopKey();
const bearer = await stack.bearerFor(stack.alice);
const bound = await stack.bind(bearer, { jkt: key.jkt });
const url = `${PUBLIC}/api/balance`;
let failures = 0;

async function send(api, { path = '/api/balance', method = 'GET', headers = {} } = {}) {
  const before = stack.audits.length;
  const response = await api.fetch(`${api.url}${path}`, { method, headers });
  const body = await response.text();
  const audit = stack.audits.length > before ? stack.audits.at(-1) : { reason: '(no audit)' };
  return {
    status: response.status,
    body,
    reason: audit?.reason,
    challenge: response.headers.get('www-authenticate'),
  };
}
async function expectCase(name, want, result) {
  const ok = result.status === want;
  if (!ok) failures++;
  say(
    ok ? 'ok  ' : 'FAIL',
    name,
    result.status,
    result.reason,
    process.env.SHOW ? result.body.slice(0, 400) : ok ? '' : result.body.slice(0, 300),
  );
}
const proof = (over, r = {}) =>
  makeProof(key, { url, method: 'GET', accessToken: bound, ...r }, over);
const dpopHeaders = async (p) => ({ authorization: `DPoP ${bound}`, dpop: await p });

try {
  const p = await proof();
  await expectCase('fresh proof', 200, await send(one, { headers: await dpopHeaders(p) }));
  await expectCase(
    'replay, same instance',
    401,
    await send(one, { headers: await dpopHeaders(p) }),
  );
  await expectCase(
    'replay, other instance',
    401,
    await send(two, { headers: await dpopHeaders(p) }),
  );
  await expectCase(
    'proof for another path',
    401,
    await send(one, {
      path: '/api/transfers',
      method: 'POST',
      headers: await dpopHeaders(proof()),
    }),
  );
  await expectCase(
    'proof for another method',
    401,
    await send(one, { method: 'POST', path: '/api/balance', headers: await dpopHeaders(proof()) }),
  );
  await expectCase(
    'bound token as Bearer',
    401,
    await send(one, { headers: { authorization: `Bearer ${bound}` } }),
  );
  await expectCase(
    'bound token as Bearer + proof',
    401,
    await send(one, { headers: { authorization: `Bearer ${bound}`, dpop: await proof() } }),
  );
  await expectCase(
    'no DPoP header',
    401,
    await send(one, { headers: { authorization: `DPoP ${bound}` } }),
  );
  await expectCase(
    'proof by another key',
    401,
    await send(one, {
      headers: {
        authorization: `DPoP ${bound}`,
        dpop: await makeProof(other, { url, method: 'GET', accessToken: bound }),
      },
    }),
  );
  await expectCase(
    'unbound token as DPoP',
    401,
    await send(one, {
      headers: await dpopHeaders(makeProof(key, { url, method: 'GET', accessToken: bearer })).then(
        (h) => ({ ...h, authorization: `DPoP ${bearer}` }),
      ),
    }),
  );
  await expectCase(
    'ath of another token',
    401,
    await send(one, {
      headers: await dpopHeaders(makeProof(key, { url, method: 'GET', accessToken: bearer })),
    }),
  );
  await expectCase(
    'no ath',
    401,
    await send(one, { headers: await dpopHeaders(makeProof(key, { url, method: 'GET' })) }),
  );
  // alg tricks
  const [h, c] = (await proof()).split('.');
  const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'dpop+jwt', jwk: key.jwk })).toString('base64url')}.${c}.`;
  await expectCase(
    'alg none',
    401,
    await send(one, { headers: { authorization: `DPoP ${bound}`, dpop: none } }),
  );
  const hs = await import('jose').then(async ({ SignJWT }) =>
    new SignJWT(JSON.parse(Buffer.from(c, 'base64url')))
      .setProtectedHeader({ alg: 'HS256', typ: 'dpop+jwt', jwk: { kty: 'oct', k: 'c2VjcmV0' } })
      .sign(new TextEncoder().encode('secret')),
  );
  await expectCase(
    'alg HS256 with oct jwk',
    401,
    await send(one, { headers: { authorization: `DPoP ${bound}`, dpop: hs } }),
  );
  await expectCase(
    'typ JWT',
    401,
    await send(one, { headers: await dpopHeaders(proof({ header: { typ: 'JWT' } })) }),
  );
  await expectCase(
    'jwk with private d',
    401,
    await send(one, {
      headers: await dpopHeaders(proof({ header: { jwk: { ...key.jwk, d: 'AAAA' } } })),
    }),
  );
  {
    const { FlattenedSign } = await import('jose');
    const payload = new TextEncoder().encode(
      JSON.stringify({
        jti: crypto.randomUUID(),
        htm: 'GET',
        htu: url,
        iat: Math.floor(Date.now() / 1000),
        ath: (await import('./stack.mjs')).ath(bound),
      }),
    );
    const jws = await new FlattenedSign(payload)
      .setProtectedHeader({
        alg: 'ES256',
        typ: 'dpop+jwt',
        jwk: key.jwk,
        crit: ['x-must'],
        'x-must': 1,
      })
      .sign(key.privateKey, { crit: { 'x-must': true } });
    await expectCase(
      'crit header',
      401,
      await send(one, {
        headers: {
          authorization: `DPoP ${bound}`,
          dpop: `${jws.protected}.${jws.payload}.${jws.signature}`,
        },
      }),
    );
  }
  await expectCase(
    'alg header mismatch jwk (RS256 label on EC)',
    401,
    await send(one, {
      headers: {
        authorization: `DPoP ${bound}`,
        dpop: `${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(h, 'base64url')), alg: 'RS256' })).toString('base64url')}.${(await proof()).split('.').slice(1).join('.')}`,
      },
    }),
  );
  // odd and huge headers
  await expectCase(
    'two DPoP headers',
    401,
    await send(one, {
      headers: [
        ['authorization', `DPoP ${bound}`],
        ['dpop', await proof()],
        ['dpop', await proof()],
      ],
    }),
  );
  await expectCase(
    'DPoP header 60 KB (Node: 431)',
    431,
    await send(one, { headers: { authorization: `DPoP ${bound}`, dpop: 'a'.repeat(60_000) } }),
  );
  await expectCase(
    'DPoP header not a JWS',
    401,
    await send(one, { headers: { authorization: `DPoP ${bound}`, dpop: 'a.b' } }),
  );
  await expectCase(
    'lowercase scheme dpop',
    200,
    await send(one, { headers: { authorization: `dpop ${bound}`, dpop: await proof() } }),
  );
  await expectCase(
    'htm lowercase',
    401,
    await send(one, { headers: await dpopHeaders(proof({ claims: { htm: 'get' } })) }),
  );
  await expectCase(
    'htu with query',
    200,
    await send(one, {
      path: '/api/balance?x=1',
      headers: await dpopHeaders(proof({ claims: { htu: `${url}?x=1` } })),
    }),
  );
  await expectCase(
    'htu http scheme',
    401,
    await send(one, {
      headers: await dpopHeaders(proof({ claims: { htu: url.replace('https:', 'http:') } })),
    }),
  );
  await expectCase(
    'htu uppercase host + default-port form',
    200,
    await send(one, {
      headers: await dpopHeaders(
        proof({
          claims: { htu: url.replace('127.0.0.1', '127.0.0.1').replace('https://', 'HTTPS://') },
        }),
      ),
    }),
  );
  await expectCase(
    'htu path case',
    401,
    await send(one, {
      headers: await dpopHeaders(proof({ claims: { htu: url.replace('balance', 'BALANCE') } })),
    }),
  );
  await expectCase(
    'htu path dot-segment',
    200,
    await send(one, {
      headers: await dpopHeaders(proof({ claims: { htu: url.replace('/api/', '/x/../api/') } })),
    }),
  );
  // clock skew
  const now = Math.floor(Date.now() / 1000);
  await expectCase(
    'iat 10 s in the future',
    200,
    await send(one, { headers: await dpopHeaders(proof({ claims: { iat: now + 10 } })) }),
  );
  await expectCase(
    'iat 120 s in the future',
    401,
    await send(one, { headers: await dpopHeaders(proof({ claims: { iat: now + 120 } })) }),
  );
  await expectCase(
    'iat 90 s old',
    401,
    await send(one, { headers: await dpopHeaders(proof({ claims: { iat: now - 90 } })) }),
  );
  await expectCase(
    'iat string',
    401,
    await send(one, { headers: await dpopHeaders(proof({ claims: { iat: String(now) } })) }),
  );
  await expectCase(
    'jti empty',
    401,
    await send(one, { headers: await dpopHeaders(proof({ claims: { jti: '' } })) }),
  );
  await expectCase(
    'jti 10 KB',
    401,
    await send(one, { headers: await dpopHeaders(proof({ claims: { jti: 'j'.repeat(10_000) } })) }),
  );
  // Host header spoofing: Node builds the URL from Host when publicBaseUrl is not set.
  await expectCase(
    'Host spoofed to match a proof for another host',
    401,
    await send(one, {
      headers: {
        ...(await dpopHeaders(proof({ claims: { htu: 'https://evil.example/api/balance' } }))),
        host: 'evil.example',
      },
    }),
  );
  say('failures', failures);
  say('audit reasons', [...new Set(stack.audits.map((a) => a.reason))].join(' '));
} finally {
  await stack.close();
}
