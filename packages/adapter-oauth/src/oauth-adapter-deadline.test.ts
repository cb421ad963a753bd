import { createDualAuthConfig, createSubjectToken, TOKEN_TYPE } from '@dual-auth/core';
import type { AdapterOptions } from '@dual-auth/core/adapter-kit';
import { startTokenEndpointStub, type TokenEndpointStub } from '@dual-auth/testing';
import { base64url } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OAuthAdapter } from './oauth-adapter.js';
import type { OAuthConfig } from './oauth-config.js';

const SECRET = 'oauth-secret-0123456789abcdef0123456789';
const JTI = 'HMr1i3nwtxe8w1_Psnl4BdpxLff62Zq72nlzeHvI7SU';
const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';

let server: TokenEndpointStub;
beforeAll(async () => {
  server = await startTokenEndpointStub();
});
afterAll(() => server.close());

/**
 * A JWT naming the human, its signature a placeholder: the adapter only reads its claims before
 * sending it (an `alg` of `none` it refuses unsent, since session 39).
 */
function humanJwt(sub: string, claims: object = {}): string {
  const part = (value: object) => base64url.encode(JSON.stringify(value));
  return `${part({ alg: 'RS256' })}.${part({ sub, ...claims })}.c2ln`;
}

/**
 * The adapter against the real stub server, with a clock the test moves: `step` picks the answer
 * of each request by its grant and says how many ms it takes, so no assertion depends on the
 * machine's speed (the stub answers at once; the time passes on the controlled clock).
 */
function timedAdapter(
  fields: Partial<OAuthConfig>,
  step: (grant: string, path: string) => { reply: object; status?: number; tookMs: number },
  options: Partial<AdapterOptions> = {},
) {
  let now = 1_795_421_725_000;
  const grants: string[] = [];
  const fetch: typeof globalThis.fetch = async (url, init) => {
    const grant = new URLSearchParams(String(init?.body)).get('grant_type') ?? '';
    grants.push(grant);
    const { reply, status = 200, tookMs } = step(grant, new URL(String(url)).pathname);
    server.reply({ status, body: reply });
    const response = await server.fetch(url, init);
    now += tookMs;
    return response;
  };
  const config = createDualAuthConfig<OAuthConfig>({
    vendor: 'oauth',
    tokenUrl: `${server.url}/oauth2/token`,
    clientId: 'agent-1',
    clientSecret: SECRET,
    ...fields,
  });
  const adapter = new OAuthAdapter(config, {
    fetch,
    clock: { now: () => now },
    random: () => base64url.decode(JTI),
    sleep: async (ms) => {
      now += ms;
    },
    totalTimeoutMs: 1000,
    retry: false,
    ...options,
  });
  return { adapter, grants };
}

const idJagConfig = (): Partial<OAuthConfig> => ({
  mode: 'id-jag',
  idpTokenUrl: `${server.url}/idp/token`,
  resourceIssuer: 'https://rs.example/',
});
const ID_JAG_ANSWER = {
  // An ID-JAG names the server it is for (checkIdJagAudience).
  access_token: humanJwt('u-1', { aud: 'https://rs.example/', client_id: 'agent-1' }),
  token_type: 'N_A',
  issued_token_type: TOKEN_TYPE.idJag,
};

const request = (subjectToken = createSubjectToken(humanJwt('u-1'))) => ({
  agentId: 'agent-1',
  act: { sub: 'u-1' },
  scope: ['finance.read'],
  subjectToken,
});

describe('OAuthAdapter: one totalTimeoutMs for the whole token request (adapter kit README)', () => {
  it('id-jag: the second request is not sent once the first used up totalTimeoutMs', async () => {
    const { adapter, grants } = timedAdapter(idJagConfig(), (_grant, path) =>
      path === '/idp/token'
        ? { reply: ID_JAG_ANSWER, tookMs: 1000 }
        : { reply: { access_token: 'AT' }, tookMs: 0 },
    );
    const subject = createSubjectToken(humanJwt('u-1'), TOKEN_TYPE.idToken);
    await expect(adapter.requestToken(request(subject))).rejects.toMatchObject({
      name: 'TokenRequestError',
      message: expect.stringContaining('No token from OAuth within totalTimeoutMs (1000 ms)'),
    });
    expect(grants).toEqual([TOKEN_EXCHANGE]);
  });

  it('id-jag: the second request gets what the first left of totalTimeoutMs', async () => {
    const { adapter, grants } = timedAdapter(
      idJagConfig(),
      (_grant, path) =>
        path === '/idp/token'
          ? { reply: ID_JAG_ANSWER, tookMs: 700 }
          : { reply: { error: 'temporarily_unavailable' }, status: 503, tookMs: 0 },
      // A fresh 1000 ms would leave room for this wait; the 300 ms left do not.
      { retry: { limit: 1, baseDelayMs: 600, maxDelayMs: 600 } },
    );
    const subject = createSubjectToken(humanJwt('u-1'), TOKEN_TYPE.idToken);
    await expect(adapter.requestToken(request(subject))).rejects.toMatchObject({
      name: 'TokenRequestError',
      status: 503,
      attempts: 1,
    });
    expect(grants).toEqual([TOKEN_EXCHANGE, 'urn:ietf:params:oauth:grant-type:jwt-bearer']);
  });

  it('token-exchange: the actor token request shares the exchange deadline', async () => {
    let actorRequests = 0;
    const { adapter, grants } = timedAdapter(
      { mode: 'token-exchange', actorToken: 'client-credentials' },
      (grant) => {
        if (grant === TOKEN_EXCHANGE) {
          return { reply: { error: 'temporarily_unavailable' }, status: 503, tookMs: 700 };
        }
        actorRequests++;
        return actorRequests === 1
          ? { reply: { access_token: 'AGENT-AT' }, tookMs: 0 }
          : { reply: { error: 'temporarily_unavailable' }, status: 503, tookMs: 200 };
      },
      { retry: { limit: 1, baseDelayMs: 200, maxDelayMs: 200 } },
    );
    // Exchange 503 at 700 ms, wait (100-200 ms), actor token 503 at 1000 ms or later: no time is
    // left for the actor token's retry, which a fresh totalTimeoutMs of its own would allow.
    await expect(adapter.requestToken(request())).rejects.toMatchObject({
      name: 'TokenRequestError',
      status: 503,
    });
    expect(grants).toEqual(['client_credentials', TOKEN_EXCHANGE, 'client_credentials']);
  });

  it('token-exchange: an abort during the actor token request rejects with its reason at once', async () => {
    const controller = new AbortController();
    const reason = new Error('caller gave up');
    const fetch: typeof globalThis.fetch = (_url, init) => {
      controller.abort(reason);
      // Never answers: only the request's own signal ends it.
      return new Promise((_resolve, reject) => {
        const signal = init?.signal;
        if (signal?.aborted) reject(signal.reason);
        signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
      });
    };
    const config = createDualAuthConfig<OAuthConfig>({
      vendor: 'oauth',
      tokenUrl: `${server.url}/oauth2/token`,
      clientId: 'agent-1',
      clientSecret: SECRET,
      mode: 'token-exchange',
      actorToken: 'client-credentials',
    });
    // Without the caller's signal the attempt would end by timeoutMs as a TokenRequestError.
    const adapter = new OAuthAdapter(config, { fetch, timeoutMs: 100, retry: false });
    await expect(adapter.requestToken({ ...request(), signal: controller.signal })).rejects.toBe(
      reason,
    );
  });
});
