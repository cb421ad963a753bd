import { describe, expect, it } from 'vitest';
import { REDACTED, redactQuotedCredentials } from './redact.js';

const blanks = (text: string, shown: string) => expect(redactQuotedCredentials(text)).toBe(shown);

// Leaks (session 33, wave33/redact4's review): each value below was kept whole, or all but its
// first word, by redactQuotedCredentials.
describe('attack: short secrets under more secret names', () => {
  it.each([
    ['authToken', '{"authToken":"ab12"}', `{"authToken":"${REDACTED}"}`],
    ['session_token', 'session_token=s9x&a=b', `session_token=${REDACTED}&a=b`],
    ['X-Auth-Token', 'X-Auth-Token: t0k3n', `X-Auth-Token: ${REDACTED}`],
    ['bearer-token', "{'bearer-token': 'b7'}", `{'bearer-token': '${REDACTED}'}`],
    ['pass=', 'user=1&pass=hunter2', `user=${REDACTED}&pass=${REDACTED}`],
    ['passphrase', '{"passphrase":"open sesame"}', `{"passphrase":"${REDACTED}"}`],
    ['otp', 'otp=123456', `otp=${REDACTED}`],
    ['pin', '{"pin":"1234"}', `{"pin":"${REDACTED}"}`],
    ['mfa_code', 'mfa_code=654321', `mfa_code=${REDACTED}`],
    ['mfaCode', '{"mfaCode":"654321"}', `{"mfaCode":"${REDACTED}"}`],
    ['a word that reads as prose', 'pin: unlock', `pin: ${REDACTED}`],
  ])('%s', (_case, text, shown) => blanks(text, shown));

  it.each(['bypass=true', 'spin=3', 'compass=north', '{"pinned":true}', 'authToken=expired'])(
    'keeps %s',
    (text) => blanks(text, text),
  );
});

describe('attack: secrets as XML elements and command-line options', () => {
  it.each([
    ['XML', '<password>hunter2</password>', `<password>${REDACTED}</password>`],
    [
      'XML with a namespace',
      '<ns:client_secret>s3 x</ns:client_secret><a>b</a>',
      `<ns:client_secret>${REDACTED}</ns:client_secret><a>b</a>`,
    ],
    ['XML pin', '<pin>1234</pin>', `<pin>${REDACTED}</pin>`],
    ['--password value', 'cli --password hunter2 --v', `cli --password ${REDACTED} --v`],
    ['--password=value', 'cli --password=hunter2', `cli --password=${REDACTED}`],
    ['--db-password "…"', "cli --db-password 'a b'", `cli --db-password '${REDACTED}'`],
  ])('%s', (_case, text, shown) => blanks(text, shown));

  it.each([
    'cli --password --verbose',
    '<password/>',
    '<password></password>',
    'if password > 5',
    // `-p` is a port to ssh, scp and docker, a profile or a path elsewhere; mysql's password is
    // written `-phunter2`, no blank: a rule for it would blank ports and keep mysql's.
    'ssh -p 2222 host',
  ])('keeps %s', (text) => blanks(text, text));
});

describe('attack: quotes and blanks the separator rules did not read', () => {
  it.each([
    ['backticks', 'password: `hunter two`, ok', `password: \`${REDACTED}\`, ok`],
    ['backticked name', '`password`: `hunter two`', `\`password\`: \`${REDACTED}\``],
    ['smart quotes', '“password”: “hunter two”', `“password”: “${REDACTED}”`],
    ['smart single quotes', '‘secret’: ‘s3 x’', `‘secret’: ‘${REDACTED}’`],
    ['a no-break space', 'password\u00a0: hunter2', `password\u00a0: ${REDACTED}`],
    [
      'a narrow no-break space',
      'mot de passe pwd\u202f: hunter2',
      `mot de passe pwd\u202f: ${REDACTED}`,
    ],
  ])('%s', (_case, text, shown) => blanks(text, shown));
});

describe('attack: a login under a form name', () => {
  it.each([
    ['user=', 'user=alice&pass=x', `user=${REDACTED}&pass=${REDACTED}`],
    ['login=', 'login=alice.smith&next=/', `login=${REDACTED}&next=/`],
    ['URL-encoded', 'q=login%3Dalice%26a%3Db', `q=login%3D${REDACTED}%26a%3Db`],
  ])('%s', (_case, text, shown) => blanks(text, shown));

  it.each(['user_id=42', 'login_hint_required', 'end_user=x'])('keeps %s', (text) =>
    blanks(text, text),
  );
});

describe('attack: Set-Cookie written as a tuple, an object or after a line break', () => {
  it.each([
    [
      'a Python tuple',
      '[("set-cookie", "sid=abc123; Path=/"), ("x", "y")]',
      `[("set-cookie", "${REDACTED}"), ("x", "y")]`,
    ],
    [
      'an object',
      '{"Set-Cookie": {"sid": "abc123", "csrf": "q"}, "x": 1}',
      `{"Set-Cookie": ${REDACTED}, "x": 1}`,
    ],
    [
      'a line break before the array',
      '{"set-cookie":\n["sid=abc123"]}',
      `{"set-cookie":${REDACTED}}`,
    ],
  ])('%s', (_case, text, shown) => blanks(text, shown));
});

describe('attack: a short Basic credential without padding', () => {
  it.each([
    ['u:p', 'Authorization: Basic dTpw', `Authorization: ${REDACTED}`],
    ['alice:pw', 'Basic YWxpY2U6cHc, retry', `${REDACTED}, retry`],
  ])('%s', (_case, text, shown) => blanks(text, shown));

  it.each(['Basic auth failed', 'Basic realm="api"', 'Bearer realm', 'use Basic or Bearer'])(
    'keeps %s',
    (text) => blanks(text, text),
  );
});

// False blank: the 16-character `token=` rule read no prose, so an error code was blanked whole.
describe('a token= value that reads as prose stays', () => {
  it.each(['token=AccessDeniedException', 'access_token=InvalidClientTokenId&x=1'])(
    'keeps %s',
    (text) => blanks(text, text),
  );

  it('still blanks a long key and a long password', () => {
    blanks('token=Zx9Q1abcdEFGH2345ijkl', REDACTED);
    blanks('password=AccessDeniedException', REDACTED);
  });
});
