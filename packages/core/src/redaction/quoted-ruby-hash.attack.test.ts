import { describe, expect, it } from 'vitest';
import { REDACTED, redactQuotedCredentials } from './redact.js';

// Leak (session 33, wave33/reviewb): a Ruby hash as `inspect` writes it before Ruby 3.4
// (`{"password"=>"hunter2"}`, a Rails log's parameters, `:password => "…"`) joins a name and its
// value with `=>`: the `=` was read as the separator and the `>` blanked as the value, so the
// password, the person's email and name were kept.
describe('attack: a secret or a person in a Ruby hash', () => {
  it.each([
    ['quoted password', '{"password"=>"hunter2"}', `{"password"=>"${REDACTED}"}`],
    ['symbol with blanks', '{:password => "hunter 2"}', `{:password => "${REDACTED}"}`],
    ['short token', '{"access_token"=>"aB3x9"}', `{"access_token"=>"${REDACTED}"}`],
    [
      'person',
      '{"email"=>"jane@corp.example", "name"=>"Jane Doe"}',
      `{"email"=>"${REDACTED}", "name"=>"${REDACTED}"}`,
    ],
  ])('%s', (_case, text, shown) => {
    expect(redactQuotedCredentials(text)).toBe(shown);
  });

  it('keeps prose and a grant type', () => {
    const text = '{"grant_type"=>"password", "token_type"=>"Bearer", "token"=>"expired"}';
    expect(redactQuotedCredentials(text)).toBe(text);
  });
});
