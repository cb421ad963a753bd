import { describe, expect, it } from 'vitest';
import { REDACTED, redactQuotedCredentials, trimRemoteText } from './redact.js';

// Leak (session 33, wave33/redact2's review): only a form's `username=` was blanked, so a JSON or
// Python member naming the person (`{"username":"jane.doe@example.com"}`, `"name":"Jane Doe"`, the
// OpenID Connect claims of a userinfo or ID token body a server quoted) kept the login, email or
// name.
describe('attack: a person named in a quoted member', () => {
  it.each([
    [
      'username',
      '{"username":"jane.doe@example.com","grant_type":"password"}',
      `{"username":"${REDACTED}","grant_type":"password"}`,
    ],
    ['user', '{"user": "jdoe"}', `{"user": "${REDACTED}"}`],
    ['login', '{"login":"jdoe"}', `{"login":"${REDACTED}"}`],
    ['email', '{"Email":"jane@example.com"}', `{"Email":"${REDACTED}"}`],
    ['preferred_username', '{"preferred_username":"jane"}', `{"preferred_username":"${REDACTED}"}`],
    ['upn', "{'upn': 'jane@corp.example'}", `{'upn': '${REDACTED}'}`],
    ['name', '{"name":"Jane Doe","sub":"u-1"}', `{"name":"${REDACTED}","sub":"u-1"}`],
    ['given_name', '{"given_name":"Jane"}', `{"given_name":"${REDACTED}"}`],
    ['family_name', '{"family_name":"O\\"Doe"}', `{"family_name":"${REDACTED}"}`],
    [
      'escaped JSON',
      '{"detail":"{\\"name\\":\\"Jane Doe\\"}"}',
      `{"detail":"{\\"name\\":\\"${REDACTED}\\"}"}`,
    ],
  ])('%s', (_case, text, shown) => {
    expect(redactQuotedCredentials(text)).toBe(shown);
  });

  it('blanks it in trimRemoteText too', () => {
    expect(trimRemoteText('invalid_grant: {"name":"Jane Doe"}')).toBe(
      `invalid_grant: {"name":"${REDACTED}"}`,
    );
  });

  it('keeps members that name no one and words outside quotes', () => {
    for (const kept of [
      '{"user":{"id":"u-1"}}',
      '{"email":null,"email_verified":false}',
      '{"client_name":"Finance Agent","username_claim":"sub"}',
      'the name is missing',
      '{"name":""}',
    ]) {
      expect(redactQuotedCredentials(kept)).toBe(kept);
    }
  });
});
