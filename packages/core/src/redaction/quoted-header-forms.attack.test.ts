import { describe, expect, it } from 'vitest';
import { REDACTED, redactQuotedCredentials } from './redact.js';

const TOKEN = 'Zm9vYmFyLWF0dGFjay10b2tlbi0wMTIz';

// Attack (review of the quoted-header rule): a credential quoted in a form the rule did not read
// came through whole: a header written as a query or form parameter, in a Python dict or in JSON
// escaped inside a JSON string, folded onto its next line (RFC 9112 §5.2 obs-fold), after a
// look-alike colon, or after an authorization scheme other than Bearer, DPoP or Basic
// (`Token`, `ApiKey`, `Negotiate`, `NTLM`: RFC 9110 §11.4 lets any scheme precede a token68);
// a token field of JSON (`"access_token":"…"`) or written as a header (`password: …`); and the
// access key id of a SigV4 `Credential=` (who signed: the rule kept only the signature).
describe('attack: a credential quoted in a form the rule did not read', () => {
  it.each([
    [
      'a query parameter',
      `GET /x?authorization=${TOKEN}&next=1`,
      `GET /x?authorization=${REDACTED}&next=1`,
    ],
    [
      'a query parameter with its scheme',
      `/x?Authorization=Bearer%20${TOKEN}`,
      `/x?Authorization=${REDACTED}`,
    ],
    ['a Python dict', `{'authorization': '${TOKEN}'}`, `{'authorization': '${REDACTED}'}`],
    [
      'JSON inside JSON',
      `{\\"authorization\\":\\"${TOKEN}\\"}`,
      `{\\"authorization\\":\\"${REDACTED}\\"}`,
    ],
    [
      'a folded header',
      `Authorization:\r\n ${TOKEN}\r\nHost: x`,
      `Authorization:\r\n ${REDACTED}\r\nHost: x`,
    ],
    ['a fullwidth colon', `Authorization\uff1a ${TOKEN}`, `Authorization\uff1a ${REDACTED}`],
    ['a modifier letter colon', `authorization\ua789${TOKEN}`, `authorization\ua789${REDACTED}`],
    [
      'a ratio sign',
      `Proxy-Authorization \u2236 ${TOKEN}`,
      `Proxy-Authorization \u2236 ${REDACTED}`,
    ],
    ['the Token scheme', `Authorization: Token ${TOKEN} x`, `Authorization: ${REDACTED}`],
    ['a scheme sent in lower case', `authorization: token ${TOKEN}`, `authorization: ${REDACTED}`],
    ['the ApiKey scheme', `authorization: ApiKey ${TOKEN}`, `authorization: ${REDACTED}`],
    ['the Negotiate scheme', `Authorization: Negotiate ${TOKEN}`, `Authorization: ${REDACTED}`],
    [
      'a scheme folded from its value',
      `Authorization: NTLM\r\n ${TOKEN}`,
      `Authorization: ${REDACTED}`,
    ],
    [
      'two headers on a line',
      `Authorization: Token ${TOKEN}, Proxy-Authorization: ${TOKEN}`,
      `Authorization: ${REDACTED}, Proxy-Authorization: ${REDACTED}`,
    ],
    [
      'a JSON token field',
      `{"access_token":"${TOKEN}","token_type":"Bearer"}`,
      `{"access_token":"${REDACTED}","token_type":"Bearer"}`,
    ],
    [
      'a JSON secret after a blank',
      `{"client_secret": "${TOKEN}"}`,
      `{"client_secret": "${REDACTED}"}`,
    ],
    [
      'an escaped JSON token field',
      `{\\"refresh_token\\":\\"${TOKEN}\\"}`,
      `{\\"refresh_token\\":\\"${REDACTED}\\"}`,
    ],
    ['a password as a header', `password: ${TOKEN}`, `password: ${REDACTED}`],
    [
      'a session token header',
      `X-Amz-Security-Token: ${TOKEN}`,
      `X-Amz-Security-Token: ${REDACTED}`,
    ],
    [
      'a SigV4 access key id',
      'Credential=AKIAIOSFODNN7EXAMPLE/20261205/us-east-1/s3/aws4_request, SignedHeaders=host',
      `Credential=${REDACTED}/20261205/us-east-1/s3/aws4_request, SignedHeaders=host`,
    ],
    [
      'a presigned URL access key id',
      '?X-Amz-Credential=ASIAIOSFODNN7EXAMPLE%2F20261205%2Fus-east-1',
      `?X-Amz-Credential=${REDACTED}%2F20261205%2Fus-east-1`,
    ],
  ])('%s', (_case, text, shown) => {
    expect(redactQuotedCredentials(text)).toBe(shown);
  });

  it('keeps prose in those forms', () => {
    for (const prose of [
      'authorization=insufficient_scope',
      "{'authorization': 'denied'}",
      'Authorization: Token expired, sign in again',
      'Authorization: denied for client app-1',
      'Authorization: denied request_id=2f1c8e3a6b0d4a579e2b0c1d2e3f4a5b',
      'authorization: required 2f1c8e3a-6b0d-4a57-9e2b-0c1d2e3f4a5b',
      'token: expired',
      'the access_token: is missing',
      '{"token_type":"Bearer","expires_in":3600,"scope":"read:balance write:payments"}',
      'Credential=AKIA/20261205 malformed',
    ]) {
      expect(redactQuotedCredentials(prose)).toBe(prose);
    }
  });
});
