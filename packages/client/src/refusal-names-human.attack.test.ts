import { createRecordingLogger } from '@dual-auth/testing';
import { describe, expect, it } from 'vitest';
import { fakeTime, token, unsignedJwt } from '../test/demo-api.js';
import { useDemoApis } from '../test/use-demo-apis.js';
import { ApiCall } from './api-call.js';
import { challengeRefusal } from './challenge-error-text.js';

const api = useDemoApis();

// The legacy layout: the agent's own token, the human in `act` as the agent wrote it.
const legacy = unsignedJwt({
  sub: 'finance-agent',
  act: { sub: 'u-7301', email: 'alice@corp.example', name: 'Alice Liddell' },
});
// The RFC 8693 layout: the human's token, exchanged for the agent.
const exchanged = unsignedJwt({
  sub: 'u-7302',
  name: 'José Núñez',
  given_name: 'José',
  family_name: 'Núñez',
  preferred_username: 'jnunez',
  act: { sub: 'finance-agent' },
});
// Entra ID: an opaque-looking access token, the human in the app-signed act assertion.
const assertion = unsignedJwt({
  act: { sub: 'bob.marsh@corp.example', oid: 'o-1', name: 'Bob Marsh' },
});

/** The error and log lines of a GET the API refuses with 403 and `description`. */
async function refusedWith(
  description: string,
  init: { accessToken: string; actAssertion?: string },
  humanId = 'u-1',
) {
  const server = await api(() => ({
    status: 403,
    headers: {
      // Raw bytes as the API sends them: a name's UTF-8 reaches `Headers` as Latin-1.
      'www-authenticate': Buffer.from(
        `Bearer error="insufficient_scope", error_description="${description}"`,
      ).toString('latin1'),
    },
  }));
  const logger = createRecordingLogger();
  const error = await new ApiCall({
    fetch: server.fetch,
    retry: { limit: 0 },
    logger,
    ...fakeTime().options,
  })
    .callApi({
      apiUrl: `${server.url}/accounts`,
      tokenResponse: token(init),
      identity: { agentId: 'finance-agent', humanId },
    })
    .catch((e: unknown) => e as Error);
  return { error: error as Error, logged: JSON.stringify(logger.records), url: server.url };
}

// Attack (wave27): an API names the human in its refusal by name, login or id, which no shape
// tells apart from other words. The token the client sent names them (`act` of a legacy token,
// the human's own claims of an exchanged one, Entra's act assertion), so the client knows whom to
// look for; the description reached ApiCallError's message, which callers log.
describe("attack: an API's refusal that names the human by name", () => {
  it.each([
    ['Alice Liddell may not read this account', legacy, /alice|liddell/i],
    ['denied for LIDDELL, ALICE', legacy, /alice|liddell/i],
    ['denied for alice%20liddell', legacy, /alice|liddell/i],
    ['denied for Alice+Liddell', legacy, /alice|liddell/i],
    ['no role for user alice (u-7301)', legacy, /alice|u-7301/i],
    ['José Núñez is not a FinanceUser', exchanged, /jos|n.*ez/i],
    ['Jos%C3%A9 N%C3%BA%C3%B1ez is not a FinanceUser', exchanged, /jos|ez\b/i],
    ['jnunez lacks the role', exchanged, /jnunez/i],
  ])('keeps %j out of the error and the logs', async (description, accessToken, named) => {
    const { error, logged, url } = await refusedWith(description, { accessToken });
    expect(error.message).toMatch(
      new RegExp(
        `^API call failed: GET ${url}/accounts answered HTTP 403 after 1 attempt\\(s\\) \\(Bearer error insufficient_scope`,
      ),
    );
    expect(error.message).toContain('***REDACTED***');
    expect(error.message).not.toMatch(named);
    expect(JSON.stringify(error)).not.toMatch(named);
    expect(logged).not.toMatch(named);
  });

  it("finds the human in Entra ID's act assertion", async () => {
    const { error } = await refusedWith('Bob Marsh is not allowed', {
      accessToken: 'entra.access.token',
      actAssertion: assertion,
    });
    expect(error.message).toContain(
      '(Bearer error insufficient_scope: ***REDACTED*** is not allowed)',
    );
  });

  it('finds the human by the id the call names, with an opaque token', async () => {
    const { error } = await refusedWith(
      'subject u-48213 has no access',
      {
        accessToken: 'opaque-token-value',
      },
      'u-48213',
    );
    expect(error.message).toContain(
      '(Bearer error insufficient_scope: subject ***REDACTED*** has no access)',
    );
  });

  it('keeps the words of a refusal that names no one', async () => {
    const { error } = await refusedWith('the scope finance.write is required', {
      accessToken: legacy,
    });
    expect(error.message).toContain(
      '(Bearer error insufficient_scope: the scope finance.write is required)',
    );
  });

  it('gives the fields of challengeRefusal the same way', () => {
    const response = new Response(null, {
      status: 403,
      headers: {
        'www-authenticate': 'Bearer error="insufficient_scope", error_description="Alice Liddell"',
      },
    });
    expect(challengeRefusal(response, [legacy], 'Bearer')).toEqual({
      scheme: 'Bearer',
      error: 'insufficient_scope',
      description: '***REDACTED***',
    });
  });
});
