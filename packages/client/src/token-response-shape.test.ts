import { describe, expect, it } from 'vitest';
import { InSessionApiCall } from './in-session-api-call.js';

const call = (tokenResponse: unknown) =>
  new InSessionApiCall().callApi({
    method: 'GET',
    apiUrl: 'https://api.example.com/balance',
    tokenResponse: tokenResponse as never,
  });

// wave32/newuser: `tokenResponse: token.accessToken` (the token's string) and the IdP's own JSON
// (`{ access_token, token_type, expires_in }`) were answered "tokenResponse must be a
// DualSubjectToken" and "tokenResponse.accessToken must be a non-empty string of printable ASCII",
// which say neither what was given nor where a DualSubjectToken comes from.
describe('callApi given a token in another shape', () => {
  it('refuses the access token string, saying to pass the object requestToken resolved to', async () => {
    await expect(call('eyJhbGciOiJSUzI1NiJ9.e30.c2ln')).rejects.toThrow(
      new TypeError(
        'tokenResponse must be a DualSubjectToken (what requestToken resolves to), got a string: pass the token, not its accessToken',
      ),
    );
  });

  it("refuses the IdP's JSON, naming its snake_case field", async () => {
    await expect(
      call({
        access_token: 'eyJhbGciOiJSUzI1NiJ9.e30.c2ln',
        token_type: 'Bearer',
        expires_in: 300,
      }),
    ).rejects.toThrow(
      new TypeError(
        "tokenResponse.accessToken must be a non-empty string of printable ASCII (got the IdP's JSON: pass what requestToken resolves to)",
      ),
    );
  });

  it('never quotes the token', async () => {
    const error = await call('eyJhbGciOiJSUzI1NiJ9.e30.c2ln').then(
      () => new Error('expected a refusal'),
      (e: unknown) => e as Error,
    );
    expect(error.message).not.toContain('eyJ');
  });
});
