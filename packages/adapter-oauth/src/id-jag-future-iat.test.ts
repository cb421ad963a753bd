import { TokenRequestError } from '@dual-auth/core';
import { createRecordingLogger } from '@dual-auth/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ALICE,
  type IdJagServers,
  idJagAdapter,
  idJagRequest,
  RESOURCE_ISSUER,
  startIdJagServers,
} from '../test/support/id-jag-servers.js';
import { NOW_SECONDS } from '../test/support/token-exchange-adapter.js';

// Session 39 (tidya): an ID-JAG issued more than 300 s ahead of the agent's clock (the most any
// guard tolerates, as the adapter kit refuses an access token's iat: tokenTimeProblem) went on to
// step two; only one past its exp was refused at step one.
const FUTURE =
  "the ID-JAG is issued in the future (iat over 300 s ahead of this host's clock): check this host's clock and the enterprise IdP's (NTP)";

let servers: IdJagServers;
/** The `iat` of the ID-JAG the enterprise IdP answers with. */
let jagIat: number;

beforeAll(async () => {
  servers = await startIdJagServers(() => ({ aud: RESOURCE_ISSUER, iat: jagIat }));
});
afterAll(() => servers.server.close());
beforeEach(() => {
  servers.paths.length = 0;
});

const requestWith = (logger = createRecordingLogger()) =>
  idJagAdapter(servers.server, logger).requestToken(idJagRequest());

describe('id-jag: an ID-JAG issued in the future', () => {
  it('over 300 s ahead of the agent’s clock: refused at step one, logged as the others, never sent on', async () => {
    jagIat = NOW_SECONDS + 301;
    const logger = createRecordingLogger();
    const refused = await requestWith(logger).catch((error: unknown) => error);
    expect(TokenRequestError.isInstance(refused)).toBe(true);
    expect(refused).toMatchObject({ status: 200 });
    expect((refused as Error).message).toContain(
      `Invalid response from id-jag step 1 at OAUTH_IDP_TOKEN_URL: ${FUTURE}`,
    );
    expect(servers.paths).toEqual(['/idp/token']);
    expect(logger.records).toContainEqual({
      level: 'error',
      event: 'oauth_response_error',
      fields: { status_code: 200, error_type: FUTURE },
    });
    expect(JSON.stringify(logger.records)).not.toContain(ALICE);
  }, 30_000);

  it.each([300, 0, -3600])(
    'iat %i s from the agent’s clock: sent on to step two',
    async (ahead) => {
      jagIat = NOW_SECONDS + ahead;
      await expect(requestWith()).resolves.toMatchObject({ tokenType: 'Bearer' });
      expect(servers.paths).toEqual(['/idp/token', '/oauth2/token']);
    },
    30_000,
  );
});
