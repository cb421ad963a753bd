import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { failure, tokenEndpointHarness } from '../../test/token-endpoint-harness.js';
import { TokenRequestError } from '../errors/token-request-error.js';
import { safeRemoteText } from './scrub-credentials.js';

const { run } = tokenEndpointHarness();
const PERSON = /alice|smith|corp\.example/i;

/** The refused call's error: every text a caller or a log may read of it, and the kit's log. */
async function refusedWith(errorDescription: string): Promise<string[]> {
  const { call, logged } = await run([
    { status: 400, body: { error: 'invalid_grant', error_description: errorDescription } },
  ]);
  const e = await failure(call);
  expect(e).toBeInstanceOf(TokenRequestError);
  const error = e as TokenRequestError;
  return [
    error.message,
    error.errorDescription ?? '',
    String(error),
    JSON.stringify(error),
    inspect(error, { depth: 5 }),
    JSON.stringify(logged),
  ];
}

describe('an email an IdP echoes in another spelling never reaches errorDescription or a log', () => {
  it.each([
    // A form field echoed as it was sent (application/x-www-form-urlencoded), or encoded twice.
    'unknown login_hint alice.smith%40corp.example',
    'unknown login_hint alice.smith%2540corp.example',
    // An HTML error page's entity, and the full-width at sign.
    'user alice.smith&#64;corp.example is disabled',
    'user alice.smith&#x40;corp.example is disabled',
    'user alice.smith\uFF20corp.example is disabled',
    // Control characters around the at sign (stripped to spaces after the email rule ran).
    'user alice.smith\u0000@corp.example is disabled',
    'user alice.smith@\ncorp.example is disabled',
    // RFC 5322 §3.2.3 atext and §3.2.4 quoted-string local parts.
    'user alice!smith@corp.example is disabled',
    'user "alice smith"@corp.example is disabled',
  ])('%j', async (description) => {
    for (const text of await refusedWith(description)) expect(text).not.toMatch(PERSON);
  });

  it('an email cut where a long echoed token makes the text too long to read whole', async () => {
    const token = `eyJ${'x'.repeat(2000)}`;
    // Cut at 1 600 characters (8 × 200) just before the at sign: "alice.smith" was kept.
    const lead = `bad subject_token ${token}`.slice(0, 1600 - ' for alice.smith'.length);
    const description = `${lead} for alice.smith@corp.example`;
    expect(safeRemoteText(description, [token])).not.toMatch(PERSON);
    const glued = `token=${token};user=alice.smith@corp.example`.slice(0, 1600 + 6);
    expect(
      safeRemoteText(`${glued.slice(0, 1600 - 16)};user=alice.smith@corp`, [token]),
    ).not.toMatch(PERSON);
    for (const cut of [1590, 1595, 1599]) {
      const text = `${'a '.repeat(cut / 2)}alice.smith@corp.example`.slice(cut % 2);
      expect(safeRemoteText(text, [])).not.toMatch(PERSON);
    }
  });

  it('other text and ordinary at signs are kept', () => {
    expect(safeRemoteText('grant expired at 10:00 @ the IdP (100% sure)', [])).toBe(
      'grant expired at 10:00 @ the IdP (100% sure)',
    );
    expect(safeRemoteText('user ***REDACTED*** disabled', [])).toBe('user ***REDACTED*** disabled');
  });
});
