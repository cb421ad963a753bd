import { describe, expect, it } from 'vitest';
import {
  failure,
  messages,
  SECRET,
  tokenEndpointHarness,
} from '../../test/token-endpoint-harness.js';
import type { FormFields } from './encode-form.js';

const { run, server } = tokenEndpointHarness();

const UNQUOTED =
  "token_type is not a registered token type (not quoted: it may name a person); only Bearer is supported (RFC 6749 §7.1): check the client's token settings on the IdP";

// An HS256 client assertion as the kit signs them: its payload names the human.
const ASSERTION =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJhZ2VudC0xIiwiYWN0Ijp7InN1YiI6InUtMSIsImVtYWlsIjoiYWxpY2VAZXhhbXBsZS5jb20ifX0.c2lnbmF0dXJlLW9mLXRoZS1hc3NlcnRpb24';
const assertionForm = (): FormFields => [
  ['grant_type', 'client_credentials'],
  ['client_assertion', ASSERTION],
];

describe('token answers: an answer carrying error is an error, whatever its status (#10.1)', () => {
  it.each([
    { error: 'invalid_client', error_description: 'Invalid client credentials' },
    {
      access_token: 'AT',
      error: 'invalid_client',
      error_description: 'Invalid client credentials',
    },
  ])('200 %j → TokenRequestError with the IdP error, not retried', async (body) => {
    const { call, forms } = await run([{ body }]);
    const e = await failure(call, [SECRET, 'AT"']);
    expect(e).toMatchObject({
      status: 200,
      error: 'invalid_client',
      errorDescription: 'Invalid client credentials',
      retryable: false,
      attempts: 1,
    });
    expect(e.message).toBe('Token request failed (HTTP 200): Authentication failed');
    expect(forms).toEqual([1]);
  });

  it('treats error: null or "" in a 200 as no error', async () => {
    const { call } = await run([{ body: { access_token: 'AT', error: null } }]);
    expect(await call).toEqual({ access_token: 'AT', error: null });
  });
});

describe('token answers: token_type (#10.2)', () => {
  it('refuses token_type DPoP without the dpop option, naming the option (RFC 9449 §5)', async () => {
    const { call } = await run([{ body: { access_token: 'AT', token_type: 'dpop' } }]);
    expect((await failure(call)).message).toBe(
      'Token request failed (HTTP 200): Invalid response from Keycloak: token_type DPoP needs the adapter option dpop (RFC 9449 §5), or DPoP off for this client at the IdP',
    );
  });

  it.each(['N_A', 'mac'])(
    'refuses token_type %j with a TokenRequestError that names it',
    async (type) => {
      const { call, forms } = await run([{ body: { access_token: 'AT', token_type: type } }]);
      const e = await failure(call);
      expect(e.message).toBe(
        `Token request failed (HTTP 200): Invalid response from Keycloak: token_type ${JSON.stringify(type)} is not supported, only Bearer (RFC 6749 §7.1)`,
      );
      expect(e).toMatchObject({ status: 200, retryable: false, attempts: 1 });
      expect(forms).toEqual([1]);
    },
  );

  // Any other text may be a person the IdP echoed: the field is named, the value never quoted.
  it.each(['Bearer x y', ' Bearer', ' DPoP', 'x'])(
    'refuses token_type %j without quoting it, saying what to do',
    async (type) => {
      const { call } = await run([{ body: { access_token: 'AT', token_type: type } }]);
      expect((await failure(call)).message).toBe(
        `Token request failed (HTTP 200): Invalid response from Keycloak: ${UNQUOTED}`,
      );
    },
  );

  it('names a token_type that is not a string by its JSON type', async () => {
    const { call } = await run([{ body: { access_token: 'AT', token_type: 7 } }]);
    expect((await failure(call)).message).toContain('token_type number is not supported');
  });

  it('scrubs the client secret from a token_type that echoes it, in the error and the log', async () => {
    const { call, logged } = await run([
      { body: { access_token: 'AT', token_type: `x${SECRET}` } },
    ]);
    const e = await failure(call);
    expect(e.message).toBe(
      `Token request failed (HTTP 200): Invalid response from Keycloak: ${UNQUOTED}`,
    );
    expect(JSON.stringify(logged)).not.toContain(SECRET.slice(0, 8));
    expect(logged).toContainEqual({
      level: 'error',
      event: 'keycloak_response_error',
      fields: {
        status_code: 200,
        error_type: UNQUOTED,
      },
    });
  });

  it('scrubs the subject token from an issued_token_type that echoes it (RFC 8693)', async () => {
    const subject = 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJhbGljZSJ9.human-token';
    const { call, logged } = await run(
      [{ body: { access_token: 'AT', issued_token_type: subject } }],
      {
        issuedTokenType: 'urn:ietf:params:oauth:token-type:access_token',
        buildForm: () => [
          ['grant_type', 'urn:ietf:params:oauth:grant-type:token-exchange'],
          ['subject_token', subject],
          ['client_secret', SECRET],
        ],
      },
    );
    const e = await failure(call, [SECRET, subject.slice(0, 8), subject.slice(-8)]);
    expect(e.message).toBe(
      'Token request failed (HTTP 200): Invalid response from Keycloak: issued_token_type is not a token type URI (not quoted: it may name a person), not the requested urn:ietf:params:oauth:token-type:access_token (RFC 8693 §2.2.1)',
    );
    expect(JSON.stringify(logged)).not.toContain(subject.slice(0, 8));
  });

  it.each(['Bearer', 'bearer', 'BEARER', ''])('accepts token_type %j', async (type) => {
    const { call } = await run([{ body: { access_token: 'AT', token_type: type } }]);
    expect(await call).toMatchObject({ access_token: 'AT' });
  });
});

describe('token answers: access_token characters (#10.3)', () => {
  it.each(['AT with space', 'AT\r\nX-Injected: 1', 'AT\n', 'AT\u00e9', 'AT\u0000'])(
    'refuses %j before anything can cache it, without retrying',
    async (token) => {
      const { call, forms } = await run([{ body: { access_token: token } }]);
      const e = await failure(call);
      expect(e.message).toBe(
        'Token request failed (HTTP 200): Invalid response from Keycloak: access_token is not visible ASCII (RFC 6749 Appendix A)',
      );
      expect(forms).toEqual([1]);
    },
  );

  it('accepts every visible ASCII character', async () => {
    const token = Array.from({ length: 94 }, (_, i) => String.fromCharCode(0x21 + i)).join('');
    const { call } = await run([{ body: { access_token: token } }]);
    expect(await call).toEqual({ access_token: token });
  });
});

describe('token answers: credentials echoed by the IdP are scrubbed (#10.5)', () => {
  it('scrubs the client secret, any 8+ character piece of the assertion, and tokens', async () => {
    const pieces = [
      SECRET,
      ASSERTION.slice(0, 30),
      ASSERTION.slice(40, 48),
      ASSERTION.split('.')[1] ?? '',
      'eyJ-token-in-body',
    ];
    const description = `bad: ${pieces.join(' | ')} end`;
    const { call } = await run(
      [
        {
          status: 401,
          body: {
            error: 'invalid_client',
            error_description: description,
            errorCode: `E0 ${SECRET}`,
            access_token: 'eyJ-token-in-body',
          },
        },
      ],
      { buildForm: () => [...assertionForm(), ['client_secret', SECRET]] },
    );
    const e = await failure(call, [SECRET, ...pieces]);
    expect(e.errorDescription).toBe(
      'bad: ***REDACTED*** | ***REDACTED*** | ***REDACTED*** | ***REDACTED*** | ***REDACTED*** end',
    );
    expect(e.vendorCodes).toEqual(['E0 ***REDACTED***']);
  });

  it('scrubs what the form sent as a credential and the credentials passed apart', async () => {
    const shortPiece = ASSERTION.slice(100, 109);
    const { call } = await run(
      [
        {
          status: 400,
          body: {
            error: 'invalid_request',
            error_description: `assertion ${ASSERTION} key other-secret-1234 piece ${shortPiece}`,
          },
        },
      ],
      { buildForm: assertionForm, credentials: ['other-secret-1234'] },
    );
    const e = await failure(call, [ASSERTION, 'other-secret-1234', shortPiece]);
    expect(e.errorDescription).toBe(
      'assertion ***REDACTED*** key ***REDACTED*** piece ***REDACTED***',
    );
  });

  it('keeps text that shares fewer than 8 characters with a credential', async () => {
    const { call } = await run([
      { status: 400, body: { error: 'invalid_request', error_description: 'the-cli x -secre' } },
    ]);
    expect((await failure(call)).errorDescription).toBe('the-cli x -secre');
  });

  it('bounds the description at 200 characters after scrubbing', async () => {
    const { call } = await run([
      {
        status: 400,
        body: { error: 'invalid_request', error_description: `${SECRET}${' x'.repeat(2500)}` },
      },
    ]);
    const e = await failure(call);
    expect(e.errorDescription?.startsWith('***REDACTED*** x x')).toBe(true);
    expect(e.errorDescription).toHaveLength(201);
  });

  it('leaves out a description that is one word past what is read (its start may be a secret)', async () => {
    const { call } = await run([
      {
        status: 400,
        body: { error: 'invalid_request', error_description: `${SECRET}${'x'.repeat(5000)}` },
      },
    ]);
    expect((await failure(call)).errorDescription).toBeUndefined();
  });
});

describe('token answers: the message follows the OAuth error code (#10.6)', () => {
  it('uses the message of the status the code belongs to: 400 invalid_client is an authentication failure', async () => {
    const { call } = await run([{ status: 400, body: { error: 'invalid_client' } }]);
    expect((await failure(call)).message).toBe(
      'Token request failed (HTTP 400): Authentication failed',
    );
  });

  it("uses the vendor's byError text first", async () => {
    const { call } = await run([{ status: 400, body: { error: 'invalid_client' } }], {
      messages: { ...messages, byError: { invalid_client: 'Check the client secret in Keycloak' } },
    });
    expect((await failure(call)).message).toBe(
      'Token request failed (HTTP 400): Check the client secret in Keycloak',
    );
  });

  it("uses core's advice for a standard code no status message fits", async () => {
    const { call } = await run([{ status: 400, body: { error: 'invalid_scope' } }]);
    expect((await failure(call)).message).toBe(
      'Token request failed (HTTP 400): The requested scope is unknown or not granted to the client (invalid_scope) - check the scopes the agent asks for',
    );
  });

  it("keeps the status's message for a code core does not know, and without a code", async () => {
    const custom = await run([{ status: 400, body: { error: 'vendor_specific' } }]);
    expect((await failure(custom.call)).message).toBe(
      'Token request failed (HTTP 400): Bad request',
    );
    const none = await run([{ status: 403, body: {} }]);
    expect((await failure(none.call)).message).toBe(
      'Token request failed (HTTP 403): Access forbidden',
    );
  });
});

describe('token answers: the number of attempts (#10.7)', () => {
  it('counts every attempt of a request that kept failing', async () => {
    const { call } = await run([{ status: 503 }], { retry: { limit: 2 } });
    expect((await failure(call)).attempts).toBe(3);
    expect(server()?.requests).toHaveLength(3);
  });

  it('counts network failures and an invalid 200 too', async () => {
    const dropped = await run([{ reset: true }], { retry: { limit: 1 } });
    expect((await failure(dropped.call)).attempts).toBe(2);
    const invalid = await run([{ status: 502 }, { body: 'not json' }]);
    expect((await failure(invalid.call)).attempts).toBe(2);
  });

  it('shows the attempts in JSON', async () => {
    const { call } = await run([{ status: 401, body: { error: 'invalid_client' } }]);
    expect(JSON.parse(JSON.stringify(await failure(call)))).toMatchObject({ attempts: 1 });
  });
});
