import { describe, expect, it } from 'vitest';
import { bearerErrorText } from './bearer-error-text.js';

const refusal = (challenge: string) =>
  new Response(null, { status: 401, headers: { 'www-authenticate': challenge } });

describe('bearerErrorText (RFC 6750 §3)', () => {
  it("quotes the Bearer challenge's error and error_description, wherever it stands", () => {
    expect(
      bearerErrorText(
        refusal(
          'Basic realm="x", Bearer realm="api", error="invalid_token", error_description="expired"',
        ),
        [],
      ),
    ).toBe(' (Bearer error invalid_token: expired)');
    expect(bearerErrorText(refusal('Bearer error=insufficient_scope'), [])).toBe(
      ' (Bearer error insufficient_scope)',
    );
  });

  it('says nothing without a Bearer error, or for a field that does not follow the grammar', () => {
    expect(bearerErrorText(new Response(null, { status: 401 }), [])).toBe('');
    expect(bearerErrorText(refusal('Bearer realm="api"'), [])).toBe('');
    expect(bearerErrorText(refusal('Basic realm="api", error="invalid_token"'), [])).toBe('');
    expect(bearerErrorText(refusal('Bearer error="invalid_token", error="again"'), [])).toBe('');
  });

  it('strips control characters, cuts a long description and never quotes a credential sent', () => {
    const long = 'x'.repeat(500);
    expect(
      bearerErrorText(refusal(`Bearer error="invalid_token", error_description="${long}"`), []),
    ).toBe(` (Bearer error invalid_token: ${'x'.repeat(199)}…)`);
    expect(
      bearerErrorText(
        refusal('Bearer error="invalid_token", error_description="bad\ttoken\x9b31m tok-SECRET"'),
        ['tok-SECRET', ''],
      ),
    ).toBe(' (Bearer error invalid_token: badtoken31m [redacted])');
  });
});
