import { createDpopProver } from '@dual-auth/core/dpop';
import { base64url, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { fakeTime, token } from '../test/demo-api.js';
import { useDemoApis } from '../test/use-demo-apis.js';
import { InSessionApiCall } from './in-session-api-call.js';

const api = useDemoApis();

// A DPoP-bound JWT access token names its key (cnf.jkt, RFC 9449 §6.1). Wired with another
// prover's dpopProof (two adapters, two keys), every request went out with a proof the API must
// refuse: the client can tell before sending, from the token and the proof alone.
const jwtWith = (claims: object) =>
  `${base64url.encode('{"alg":"ES256","typ":"at+jwt"}')}.${base64url.encode(JSON.stringify(claims))}.c2ln`;
const jwtBoundTo = (jkt: string) => jwtWith({ sub: 'u-1', cnf: { jkt } });

describe('callApi with a dpopProof of another key than the token is bound to', () => {
  it('refuses before sending, saying which prover to pass; the right prover goes through', async () => {
    const a = createDpopProver({ keyPair: await generateKeyPair('ES256') });
    const b = createDpopProver({ keyPair: await generateKeyPair('ES256') });
    const server = await api(() => ({ status: 200, body: 'ok' }));
    const call = new InSessionApiCall({ fetch: server.fetch, ...fakeTime().options });
    const tokenResponse = token({
      accessToken: jwtBoundTo(await a.thumbprint()),
      tokenType: 'DPoP',
    });
    const error = await call
      .callApi({ apiUrl: server.url, tokenResponse, dpopProof: b.proof })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toBe(
      "DPoP proof: the access token is bound to another key than this prover's (its cnf.jkt, RFC 9449 §6.1): pass as dpopProof the proof of the prover the token was issued for (the adapter's dpop.prover)",
    );
    expect(server.requests).toHaveLength(0);
    const response = await call.callApi({ apiUrl: server.url, tokenResponse, dpopProof: a.proof });
    expect(response.status).toBe(200);
    expect(server.requests).toHaveLength(1);
  });

  it('leaves an opaque token, or one without cnf.jkt, to the API', async () => {
    const b = createDpopProver({ keyPair: await generateKeyPair('ES256') });
    const server = await api(() => ({ status: 200, body: 'ok' }));
    const call = new InSessionApiCall({ fetch: server.fetch, ...fakeTime().options });
    for (const accessToken of [
      'opaque-dpop-token',
      jwtWith({ sub: 'u-1', cnf: { 'x5t#S256': 'abc' } }),
    ]) {
      const tokenResponse = token({ accessToken, tokenType: 'DPoP' });
      const response = await call.callApi({
        apiUrl: server.url,
        tokenResponse,
        dpopProof: b.proof,
      });
      expect(response.status).toBe(200);
    }
  });
});
