import { describe, expect, it } from 'vitest';
import { REDACTED, redactQuotedCredentials } from './redact.js';

// Leak (session 33, wave33/smalls): a secret's field read backticks and typographic quotes
// (wave33/redact4), but a member naming a person was read with straight quotes only, so a name,
// login or email a server's Markdown or a word processor quoted was kept whole.
describe('attack: a person named in a member with other quotes', () => {
  it.each([
    ['backticks', '`email`: `jane@example.com`', `\`email\`: \`${REDACTED}\``],
    ['typographic double quotes', '“name”: “Jane Doe”, ok', `“name”: “${REDACTED}”, ok`],
    ['typographic single quotes', '‘username’: ‘jdoe’', `‘username’: ‘${REDACTED}’`],
    [
      'a straight name, a typographic value',
      '"displayName": “Jane Doe”',
      `"displayName": “${REDACTED}”`,
    ],
    ['a typographic name, a straight value', '“login”: "jdoe"', `“login”: "${REDACTED}"`],
  ])('%s', (_case, text, shown) => {
    expect(redactQuotedCredentials(text)).toBe(shown);
  });

  it.each([
    '`user`: {"id": "u-1"}',
    '“client_name”: “Finance Agent”',
    '“name”: null',
    "the user's name: `x`",
  ])('keeps %s', (text) => {
    expect(redactQuotedCredentials(text)).toBe(text);
  });
});
