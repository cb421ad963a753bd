import { expect, it } from 'vitest';
import { sha256Sync } from './sha256-sync.js';

it.each([
  '',
  'abc',
  'alice@contoso.example',
  // 55, 56 and 64 bytes: the padding's edge cases, one block or two.
  'a'.repeat(55),
  'a'.repeat(56),
  'a'.repeat(64),
  'ünïcödé@例え.jp'.repeat(9),
])('gives Web Crypto’s SHA-256 of %j', async (text) => {
  const data = new TextEncoder().encode(text);
  const expected = new Uint8Array(await crypto.subtle.digest('SHA-256', data));
  expect(sha256Sync(data)).toEqual(expected);
});
