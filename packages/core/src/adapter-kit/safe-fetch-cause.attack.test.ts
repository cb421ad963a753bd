import { describe, expect, it } from 'vitest';
import { safeFetchCause } from './safe-fetch-cause.js';

// Attack (session 21, brk21): a quoted URL ended at any blank, U+00A0, U+3000 and U+2028 too, so
// what a raw URL held past one was kept after its origin and route (Node's "Failed to parse URL
// from" quotes the input as given); a scheme-relative URL was not read as one, and an email in the
// message was kept.
describe('attack: what a quoted URL holds past a blank', () => {
  it('is cut with the rest of the message after a URL with userinfo, a query or no reading', () => {
    for (const [message, expected] of [
      [
        'Failed to parse URL from https://user:pa ss@idp.example/token',
        'Failed to parse URL from ***REDACTED***',
      ],
      ['bad https://idp.example/t?code=SEK\u2028RET', 'bad https://idp.example/t'],
      ['bad https://idp.example/t?code=SEK\u00A0RET', 'bad https://idp.example/t'],
      ['bad https://idp.example/t?code=SEK\u3000RET', 'bad https://idp.example/t'],
      ['bad https://idp.example/t?client_secret=abc def&x=1', 'bad https://idp.example/t'],
      ['proxy //bob:hunter2@proxy:3128/x?k=1 refused', 'proxy ***REDACTED***'],
    ] as const) {
      expect(safeFetchCause(new TypeError(message)).message, message).toBe(expected);
    }
  });

  it('keeps what follows a bracketed URL, and the words around a URL without secrets', () => {
    expect(
      safeFetchCause(
        new Error('error sending request for url (https://idp.example/t?s=abc def): refused'),
      ).message,
    ).toBe('error sending request for url (https://idp.example/t): refused');
    expect(safeFetchCause(new Error('GET https://idp.example/t failed, see a//b')).message).toBe(
      'GET https://idp.example/t failed, see a//b',
    );
  });

  it('blanks an email in the message', () => {
    expect(safeFetchCause(new Error('no route for user alice@corp.example')).message).toBe(
      'no route for user ***REDACTED***',
    );
  });
});
