import { TokenRequestError } from '@dual-auth/core';
import {
  createRecordingLogger,
  startTokenEndpointStub,
  type TokenEndpointStub,
} from '@dual-auth/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  NOW_SECONDS,
  tokenExchangeAdapter,
  unsignedJwt,
} from '../test/support/token-exchange-adapter.js';

// Attack: in `client-credentials` (the reference's recipe) the agent asks for a token for
// API_AUDIENCE (the `audience` parameter) and sends what it gets to that API. A token endpoint (or
// whoever answers for it) handing out a token for another API had it sent to this one, which could
// replay it where it is valid (RFC 8707 §1: a token for one resource must not be usable at
// another); the delegation modes refuse such an `aud`, this mode compared only the client and
// `act.sub`.
const API = 'https://api.example/finance';

let server: TokenEndpointStub;
beforeAll(async () => {
  server = await startTokenEndpointStub();
});
afterAll(() => server.close());

/** `audience` null: API_AUDIENCE not set. */
function answerWith(accessToken: string, audience: string | null = API) {
  server.reply({ status: 200, body: { access_token: accessToken, token_type: 'Bearer' } });
  const logger = createRecordingLogger();
  const adapter = tokenExchangeAdapter(
    server,
    { mode: 'client-credentials', ...(audience === null ? {} : { audience }) },
    { logger },
  );
  const asked = adapter.requestToken({ agentId: 'agent-1', act: { sub: 'u-1' }, scope: ['x'] });
  return { asked, logger };
}

const legacyToken = (aud?: unknown) =>
  unsignedJwt({
    sub: 'agent-1',
    client_id: 'agent-1',
    act: { sub: 'u-1' },
    exp: NOW_SECONDS + 300,
    ...(aud === undefined ? {} : { aud }),
  });

describe('attack: a client-credentials token for another API than API_AUDIENCE', () => {
  it.each([
    ['names API_AUDIENCE', API],
    ['lists it among others', ['https://other.example/', API]],
  ])(
    'hands out a token whose aud %s',
    async (_what, aud) => {
      await expect(answerWith(legacyToken(aud)).asked).resolves.toMatchObject({
        accessToken: legacyToken(aud),
      });
    },
    30_000,
  );

  it('hands out an opaque token, and any aud when API_AUDIENCE is not set (nothing to compare)', async () => {
    await expect(answerWith('opaque-token-0123').asked).resolves.toBeDefined();
    await expect(
      answerWith(legacyToken('https://other.example/'), null).asked,
    ).resolves.toBeDefined();
  }, 30_000);

  it.each([
    ['another API', 'https://other.example/'],
    ['no aud', undefined],
    ['a list without it', ['https://other.example/']],
    ['API_AUDIENCE with another trailing slash', `${API}/`],
  ])(
    'refuses a token whose aud is %s, never handed out, logged as token_subject_mismatch',
    async (_what, aud) => {
      const { asked, logger } = answerWith(legacyToken(aud));
      const refused = await asked.catch((error: unknown) => error);
      expect(TokenRequestError.isInstance(refused)).toBe(true);
      expect(refused).toMatchObject({ status: 200, mismatch: undefined });
      expect((refused as Error).message).toMatch(/for another API \(aud .*API_AUDIENCE/);
      expect(logger.records).toContainEqual(
        expect.objectContaining({
          event: 'token_subject_mismatch',
          fields: expect.objectContaining({ mismatch: 'claims' }),
        }),
      );
    },
    30_000,
  );
});
