// What @dual-auth/client does with odd DPoP set-ups, against the stack's DPoP guard.
import { dpopKey, makeProof, startStack } from './stack.mjs';

const say = (...parts) => process.stdout.write(`${parts.join(' ')}\n`);
const stack = await startStack();
const key = await dpopKey();
const bound = await stack.bind(await stack.bearerFor(stack.alice), { jkt: key.jkt });
const apiUrl = `${stack.apis[0].url}/api/balance`;
const seen = [];
const recording = (input, init) => {
  const h = new Headers(init?.headers);
  seen.push({ scheme: h.get('authorization')?.split(' ')[0], dpop: h.has('dpop') });
  return stack.apis[0].fetch(input, init);
};
async function probe(name, args, tokenType = 'DPoP') {
  seen.length = 0;
  try {
    const r = await stack.client({ fetch: recording }).callApi({
      apiUrl,
      tokenResponse: stack.asToken(bound, tokenType),
      throwHttpErrors: false,
      ...args,
    });
    say(name, '->', r.status, JSON.stringify(seen), (await r.text()).slice(0, 200));
  } catch (error) {
    say(
      name,
      '-> throws',
      error?.constructor?.name,
      JSON.stringify(error?.message),
      JSON.stringify(seen),
    );
  }
}
try {
  await probe('DPoP token, no dpopProof, no DPoP header', {});
  await probe(
    'token_type "dpop" (lowercase), dpopProof',
    { dpopProof: (r) => makeProof(key, r) },
    'dpop',
  );
  await probe('Bearer token with dpopProof', { dpopProof: (r) => makeProof(key, r) }, 'Bearer');
  await probe('dpopProof throws', {
    dpopProof: () => {
      throw new Error('HSM offline');
    },
  });
  await probe('dpopProof returns a number', { dpopProof: () => 42 });
  await probe('dpopProof returns CRLF', { dpopProof: () => 'a.b.c\r\nX-Evil: 1' });
  await probe('dpopProof and a DPoP header', {
    dpopProof: (r) => makeProof(key, r),
    headers: { DPoP: 'x.y.z' },
  });
  await probe('dpopProof old iat', {
    dpopProof: (r) => makeProof(key, r, { claims: { iat: Math.floor(Date.now() / 1000) - 600 } }),
  });
} finally {
  await stack.close();
}
