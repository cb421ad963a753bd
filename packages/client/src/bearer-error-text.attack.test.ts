import { describe, expect, it } from 'vitest';
import { bearerErrorText } from './bearer-error-text.js';

// Attack (breaker14): ApiCallError's message now quotes the API's `error` and
// `error_description`, and the token sent is kept out only where it is quoted whole and verbatim
// (after control and bidi characters are stripped). A hostile or compromised API, which has just
// received the token, writes it into the CALLER's logs and error trackers anyway (a wider
// audience, kept longer than the token's owner knows):
// - with an invisible character that is neither a control nor a bidi override: U+00AD SOFT
//   HYPHEN is Latin-1, so a header may carry it, and most log viewers do not show it;
// - split across `error` and `error_description` (each cut to 200 characters, so a short
//   opaque token or act assertion fits whole).
const TOKEN = 'okta-opaque-access-token-0123456789';
const refusal = (challenge: string) =>
  new Response(null, { status: 401, headers: { 'www-authenticate': challenge } });
const visible = (text: string) => text.replace(/[\u00ad\s:()]/g, '');

describe('bearerErrorText: the token sent, quoted back in disguise', () => {
  it('does not quote it with soft hyphens between its characters', () => {
    const disguised = Array.from(TOKEN).join('\u00ad');
    const text = bearerErrorText(
      refusal(`Bearer error="invalid_token", error_description="${disguised}"`),
      [TOKEN],
    );
    expect(visible(text)).not.toContain(TOKEN);
  });

  it('does not quote it split across error and error_description', () => {
    const half = TOKEN.length / 2;
    const text = bearerErrorText(
      refusal(`Bearer error="${TOKEN.slice(0, half)}", error_description="${TOKEN.slice(half)}"`),
      [TOKEN],
    );
    expect(visible(text)).not.toContain(TOKEN);
  });
});
