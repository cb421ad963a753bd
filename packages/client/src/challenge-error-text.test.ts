import { describe, expect, it } from 'vitest';
import { token } from '../test/demo-api.js';
import { useDemoApis } from '../test/use-demo-apis.js';
import { ApiCall } from './api-call.js';
import { challengeErrorText, challengeRefusal } from './challenge-error-text.js';

const refusal = (challenge: string) =>
  new Response(null, { status: 401, headers: { 'www-authenticate': challenge } });

const TOKEN = 'okta-opaque-access-token-0123456789';
const LEFT_OUT =
  ' (Bearer error invalid_token; its description left out: it quotes a credential sent)';
/** The text for an answer to a call that sent a Bearer token. */
const bearerText = (response: Response, credentials: readonly string[]) =>
  challengeErrorText(response, credentials, 'Bearer');
/** The text as a reader sees it: invisible characters, spaces and punctuation gone. */
const visible = (text: string) => text.replace(/[\u00ad\s:()]/g, '');

describe('challengeErrorText (RFC 6750 §3)', () => {
  it("quotes the Bearer challenge's error and error_description, wherever it stands", () => {
    expect(
      bearerText(
        refusal(
          'Basic realm="x", Bearer realm="api", error="invalid_token", error_description="expired"',
        ),
        [],
      ),
    ).toBe(' (Bearer error invalid_token: expired)');
    expect(bearerText(refusal('Bearer error=insufficient_scope'), [])).toBe(
      ' (Bearer error insufficient_scope)',
    );
  });

  it('says nothing without a Bearer error, or for a field that does not follow the grammar', () => {
    expect(bearerText(new Response(null, { status: 401 }), [])).toBe('');
    expect(bearerText(refusal('Bearer realm="api"'), [])).toBe('');
    expect(bearerText(refusal('Basic realm="api", error="invalid_token"'), [])).toBe('');
    expect(bearerText(refusal('Bearer error="invalid_token", error="again"'), [])).toBe('');
  });

  it.each([
    'invalid_request',
    'invalid_token',
    'insufficient_scope',
    'invalid_dpop_proof',
    'use_dpop_nonce',
  ])('writes the registered code %s', (code) => {
    expect(bearerText(refusal(`Bearer error="${code}"`), [])).toBe(` (Bearer error ${code})`);
  });

  it.each([
    ['a code of its own', 'account_locked'],
    ['a code in another case', 'INVALID_TOKEN'],
    ['free text', 'the token okta-opaque was refused'],
    ['a credential', TOKEN],
  ])('writes any other error, such as %s, as "other"', (_, error) => {
    expect(
      bearerText(refusal(`Bearer error="${error}", error_description="see docs"`), [TOKEN]),
    ).toBe(' (Bearer error other: see docs)');
  });

  it('keeps printable ASCII of the description only and cuts it to 200 characters', () => {
    const long = 'x'.repeat(500);
    expect(
      bearerText(refusal(`Bearer error="invalid_token", error_description="${long}"`), []),
    ).toBe(` (Bearer error invalid_token: ${'x'.repeat(199)}…)`);
    expect(
      bearerText(
        refusal(
          'Bearer error="invalid_token", error_description="bad\ttoken\x9b31m caf\u00e9\u00ad d\u00e9j\u00e0 vu"',
        ),
        [],
      ),
    ).toBe(' (Bearer error invalid_token: badtoken31m caf dj vu)');
    expect(
      bearerText(refusal('Bearer error="invalid_token", error_description="\u00ad\u00e9"'), []),
    ).toBe(' (Bearer error invalid_token)');
  });

  it('leaves out a description that quotes a credential sent, whole or 12 characters of it', () => {
    const described = (description: string, credentials: readonly string[] = [TOKEN]) =>
      bearerText(
        refusal(`Bearer error="invalid_token", error_description="${description}"`),
        credentials,
      );
    expect(described(`bad token ${TOKEN}`)).toBe(LEFT_OUT);
    expect(described(`ends in ${TOKEN.slice(-12)}`)).toBe(LEFT_OUT);
    expect(described('short tok-SECRET here', ['tok-SECRET', ''])).toBe(LEFT_OUT);
    expect(described('a second credential', ['other.token.value', 'a second credential'])).toBe(
      LEFT_OUT,
    );
    // 11 characters are not a run; words the token happens to share are kept.
    expect(described(`ends in ${TOKEN.slice(-11)}`)).toBe(
      ` (Bearer error invalid_token: ends in ${TOKEN.slice(-11)})`,
    );
  });

  // Attack review breaker14 B6: only a whole, verbatim quote was redacted.
  describe('a credential sent, quoted back in disguise', () => {
    const described = (description: string) =>
      bearerText(refusal(`Bearer error="invalid_token", error_description="${description}"`), [
        TOKEN,
      ]);

    it('does not quote it with soft hyphens between its characters', () => {
      const text = described(Array.from(TOKEN).join('\u00ad'));
      expect(visible(text)).not.toContain(TOKEN);
      expect(text).toBe(LEFT_OUT);
    });

    it('does not quote it split across error and error_description', () => {
      const half = TOKEN.length / 2;
      const text = bearerText(
        refusal(`Bearer error="${TOKEN.slice(0, half)}", error_description="${TOKEN.slice(half)}"`),
        [TOKEN],
      );
      expect(visible(text)).not.toContain(TOKEN);
      expect(text).toBe(
        ' (Bearer error other; its description left out: it quotes a credential sent)',
      );
    });

    it.each([
      ['spaced out', Array.from(TOKEN).join(' ')],
      ['upper case, dots between', Array.from(TOKEN.toUpperCase()).join('.')],
      ['hex', `ref ${Array.from(TOKEN, (c) => c.charCodeAt(0).toString(16)).join('')}`],
      [
        'percent-encoded',
        `ref ${encodeURIComponent(TOKEN).replace(/./g, (c) => `%${c.charCodeAt(0).toString(16)}`)}`,
      ],
      ['base64', `ref ${btoa(TOKEN)}`],
      [
        'base64url inside a longer encoded text',
        `ref ${btoa(`id=${TOKEN}`).replace(/\+/g, '-').replace(/\//g, '_')}`,
      ],
      ['base64 at another alignment', `ref ${btoa(`k:${TOKEN}`)}`],
    ])('leaves out the description when it carries the token %s', (_, description) => {
      expect(described(description)).toBe(LEFT_OUT);
    });
  });
});

describe('challengeErrorText: a DPoP challenge (RFC 9449 §7.1, §8, §9)', () => {
  it("quotes the DPoP challenge's error and error_description, wherever it stands", () => {
    expect(
      challengeErrorText(
        refusal(
          'Bearer realm="api", DPoP algs="ES256 PS256", error="invalid_dpop_proof", error_description="htu does not match"',
        ),
        [],
        'DPoP',
      ),
    ).toBe(' (DPoP error invalid_dpop_proof: htu does not match)');
    expect(challengeErrorText(refusal('DPoP error="use_dpop_nonce"'), [], 'DPoP')).toBe(
      ' (DPoP error use_dpop_nonce)',
    );
  });

  it('writes any other code as "other", keeps printable ASCII and cuts at 200 characters', () => {
    expect(
      challengeErrorText(
        refusal(`DPoP error="${TOKEN}", error_description="caf\u00e9 ${'x'.repeat(300)}"`),
        [TOKEN],
        'DPoP',
      ),
    ).toBe(` (DPoP error other: caf ${'x'.repeat(195)}…)`);
  });

  it('leaves out a description that quotes a credential sent', () => {
    expect(
      challengeErrorText(
        refusal(`DPoP error="invalid_token", error_description="key of ${btoa(TOKEN)}"`),
        [TOKEN],
        'DPoP',
      ),
    ).toBe(' (DPoP error invalid_token; its description left out: it quotes a credential sent)');
  });

  it('reads the challenge of the scheme the token was sent with when both carry an error', () => {
    const both = refusal(
      'Bearer error="invalid_token", error_description="bearer refused", DPoP error="use_dpop_nonce"',
    );
    expect(challengeErrorText(both, [], 'DPoP')).toBe(' (DPoP error use_dpop_nonce)');
    expect(challengeErrorText(both, [], 'Bearer')).toBe(
      ' (Bearer error invalid_token: bearer refused)',
    );
    expect(challengeErrorText(both, [], 'MAC')).toBe(
      ' (Bearer error invalid_token: bearer refused)',
    );
  });

  it('says nothing for a DPoP challenge without an error, or for another scheme', () => {
    expect(challengeErrorText(refusal('DPoP algs="ES256"'), [], 'DPoP')).toBe('');
    for (const scheme of ['Basic', 'constructor', '__proto__', 'toString']) {
      expect(challengeErrorText(refusal(`${scheme} error="invalid_token"`), [], scheme)).toBe('');
    }
  });
});

describe('ApiCallError message: the credentials a call sent', () => {
  const api = useDemoApis();

  it("leaves out a description that quotes the caller's DPoP proof", async () => {
    const proof = 'eyJ0eXAiOiJkcG9wK2p3dCJ9.eyJodG0iOiJHRVQifQ.c2lnbmF0dXJl';
    const server = await api(() => ({
      status: 401,
      headers: {
        'www-authenticate': `Bearer error="invalid_dpop_proof", error_description="proof ${proof} refused"`,
      },
    }));
    const error = await new ApiCall({ fetch: server.fetch, retry: { limit: 0 } })
      .callApi({
        apiUrl: `${server.url}/api`,
        tokenResponse: token({ accessToken: 'dpop.bound.access.token', tokenType: 'DPoP' }),
        headers: { dpop: proof },
      })
      .catch((e: unknown) => e);
    expect(server.requests[0]?.headers.dpop).toBe(proof);
    expect((error as Error).message).toBe(
      `API call failed: GET ${server.url}/api answered HTTP 401 after 1 attempt(s) (Bearer error invalid_dpop_proof; its description left out: it quotes a credential sent)`,
    );
  });

  it("quotes a DPoP challenge, without the caller's DPoP proof", async () => {
    const proof = 'eyJ0eXAiOiJkcG9wK2p3dCJ9.eyJodG0iOiJQT1NUIn0.c2lnbmF0dXJl';
    const server = await api((_, index) => ({
      status: 401,
      headers: {
        'www-authenticate':
          index === 0
            ? 'DPoP algs="ES256", error="use_dpop_nonce", error_description="Resource server requires nonce in DPoP proof"'
            : `DPoP error="invalid_dpop_proof", error_description="proof ${proof} refused"`,
        'dpop-nonce': 'eyJ7S_zG.eyJH0-Z.HX4w-7v',
      },
    }));
    const call = new ApiCall({ fetch: server.fetch, retry: { limit: 0 } });
    const message = async () => {
      const error = await call
        .callApi({
          apiUrl: `${server.url}/api`,
          tokenResponse: token({ accessToken: 'dpop.bound.access.token', tokenType: 'DPoP' }),
          headers: { dpop: proof },
        })
        .catch((e: unknown) => e);
      return (error as Error).message;
    };
    expect(await message()).toBe(
      `API call failed: GET ${server.url}/api answered HTTP 401 after 1 attempt(s) (DPoP error use_dpop_nonce: Resource server requires nonce in DPoP proof)`,
    );
    expect(await message()).toBe(
      `API call failed: GET ${server.url}/api answered HTTP 401 after 1 attempt(s) (DPoP error invalid_dpop_proof; its description left out: it quotes a credential sent)`,
    );
  });
});

describe('challengeRefusal', () => {
  const refused = (field: string) =>
    new Response(null, { status: 403, headers: { 'www-authenticate': field } });

  it('gives the sanitized code and description as fields, for an error that carries them', () => {
    expect(
      challengeRefusal(
        refused('Bearer error="insufficient_scope", error_description="needs\u00e9 finance.write"'),
        [],
        'Bearer',
      ),
    ).toEqual({
      scheme: 'Bearer',
      error: 'insufficient_scope',
      description: 'needs finance.write',
    });
    expect(challengeRefusal(refused('Bearer error="made_up"'), [], 'Bearer')).toEqual({
      scheme: 'Bearer',
      error: 'other',
    });
  });

  it('leaves out a description naming a person by email or quoting a credential sent', () => {
    const sent = 'eyJhbGciOiJSUzI1NiJ9.secret-part';
    expect(
      challengeRefusal(
        refused('Bearer error="invalid_token", error_description="jane@example.com"'),
        [],
        'Bearer',
      ),
    ).toEqual({ scheme: 'Bearer', error: 'invalid_token', leftOut: 'email' });
    expect(
      challengeRefusal(
        refused(`Bearer error="invalid_token", error_description="bad ${sent}"`),
        [sent],
        'Bearer',
      ),
    ).toEqual({ scheme: 'Bearer', error: 'invalid_token', leftOut: 'credential' });
    expect(challengeRefusal(new Response(null, { status: 403 }), [], 'Bearer')).toBeUndefined();
  });
});

describe('challengeErrorText: a scope name that is a word of the human name', () => {
  /** An unsigned compact JWT of `payload` (read, not verified, as the client reads its own). */
  const jwtOf = (payload: object) =>
    `eyJhbGciOiJub25lIn0.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.c2ln`;

  // core's peopleBesideScopes rule (wave 29): `Admin` of `Mark Admin`, a scope the token grants,
  // names a scope, and blanking it hid which scope the API wants.
  it('keeps a granted scope name that is one word of a name in the token, and blanks the name', () => {
    const accessToken = jwtOf({ sub: 'u-1', name: 'Mark Admin', scope: 'Admin finance.read' });
    const text = bearerText(
      refusal(
        'Bearer error="insufficient_scope", error_description="scope Admin is needed; Mark Admin asked, Mark too"',
      ),
      [accessToken],
    );
    expect(text).toContain('scope Admin is needed');
    expect(text).not.toMatch(/Mark/);
  });

  it('still blanks that word when the token does not grant it as a scope', () => {
    const accessToken = jwtOf({ sub: 'u-1', name: 'Mark Admin', scope: 'finance.read' });
    const text = bearerText(
      refusal('Bearer error="insufficient_scope", error_description="scope Admin is needed"'),
      [accessToken],
    );
    expect(text).not.toMatch(/Admin/);
  });
});
