import { errorLogTexts } from '@dual-auth/testing';
import { describe, expect, it } from 'vitest';
import { DualSubjectVerificationError } from './dual-subject-verification-error.js';
import { createTokenIntrospection } from './token-introspection.js';

// Attack (wave32): the API's fetch (an instrumented wrapper, as ky's errors do) fails keeping the
// request it sent: the token being introspected in its body, the API's client secret in its
// Basic header, and a Deno-like message quoting the endpoint with its query. The failure became
// the `introspection_unavailable` refusal's `cause` as thrown, so a logger that follows causes
// wrote the token and the secret.
const SECRET = 'api-client-secret-0123456789abcdef';
const TOKEN = 'opaque-token-of-jane-0123456789abcdef';
const ENDPOINT = 'https://idp.example.test/introspect?tenant=jane.doe';

describe('attack: an introspection fetch failure that keeps the request', () => {
  it('the introspection_unavailable refusal shows neither the token nor the secret', async () => {
    const introspection = createTokenIntrospection({
      endpoint: ENDPOINT,
      clientId: 'finance-api',
      clientSecret: SECRET,
      fetch: async (input, init) => {
        throw Object.assign(new TypeError(`error sending request for url (${String(input)})`), {
          request: new Request(input, init),
          options: init,
        });
      },
    });
    const error = await introspection.introspect(TOKEN).catch((e: unknown) => e);
    expect(DualSubjectVerificationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ reason: 'introspection_unavailable' });
    const basic = btoa(`finance-api:${SECRET}`);
    for (const [how, text] of Object.entries(errorLogTexts(error))) {
      for (const leak of [TOKEN, SECRET, basic, 'jane.doe'])
        expect(text, `${how} ${leak}`).not.toContain(leak);
    }
    expect(errorLogTexts(error).causes).toContain(
      'error sending request for url (https://idp.example.test/introspect)',
    );
  }, 30_000);
});
