import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { failure, tokenEndpointHarness } from '../../test/token-endpoint-harness.js';
import { recordingLogger } from '../../test/token-server.js';
import { createTokenRequestLog } from './token-request-log.js';

const { run } = tokenEndpointHarness();

// What a hostile or careless IdP may echo back in any field: who the token was asked for.
const EMAIL = 'jane.victim@corp.example';
const NAME = 'JaneVictim';
const PERSON = /victim/i;
const request = { agentId: 'agent-1', act: { sub: EMAIL }, scope: ['finance.read'] };
const EXCHANGE = 'urn:ietf:params:oauth:token-type:access_token';
const ID_TOKEN = 'urn:ietf:params:oauth:token-type:id_token';

/** The call's error, and every record logged for it (the kit's and an adapter's). */
async function refused(body: Record<string, unknown>, issuedTokenType?: string) {
  const { call, logged } = await run(
    [{ body }],
    issuedTokenType === undefined ? {} : { issuedTokenType },
  );
  const e = await failure(call);
  const { logger, events } = recordingLogger();
  createTokenRequestLog(logger, 'keycloak').failure(request, e);
  return { e, logged: [...logged, ...events] };
}

/** The error in every form a caller or a log may turn it into holds no trace of the person. */
function expectNoPerson(e: Error, logged: readonly unknown[]): void {
  for (const text of [e.message, String(e), JSON.stringify(e), inspect(e, { depth: 5 })]) {
    expect(text).not.toMatch(PERSON);
  }
  expect(JSON.stringify(logged)).not.toMatch(PERSON);
}

describe('a token answer echoing a person never reaches a message or a log', () => {
  it.each([EMAIL, NAME, `${NAME} <${EMAIL}>`])(
    'token_type %j: says the field and what to do, quotes nothing of the person',
    async (value) => {
      const { e, logged } = await refused({ access_token: 'AT', token_type: value });
      expect(e.message).toBe(
        "Token request failed (HTTP 200): Invalid response from Keycloak: token_type is not a registered token type (not quoted: it may name a person); only Bearer is supported (RFC 6749 §7.1): check the client's token settings on the IdP",
      );
      expectNoPerson(e, logged);
    },
  );

  it.each([EMAIL, NAME, `${NAME} <${EMAIL}>`])(
    'issued_token_type %j of an exchange: says what was asked for, quotes nothing of the person',
    async (value) => {
      const { e, logged } = await refused(
        { access_token: 'AT', token_type: 'Bearer', issued_token_type: value },
        EXCHANGE,
      );
      expect(e.message).toContain(
        `issued_token_type is not a token type URI (not quoted: it may name a person), not the requested ${EXCHANGE} (RFC 8693 §2.2.1)`,
      );
      expectNoPerson(e, logged);
    },
  );

  it('token_type of a non-access-token exchange answer: quotes nothing of the person', async () => {
    const { e, logged } = await refused(
      { access_token: 'AT', token_type: EMAIL, issued_token_type: ID_TOKEN },
      ID_TOKEN,
    );
    expect(e.message).toContain('token_type is not a registered token type');
    expect(e.message).toContain('must be N_A (RFC 8693 §2.2.1)');
    expectNoPerson(e, logged);
  });

  it('a registered token_type and a token type URI are still quoted', async () => {
    const mac = await refused({ access_token: 'AT', token_type: 'mac' });
    expect(mac.e.message).toContain('token_type "mac" is not supported, only Bearer');
    const other = await refused(
      { access_token: 'AT', token_type: 'Bearer', issued_token_type: ID_TOKEN },
      EXCHANGE,
    );
    expect(other.e.message).toContain(`issued_token_type "${ID_TOKEN}" is not the requested`);
  });

  it.each([
    { access_token: 'AT', expires_in: EMAIL },
    { access_token: 'AT', scope: `finance.read\n${EMAIL}` },
    { access_token: 'AT', error: EMAIL, error_description: `${NAME} (${EMAIL})` },
    { access_token: 'AT', error: 'invalid_grant', error_description: `user ${EMAIL} disabled` },
    { access_token: `${EMAIL} ${NAME}` },
  ])('an answer %j: refused, nothing of the person in message or logs', async (body) => {
    const { e, logged } = await refused(body);
    expectNoPerson(e, logged);
  });

  it('an error answer (400) with the person in error and error_description', async () => {
    const { call, logged } = await run([
      { status: 400, body: { error: EMAIL, error_description: `${NAME} (${EMAIL})` } },
    ]);
    const e = await failure(call);
    const { logger, events } = recordingLogger();
    createTokenRequestLog(logger, 'keycloak').failure(request, e);
    expectNoPerson(e, [...logged, ...events]);
  });
});
