import { describe, expect, it } from 'vitest';
import { createTokenIntrospection } from './token-introspection.js';

// Attack (session 39): a JWT naming a claim twice is refused (RFC 7519 §4), but an RFC 7662
// introspection answer, whose members the guard reads as the token's claims, went through
// `JSON.parse`, which keeps the last of two: `{"active":false, …, "active":true}` or two `sub`
// read as whichever came last, where a proxy or the IdP's own logs may read the first.

const answer = (body: BodyInit) =>
  createTokenIntrospection({
    endpoint: 'https://idp.example.test/introspect',
    clientId: 'finance-api',
    clientSecret: 'api-client-secret-0123456789abcdef',
    fetch: async () =>
      new Response(body, { status: 200, headers: { 'content-type': 'application/json' } }),
  }).introspect('opaque-token-0123456789abcdef');

const CLAIMS = '"iss":"https://idp.example.test/","aud":"finance-api","exp":4102444800';

describe('an introspection answer naming a member twice', () => {
  it.each([
    ['active', `{"active":false,${CLAIMS},"active":true}`],
    ['sub', `{"active":true,${CLAIMS},"sub":"user-1","sub":"user-2"}`],
    ['a nested member', `{"active":true,${CLAIMS},"act":{"sub":"agent-a","sub":"agent-b"}}`],
  ])('%s twice: refused as an answer the guard cannot use', async (_name, body) => {
    const error = await answer(body).catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: 'introspection_unavailable' });
    expect(String((error as Error).message)).toMatch(/names a member twice/);
  });

  it('an answer naming each member once is read as before', async () => {
    await expect(answer(`{"active":true,${CLAIMS},"sub":"user-1"}`)).resolves.toMatchObject({
      active: true,
      sub: 'user-1',
    });
  });

  it('an answer that is not strict UTF-8 is refused, not read with U+FFFD in its place', async () => {
    const text = new TextEncoder().encode(`{"active":true,${CLAIMS},"sub":"user-1"}`);
    // The last byte of "user-1" made an invalid UTF-8 byte.
    const body = text.map((byte, index) => (index === text.lastIndexOf(0x31) ? 0xff : byte));
    const error = await answer(body).catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: 'introspection_unavailable' });
  });
});
