import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawGet as rawGetLines } from '../../test/support/middleware-scenario.js';
import {
  accessToken,
  createSigningKey,
  type SigningKey,
  vendorVerifyOptions,
} from '../../test/support/token-kit.js';
import { AGENT_RULE, humanRule } from '../../test/support/vendor-scenario.js';
import { createDualAuthGuard } from '../dual-auth-guard.js';
import { dualAuth } from './index.js';

// Attack (session 36, attack3): RFC 6750 §2, §5.3: a token in the URL is refused, "never left
// beside the header a guard admitted, for the app or a proxy to act on". The guard read the query
// after the first `?` and before a `#`, as Express and URLSearchParams do; Fastify's router
// (find-my-way) starts the query at the first `?` or `#` (and `;` with `useSemicolonDelimiter`).
// `GET /api/accounts/42#access_token=<token>` with a valid Authorization header was admitted,
// and the route read `request.query.access_token`: the URL's token, beside the admitted one.

let idpKey: SigningKey;
let app: FastifyInstance;
let origin: string;
beforeAll(async () => {
  idpKey = await createSigningKey('idp');
  const guard = createDualAuthGuard({
    ...vendorVerifyOptions('okta', idpKey.publicJwk),
    agentAllowed: AGENT_RULE.okta.check,
    humanAllowed: humanRule('okta'),
  });
  app = Fastify({ useSemicolonDelimiter: true });
  app.addHook('onRequest', dualAuth(guard));
  app.get('/api/accounts/:id', async (request) => ({
    query: Object.keys(request.query as object),
  }));
  origin = await app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(() => app.close());

/** GET `path` as written (a `#` or `;` included), with `authorization`. */
const rawGet = (path: string, authorization: string) =>
  rawGetLines(`${origin}${path}`, [['Authorization', authorization]]);

describe('Fastify: a token in the URL after a `#` or `;`, where its router reads the query', () => {
  for (const delimiter of ['#', ';']) {
    it(`${delimiter}access_token=… beside a valid header → 400 invalid_request, never handed to the route`, async () => {
      const token = await accessToken('okta', idpKey);
      const answer = await rawGet(
        `/api/accounts/42${delimiter}access_token=${token}`,
        `Bearer ${token}`,
      );
      expect(answer.status).toBe(400);
      expect(JSON.parse(answer.body)).toMatchObject({ error: 'invalid_request' });
      expect(answer.body).not.toContain(token);
    }, 30_000);
  }

  it('a `#` or `;` in the URL without access_token is admitted (held)', async () => {
    const token = await accessToken('okta', idpKey);
    for (const path of [
      '/api/accounts/42#section',
      '/api/accounts/42;v=1',
      '/api/accounts/42?a=1#access_token',
    ]) {
      const answer = await rawGet(path, `Bearer ${token}`);
      expect(answer.status, path).toBe(200);
    }
  }, 30_000);
});
