import { afterEach, describe, expect, it } from 'vitest';
import { startTokenServer, type TokenServer } from '../../test/token-server.js';
import { postRevocation } from './post-revocation.js';

let server: TokenServer | undefined;
afterEach(() => server?.close());

async function revokeAgainst(status: number, body: object) {
  server = await startTokenServer([{ status, body }]);
  const outcome = await postRevocation({
    endpoint: server.url,
    form: [['token', 'AT']],
    timeoutMs: 60_000,
    vendor: 'okta',
    expiresAtMs: 0,
  });
  return { outcome, url: server.url };
}

describe('postRevocation: a refusal', () => {
  // The 400's body is read for its error code; cancelling it afterwards threw a TypeError (the
  // stream was still locked to its reader), so the outcome said "failed: TypeError".
  it('a 400 other than unsupported_token_type says the status, not a TypeError', async () => {
    const { outcome, url } = await revokeAgainst(400, { error: 'invalid_client' });
    expect(outcome).toEqual({
      status: 'failed',
      endpoint: url,
      message: 'the revocation endpoint answered HTTP 400',
    });
  });

  it('a 400 unsupported_token_type is not-supported, with the expiry', async () => {
    const { outcome } = await revokeAgainst(400, { error: 'unsupported_token_type' });
    expect(outcome).toMatchObject({ status: 'not-supported', expiresAtMs: 0 });
  });

  it('a 503 says the status', async () => {
    const { outcome, url } = await revokeAgainst(503, {});
    expect(outcome).toEqual({
      status: 'failed',
      endpoint: url,
      message: 'the revocation endpoint answered HTTP 503',
    });
  });
});
