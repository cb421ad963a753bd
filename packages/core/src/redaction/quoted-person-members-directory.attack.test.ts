import { describe, expect, it } from 'vitest';
import { REDACTED, redactQuotedCredentials } from './redact.js';

// Leak (session 33, wave33/reviewb): a person's member was read only under OpenID Connect's claim
// names, so the user objects of a directory (Microsoft Graph's `displayName`, `givenName`,
// `surname`, `mail`, `userPrincipalName`, `mobilePhone`; SCIM's and many APIs' `firstName`,
// `lastName`, `emailAddress`) that an IdP or an API quoted kept the name, login and email.
describe('attack: a person named in a directory member', () => {
  it.each([
    [
      'Graph user',
      '{"displayName":"Jane Doe","givenName":"Jane","surname":"Doe","id":"u-1"}',
      `{"displayName":"${REDACTED}","givenName":"${REDACTED}","surname":"${REDACTED}","id":"u-1"}`,
    ],
    [
      'Graph mail and UPN',
      '{"mail":"jane@corp.example","userPrincipalName":"jane@corp.example"}',
      `{"mail":"${REDACTED}","userPrincipalName":"${REDACTED}"}`,
    ],
    ['Graph phone', '{"mobilePhone":"+1 555 0100"}', `{"mobilePhone":"${REDACTED}"}`],
    [
      'first and last',
      "{'firstName': 'Jane', 'last_name': 'Doe'}",
      `{'firstName': '${REDACTED}', 'last_name': '${REDACTED}'}`,
    ],
    [
      'full name',
      '{"fullName":"Jane Doe","display_name":"Jane"}',
      `{"fullName":"${REDACTED}","display_name":"${REDACTED}"}`,
    ],
    [
      'email address',
      '{"emailAddress":"jane@corp.example","e-mail":"jane@corp.example"}',
      `{"emailAddress":"${REDACTED}","e-mail":"${REDACTED}"}`,
    ],
  ])('%s', (_case, text, shown) => {
    expect(redactQuotedCredentials(text)).toBe(shown);
  });

  it('keeps an application name and a non-string value', () => {
    const text = '{"client_name":"Finance bot","appDisplayName":"Finance bot","displayName":null}';
    expect(redactQuotedCredentials(text)).toBe(text);
  });
});
